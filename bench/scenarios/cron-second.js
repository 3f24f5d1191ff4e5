'use strict';
// An offloaded job on the 6-field cron '* * * * * *' for a few seconds. Lateness of a run is
// the time of the job's first statement minus the whole wall-clock second it ran for: the one
// before it, or the one after it when it started less than EARLY_LIMIT_MS early.
const path = require('node:path');
const {wallMs, sleep, jobScript, readJobLines, collectJobErrors} = require('./support');
const {mean} = require('../lib/stats');

const WATCH_MS = 7000;
// A start this close before a whole second counts as early for that second, not late for the one
// before: clocks of separate processes and timers may differ by a few ms.
const EARLY_LIMIT_MS = 50;
const STAMP_JOB = jobScript('stamp.js');

/** Returns how late `ms` is for the whole second it belongs to (negative when slightly early). */
function latenessMs(ms) {
    const sinceSecond = ms - Math.floor(ms / 1000) * 1000;
    return sinceSecond > 1000 - EARLY_LIMIT_MS ? sinceSecond - 1000 : sinceSecond;
}

async function run(ctx) {
    const out = path.join(ctx.scratch, 'cron-second.txt');
    const jobErrors = collectJobErrors();
    const manager = new ctx.JobManager({errorHandler: jobErrors.errorHandler});

    // When the manager reports a run started, in this process: the scheduler's own lateness,
    // without the job runtime's start-up.
    const createdAt = [];
    manager.bree.on('worker created', () => createdAt.push(wallMs()));

    ctx.step = 'adding the every-second job';
    const addedAt = wallMs();
    await manager.addJob({name: 'every-second', at: '* * * * * *', job: STAMP_JOB, data: {out, tag: 'every-second'}});
    ctx.step = 'watching the every-second job';
    await sleep(addedAt + WATCH_MS - wallMs());
    const watchEnd = wallMs();
    ctx.step = 'removeJob(every-second)';
    await manager.removeJob('every-second');
    jobErrors.throwIfAny();

    const starts = readJobLines(out).map(([, ms]) => Number(ms)).filter(ms => ms <= watchEnd).sort((a, b) => a - b);
    if (starts.length === 0) {
        throw new Error(`the every-second job never started in ${WATCH_MS} ms`);
    }
    const lateness = starts.map(latenessMs);
    const absolute = lateness.map(Math.abs);
    const createdLateness = createdAt.filter(ms => ms <= watchEnd).map(latenessMs);
    return {
        mean_abs_late_ms: mean(absolute),
        max_abs_late_ms: Math.max(...absolute),
        mean_signed_late_ms: mean(lateness),
        runs: starts.length,
        whole_seconds_watched: Math.floor(watchEnd / 1000) - Math.ceil(addedAt / 1000) + 1,
        first_start_after_add_ms: starts[0] - addedAt,
        created_mean_abs_late_ms: createdLateness.length > 0 ? mean(createdLateness.map(Math.abs)) : NaN
    };
}

module.exports = {name: 'cron-second', description: `cron '* * * * * *' watched for ${WATCH_MS / 1000} s`, run};

'use strict';
// Latency of immediate offloaded jobs run one at a time: addJob to the job script's first
// statement (start) and to the settling of awaitCompletion(name) (done). The first job of the
// fresh process is the cold figure. Warm figures come after a few more warm-up jobs, with each
// job added as soon as the previous one completed. A last, paced series pauses between jobs, so
// a manager that prepares runtimes ahead has time to do so.
const path = require('node:path');
const {wallMs, sleep, jobScript, readJobLines, collectJobErrors} = require('./support');
const {percentile} = require('../lib/stats');

const WARMUP_JOBS = 3;
const MEASURED_JOBS = 30;
const PACED_JOBS = 10;
const PACE_PAUSE_MS = 300;
const STAMP_JOB = jobScript('stamp.js');

async function run(ctx) {
    const out = path.join(ctx.scratch, 'offloaded-latency.txt');
    const jobErrors = collectJobErrors();
    const manager = new ctx.JobManager({errorHandler: jobErrors.errorHandler});
    const runs = [];
    const backToBack = 1 + WARMUP_JOBS + MEASURED_JOBS;
    for (let i = 0; i < backToBack + PACED_JOBS; i++) {
        if (i >= backToBack) {
            await sleep(PACE_PAUSE_MS);
        }
        const name = `offloaded-${i}`;
        ctx.step = `offloaded job ${name}`;
        const completion = manager.awaitCompletion(name);
        const addedAt = wallMs();
        await Promise.all([manager.addJob({name, job: STAMP_JOB, data: {out, tag: name}}), completion]);
        runs.push({name, addedAt, doneAt: wallMs()});
    }
    jobErrors.throwIfAny();

    const startedAt = new Map(readJobLines(out).map(([tag, ms]) => [tag, Number(ms)]));
    const unstamped = runs.filter(r => !startedAt.has(r.name));
    if (unstamped.length > 0) {
        throw new Error(`${unstamped.length} job(s) completed without writing their start stamp, first: ${unstamped[0].name}`);
    }
    const warm = runs.slice(1 + WARMUP_JOBS, backToBack);
    const paced = runs.slice(backToBack);
    const toStart = warm.map(r => startedAt.get(r.name) - r.addedAt);
    const toDone = warm.map(r => r.doneAt - r.addedAt);
    const cold = runs[0];
    return {
        warm_start_p50_ms: percentile(toStart, 50),
        warm_start_p99_ms: percentile(toStart, 99),
        warm_done_p50_ms: percentile(toDone, 50),
        warm_done_p99_ms: percentile(toDone, 99),
        paced_start_p50_ms: percentile(paced.map(r => startedAt.get(r.name) - r.addedAt), 50),
        cold_start_ms: startedAt.get(cold.name) - cold.addedAt,
        cold_done_ms: cold.doneAt - cold.addedAt
    };
}

module.exports = {
    name: 'offloaded-latency',
    description: `sequential immediate offloaded jobs: 1 cold, ${WARMUP_JOBS} warm-up, ${MEASURED_JOBS} back to back, ${PACED_JOBS} paced`,
    run
};

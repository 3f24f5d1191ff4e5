'use strict';
// shutdown() while 5 offloaded jobs run that exit as soon as they receive 'cancel'.
const path = require('node:path');
const {wallMs, jobScript, readJobLines, waitUntil, collectJobErrors} = require('./support');

const JOB_COUNT = 5;
const READY_TIMEOUT_MS = 15000;
const UNTIL_CANCEL_JOB = jobScript('until-cancel.js');

async function run(ctx) {
    const out = path.join(ctx.scratch, 'shutdown.txt');
    const jobErrors = collectJobErrors();
    const manager = new ctx.JobManager({errorHandler: jobErrors.errorHandler});
    const countLines = word => readJobLines(out).filter(([, what]) => what === word).length;

    for (let i = 0; i < JOB_COUNT; i++) {
        ctx.step = `adding job cancellable-${i}`;
        await manager.addJob({name: `cancellable-${i}`, job: UNTIL_CANCEL_JOB, data: {out, tag: `cancellable-${i}`}});
    }
    ctx.step = `waiting for ${JOB_COUNT} jobs to listen for 'cancel'`;
    try {
        await waitUntil(() => countLines('ready') === JOB_COUNT, {timeoutMs: READY_TIMEOUT_MS, what: `${JOB_COUNT} jobs to be ready`});
    } catch {
        throw new Error(`only ${countLines('ready')} of ${JOB_COUNT} jobs were running ${READY_TIMEOUT_MS / 1000} s after they were added`);
    }

    ctx.step = 'shutdown()';
    const start = wallMs();
    await manager.shutdown();
    const shutdownMs = wallMs() - start;
    jobErrors.throwIfAny();
    return {
        shutdown_ms: shutdownMs,
        saw_cancel: `${countLines('cancelled')}/${JOB_COUNT}`
    };
}

module.exports = {name: 'shutdown', description: `shutdown() with ${JOB_COUNT} running jobs that exit on 'cancel'`, run};

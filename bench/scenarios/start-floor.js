'use strict';
// What Node itself costs to start a job's runtime on this machine, without any manager. The
// original runs an offloaded job in a Worker thread and this package in a node process, so the
// scenario starts each kind, one at a time, to run a script that stamps its first statement.
const {spawn} = require('node:child_process');
const {Worker} = require('node:worker_threads');
const path = require('node:path');
const {wallMs, jobScript, readJobLines} = require('./support');
const {median} = require('../lib/stats');
const proc = require('../lib/proc');

const SAMPLES = 10;
const STAMP_JOB = jobScript('stamp.js');

/** CPU time (ms) of this process, all its threads, plus the children it reaped. */
function cpuWithChildrenMs() {
    const stat = proc.readStat('self');
    return proc.ticksToMs(stat.utimeTicks + stat.stimeTicks + stat.cutimeTicks + stat.cstimeTicks);
}

function runInWorker(data) {
    return new Promise((resolve, reject) => {
        const worker = new Worker(STAMP_JOB, {workerData: data});
        worker.once('error', reject);
        worker.once('exit', resolve);
    });
}

function runInProcess(data) {
    return new Promise((resolve, reject) => {
        // The job scripts read worker_threads.workerData, so a preload sets it from the environment.
        const child = spawn(process.execPath, ['--require', jobScript('lib/as-process.js'), STAMP_JOB], {
            stdio: 'ignore',
            env: {...process.env, BENCH_WORKER_DATA: JSON.stringify(data)}
        });
        child.once('error', reject);
        child.once('exit', resolve);
    });
}

/** Starts SAMPLES runtimes one after another; returns start latency and completion figures. */
async function measure(ctx, kind, start) {
    const out = path.join(ctx.scratch, `${kind}.txt`);
    const addedAt = new Map();
    const doneMs = [];
    const cpuBefore = cpuWithChildrenMs();
    for (let i = 0; i < SAMPLES; i++) {
        const tag = `${kind}-${i}`;
        ctx.step = `starting ${tag}`;
        const before = wallMs();
        addedAt.set(tag, before);
        await start({out, tag});
        doneMs.push(wallMs() - before);
    }
    const cpuMs = (cpuWithChildrenMs() - cpuBefore) / SAMPLES;
    const toStart = readJobLines(out).map(([tag, ms]) => Number(ms) - addedAt.get(tag));
    if (toStart.length !== SAMPLES) {
        throw new Error(`${toStart.length} of ${SAMPLES} ${kind} runs wrote their start stamp`);
    }
    return {startMs: median(toStart), exitMs: median(doneMs), cpuMs};
}

async function run(ctx) {
    const worker = await measure(ctx, 'worker', runInWorker);
    const child = await measure(ctx, 'process', runInProcess);
    return {
        worker_start_ms: worker.startMs,
        worker_exit_ms: worker.exitMs,
        worker_cpu_ms: worker.cpuMs,
        process_start_ms: child.startMs,
        process_exit_ms: child.exitMs,
        process_cpu_ms: child.cpuMs
    };
}

module.exports = {
    name: 'start-floor',
    description: `${SAMPLES} Worker threads, then ${SAMPLES} node processes, each running jobs/stamp.js (no manager)`,
    withoutModule: true,
    run
};

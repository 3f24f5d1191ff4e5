'use strict';
// 50 offloaded CPU-bound jobs added at once: wall time until all completed, and the peak summed
// RSS of this process and all its descendants, sampled from /proc every 10 ms by the parent.
const crypto = require('node:crypto');
const path = require('node:path');
const os = require('node:os');
const {wallMs, nowUs, jobScript, readJobLines, collectJobErrors, toMb} = require('./support');

const JOB_COUNT = 50;
const BURN_JOB = jobScript('burn.js');

/** Returns the ms one job's work takes on this thread (the median of three runs). */
function measureOneJobMs(iterations) {
    const times = [];
    for (let i = 0; i < 3; i++) {
        const start = nowUs();
        crypto.pbkdf2Sync('benchmark', 'salt', iterations, 32, 'sha256');
        times.push((nowUs() - start) / 1000);
    }
    return times.sort((a, b) => a - b)[1];
}

async function run(ctx) {
    const iterations = ctx.options.cpuIterations;
    const oneJobMs = measureOneJobMs(iterations);
    const out = path.join(ctx.scratch, 'parallel-cpu.txt');
    const jobErrors = collectJobErrors();
    const manager = new ctx.JobManager({errorHandler: jobErrors.errorHandler});
    const names = Array.from({length: JOB_COUNT}, (_, i) => `cpu-${i}`);
    const rssBeforeBytes = process.memoryUsage().rss;

    await ctx.openWindow('jobs');
    ctx.step = `adding ${JOB_COUNT} CPU jobs`;
    const completions = names.map(name => manager.awaitCompletion(name));
    const start = wallMs();
    const adds = names.map(name => manager.addJob({name, job: BURN_JOB, data: {out, tag: name, iterations}}));
    ctx.step = `awaiting ${JOB_COUNT} CPU jobs`;
    await Promise.all([...adds, ...completions]);
    const end = wallMs();
    const tree = await ctx.closeWindow('jobs');
    jobErrors.throwIfAny();

    const lines = readJobLines(out);
    if (lines.length !== JOB_COUNT) {
        throw new Error(`${lines.length} of ${JOB_COUNT} jobs wrote their stamps`);
    }
    const lastStart = Math.max(...lines.map(([, startedAt]) => Number(startedAt) - start));
    return {
        wall_ms: end - start,
        tree_peak_rss_mb: tree.peakRssMb,
        rss_before_mb: toMb(rssBeforeBytes),
        max_processes: tree.maxProcesses,
        max_threads: tree.maxThreads,
        last_job_start_ms: lastStart,
        one_job_ms: oneJobMs,
        // All the work spread perfectly over every core, with no start-up cost at all.
        ideal_wall_ms: (JOB_COUNT * oneJobMs) / os.availableParallelism(),
        rss_samples: tree.samples
    };
}

module.exports = {name: 'parallel-cpu', description: `${JOB_COUNT} CPU-bound offloaded jobs at once (PBKDF2)`, run};

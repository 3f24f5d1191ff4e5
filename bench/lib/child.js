'use strict';
// Runs one scenario against one module in this fresh process and writes the outcome to
// <scratch>/outcome.json: {type: 'result', figures} or {type: 'failure', error, step}.
// Usage (from run.js only): node child.js <scenario> <module path>, settings in BENCH_CHILD.
const fs = require('node:fs');
const path = require('node:path');
const {readTree} = require('./proc');
const scenarios = require('../scenarios');

const [scenarioName, modulePath] = process.argv.slice(2);
const settings = JSON.parse(process.env.BENCH_CHILD);
// Scenarios stop themselves at this deadline, before the parent's hard time limit.
const DEADLINE_MARGIN_MS = 5000;
const HANG_REPORT_MARGIN_MS = 2000;
// Finer than the inspector's default of 1000 µs, for scenarios that last well under a second.
const PROFILE_SAMPLING_US = 100;

const pendingReplies = new Map();
const keptValues = [];
let finished = false;
let profiler = null;

const ctx = {
    step: 'loading the module',
    scratch: settings.scratch,
    options: settings.options,
    deadline: Date.now() + settings.timeoutMs - DEADLINE_MARGIN_MS,
    JobManager: null,
    requireMs: NaN,
    rssBeforeRequire: NaN,
    /** Keeps a value reachable until the process exits. */
    keepAlive(value) {
        keptValues.push(value);
    },
    /** Asks the parent to start sampling this process tree; resolves once the first sample is taken. */
    openWindow(label) {
        return request({type: 'window-open', label});
    },
    /** Stops the sampling; resolves with {peakRssMb, maxProcesses, maxThreads, samples}. */
    closeWindow(label) {
        return request({type: 'window-close', label});
    }
};

function request(message) {
    return new Promise((resolve) => {
        pendingReplies.set(message.label, resolve);
        process.send(message);
    });
}

process.on('message', (message) => {
    const resolve = pendingReplies.get(message.label);
    if (resolve) {
        pendingReplies.delete(message.label);
        resolve(message.stats);
    }
});

/** Starts the V8 sampling profiler through the inspector, so the profile covers only the scenario. */
function startProfiler() {
    const inspector = require('node:inspector');
    profiler = new inspector.Session();
    profiler.connect();
    profiler.post('Profiler.enable');
    profiler.post('Profiler.setSamplingInterval', {interval: PROFILE_SAMPLING_US});
    profiler.post('Profiler.start');
}

/** Writes the profile, if one runs, then calls `next`. */
function stopProfiler(next) {
    if (profiler === null) {
        next();
        return;
    }
    profiler.post('Profiler.stop', (err, result) => {
        if (!err) {
            fs.writeFileSync(settings.cpuProfilePath, JSON.stringify(result.profile));
        }
        next();
    });
}

function finish(outcome) {
    if (finished) {
        return;
    }
    finished = true;
    // Synchronous writes, then an immediate exit: work the module still has queued (after a run
    // cut short, possibly a lot) cannot delay the report. The exit also ends Worker threads, and
    // the parent kills any process left in the tree.
    stopProfiler(() => {
        const descendants = readTree(process.pid).filter(stat => stat.pid !== process.pid);
        fs.writeFileSync(path.join(settings.scratch, 'outcome.json'), JSON.stringify({...outcome, descendants}));
        process.exit(0);
    });
}

function fail(error) {
    finish({type: 'failure', error: error && error.stack ? error.stack : String(error), step: ctx.step});
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// Reports a hang with the step it hung in, shortly before the parent kills this process.
setTimeout(() => {
    fail(new Error(`timed out after ${Math.round((settings.timeoutMs - HANG_REPORT_MARGIN_MS) / 1000)} s`));
}, settings.timeoutMs - HANG_REPORT_MARGIN_MS);

async function main() {
    const scenario = scenarios.find(s => s.name === scenarioName);
    if (!scenario) {
        throw new Error(`unknown scenario "${scenarioName}"`);
    }
    // The startup profile covers loading the module; every other one starts after it.
    if (settings.cpuProfilePath && scenario.name === 'startup') {
        startProfiler();
    }
    ctx.rssBeforeRequire = process.memoryUsage().rss;
    if (!scenario.withoutModule) {
        const before = process.hrtime.bigint();
        ctx.JobManager = require(modulePath);
        ctx.requireMs = Number(process.hrtime.bigint() - before) / 1e6;
    }
    if (settings.cpuProfilePath && profiler === null) {
        startProfiler();
    }
    ctx.step = 'running';
    const figures = await scenario.run(ctx);
    finish({type: 'result', figures});
}

main().catch(fail);

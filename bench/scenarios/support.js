'use strict';
// Helpers shared by the scenario modules, which run inside the benchmark's child process.
const fs = require('node:fs');
const path = require('node:path');
const {PerformanceObserver} = require('node:perf_hooks');

const JOBS_DIR = path.join(__dirname, '..', 'jobs');

/** Monotonic time in µs, for durations inside this process. */
const nowUs = () => Number(process.hrtime.bigint()) / 1000;
/** Wall-clock time in ms with µs precision, comparable with the stamps written by job scripts. */
const wallMs = () => performance.timeOrigin + performance.now();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const toMb = bytes => bytes / (1024 * 1024);

/** Returns the absolute path of a script in bench/jobs. */
const jobScript = name => path.join(JOBS_DIR, name);

/** Returns the lines of a file written by job scripts, each split on spaces, or [] if the file is missing. */
function readJobLines(file) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch {
        return [];
    }
    return text.split('\n').filter(Boolean).map(line => line.split(' '));
}

/** Polls `condition` every `intervalMs` until it returns true or `timeoutMs` passes. */
async function waitUntil(condition, {timeoutMs, intervalMs = 5, what}) {
    const giveUpAt = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > giveUpAt) {
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await sleep(intervalMs);
    }
}

/**
 * Creates an errorHandler that keeps offloaded job failures, and a check that throws with the
 * first one, so a failing job makes the run fail instead of hanging unnoticed.
 */
function collectJobErrors() {
    const errors = [];
    return {
        errorHandler(error, meta) {
            errors.push(`${meta && meta.name}: ${error && error.message}`);
        },
        throwIfAny() {
            if (errors.length > 0) {
                throw new Error(`${errors.length} offloaded job(s) failed, first: ${errors[0]}`);
            }
        }
    };
}

/**
 * Collects the durations (ms) of garbage collections in `pausesMs` until `stop()` resolves. V8
 * reports a collection in a later event loop turn, so `stop()` first waits a short timer: a
 * setImmediate is not late enough in Node 20.
 */
function watchGarbageCollection() {
    const pausesMs = [];
    const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            pausesMs.push(entry.duration);
        }
    });
    observer.observe({entryTypes: ['gc']});
    return {
        pausesMs,
        async stop() {
            await sleep(20);
            observer.disconnect();
        }
    };
}

/**
 * Resolves with `promise`'s value, or with `onTimeout()` once the scenario's deadline passes.
 * The timer is cleared either way so it does not keep the process alive.
 */
function raceDeadline(promise, deadline, onTimeout) {
    let timer;
    const expired = new Promise((resolve) => {
        timer = setTimeout(() => resolve(onTimeout()), Math.max(0, deadline - Date.now()));
    });
    return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

module.exports = {nowUs, wallMs, sleep, toMb, jobScript, readJobLines, waitUntil, collectJobErrors, raceDeadline, watchGarbageCollection};

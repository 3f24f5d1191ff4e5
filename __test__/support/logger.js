'use strict';

/** Creates a logger that records every call by level, for asserting the manager's log lines. */
function createRecordingLogger() {
    const lines = {info: [], warn: [], error: []};
    const logger = {lines};
    for (const level of Object.keys(lines)) {
        logger[level] = (...args) => {
            lines[level].push(args);
        };
    }
    logger.texts = level => lines[level].map(([first]) => (first instanceof Error ? first.message : String(first)));
    return logger;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Resolves once `condition()` is true; fails the test with `label` after `timeoutMs`. */
async function waitUntil(condition, label, timeoutMs = 5000) {
    const started = Date.now();
    while (!condition()) {
        if (Date.now() - started > timeoutMs) {
            throw new Error(`Timed out after ${timeoutMs} ms waiting for ${label}`);
        }
        await sleep(5);
    }
}

module.exports = {createRecordingLogger, sleep, waitUntil};

'use strict';

const EventEmitter = require('node:events');
const payload = require('./payload');

/**
 * Stands for one run of an offloaded job, with the parts of Node's `Worker` that callers use:
 * `postMessage`, `terminate`, `threadId` (the process id here) and the 'online', 'message',
 * 'error' and 'exit' events. The run itself is a `node` process owned by the native pool.
 */
class WorkerHandle extends EventEmitter {
    constructor({name, runId, engine, resourceLimits}) {
        super();
        this.name = name;
        this.runId = runId;
        this.threadId = -1;
        this.pid = undefined;
        this.resourceLimits = resourceLimits;
        this.engine = engine;
        this.exitCode = undefined;

        // Run state, read by the scheduler facade when the process exits.
        this.done = false;
        this.failed = false;
        this.cancelRequested = false;
        this.cancelled = false;
        this.exited = false;
        this.exitWaiters = [];
    }

    /** Sends `value` to the job's `parentPort`. Throws a DataCloneError for values that cannot cross. */
    postMessage(value) {
        const encoded = payload.encode(value);
        this.engine.post(this.runId, encoded);
    }

    /** Ends the run; resolves with the exit code, as `Worker#terminate` does. */
    terminate() {
        if (this.exited) {
            return Promise.resolve(this.exitCode);
        }
        const exited = this.waitForExit();
        this.engine.terminate(this.runId);
        return exited;
    }

    waitForExit() {
        if (this.exited) {
            return Promise.resolve(this.exitCode);
        }
        return new Promise(resolve => this.exitWaiters.push(resolve));
    }

    markExited(code) {
        this.exited = true;
        this.exitCode = code;
        const waiters = this.exitWaiters;
        this.exitWaiters = [];
        waiters.forEach(resolve => resolve(code));
    }

    /** Metadata in the shape the original passes to loggers and to `errorHandler`. */
    get metadata() {
        return {
            isMainThread: false,
            resourceLimits: this.resourceLimits,
            threadId: this.threadId
        };
    }

    // A Worker can be unref'd; the manager's own keep-alive decides here, so these do nothing.
    ref() {}

    unref() {}
}

module.exports = WorkerHandle;

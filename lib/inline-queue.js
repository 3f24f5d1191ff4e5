'use strict';

const {NativeInlineQueue} = require('./binding');

const DEFAULT_CONCURRENCY = 3;

/**
 * The inline job queue. Order and concurrency live in the native queue; this class keeps the JS
 * task functions by id. A task that gets a slot at push time starts in the same tick, as with
 * fastq. A task that waited starts when the native queue dispatches it.
 *
 * The native calls report every change of the counts (a slot taken at push, tasks dispatched at
 * finish), so `idle`, `length` and `running` read JS copies instead of crossing into native code
 * on every log line and settle check. The interface is the subset of fastq that the original
 * manager and Ghost use: `push`, `idle`, `length`, `running`.
 */
class InlineQueue {
    /**
     * @param {object} options
     * @param {number} [options.concurrency=3]
     * @param {import('./keep-alive')} options.keepAlive
     */
    constructor({concurrency = DEFAULT_CONCURRENCY, keepAlive}) {
        this.tasks = new Map();
        this.nextId = 1;
        this.keepAlive = keepAlive;
        this.waitingCount = 0;
        this.runningCount = 0;
        this.native = new NativeInlineQueue(concurrency, id => this.runTask(id));
        // Replaced by the manager with its logger; a settle callback must never reject unobserved.
        this.onCallbackError = err => console.error(err);
    }

    /**
     * Queues `task` (an async function of no arguments); `callback(error, result)` runs once it
     * settled, after its slot was freed.
     */
    push(task, callback) {
        const id = this.nextId;
        this.nextId += 1;
        this.tasks.set(id, {task, callback});
        this.keepAlive.hold(this);
        if (this.native.push(id)) {
            this.runningCount += 1;
            this.runTask(id);
        } else {
            this.waitingCount += 1;
        }
    }

    #dispatched(count) {
        this.waitingCount -= count;
        this.runningCount += count;
    }

    async runTask(id) {
        const entry = this.tasks.get(id);
        this.tasks.delete(id);

        let error = null;
        let result;
        try {
            result = await entry.task();
        } catch (err) {
            error = err;
        }

        this.runningCount -= 1;
        this.#dispatched(this.native.finish());
        if (this.idle()) {
            this.keepAlive.release(this);
        }
        if (entry.callback) {
            try {
                await entry.callback(error, result);
            } catch (err) {
                this.onCallbackError(err);
            }
        }
    }

    idle() {
        return this.runningCount === 0 && this.waitingCount === 0;
    }

    length() {
        return this.waitingCount;
    }

    running() {
        return this.runningCount;
    }

    get concurrency() {
        return this.native.concurrency;
    }

    set concurrency(value) {
        this.#dispatched(this.native.setConcurrency(value));
    }
}

module.exports = InlineQueue;

'use strict';

const EventEmitter = require('node:events');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const payload = require('./payload');
const WorkerHandle = require('./worker-handle');
const {rebuildError} = require('./remote-error');

// The schedule module loads the native binding; inline-only managers never need it.
const loadSchedule = () => require('./schedule');

const RESERVED_NAMES = ['index', 'index.js', 'index.mjs'];
// Time a killed process gets to report its exit before shutdown stops waiting for it.
const EXIT_REPORT_MARGIN_MS = 1000;
const PAST_DATE_TOLERANCE_MS = 1000;

function signalName(signal) {
    const entry = Object.entries(os.constants.signals).find(([, number]) => number === signal);
    return entry ? entry[0] : `signal ${signal}`;
}

function scheduleKind(definition) {
    if (definition.date instanceof Date) {
        return 'date';
    }
    if (definition.cron || definition.interval !== undefined) {
        return 'recurring';
    }
    return 'now';
}

/**
 * The scheduler facade that the original exposes as `jobManager.bree`, with the same maps,
 * config and methods, over the native engine that owns the timers and worker processes.
 */
class Bree extends EventEmitter {
    #native = null;
    #options;
    #runs = new Map();
    // Definitions by name, beside the `config.jobs` array that callers read, so lookups stay
    // constant-time with thousands of jobs.
    #byName = new Map();

    constructor({logger, worker, pool, shutdownTimeout, keepAlive, errorHandler, workerMessageHandler, onCancelled, onCleanExit}) {
        super();
        this.config = {jobs: [], worker, logger};
        this.workers = new Map();
        this.timeouts = new Map();
        this.intervals = new Map();
        this.#options = {logger, worker, pool, shutdownTimeout, keepAlive, errorHandler, workerMessageHandler, onCancelled, onCleanExit};
    }

    get #logger() {
        return this.#options.logger;
    }

    /** The native engine, created on first use so a manager with only inline jobs starts no processes. */
    get native() {
        if (this.#native === null) {
            const {NativeEngine} = require('./binding');
            const worker = this.#options.worker || {};
            const resourceLimits = worker.resourceLimits || undefined;
            this.#native = new NativeEngine({
                nodePath: process.execPath,
                shimPath: path.join(__dirname, 'worker-shim.js'),
                execArgv: (worker.execArgv || []).map(String),
                env: worker.env && typeof worker.env === 'object' ? Object.entries(worker.env).map(([key, value]) => [key, String(value)]) : undefined,
                maxOldGenerationMb: resourceLimits && resourceLimits.maxOldGenerationSizeMb ? Math.ceil(resourceLimits.maxOldGenerationSizeMb) : undefined,
                resourceLimitsJson: resourceLimits ? JSON.stringify(resourceLimits) : undefined,
                argv: (worker.argv || []).map(String),
                warm: this.#options.pool.size,
                maxRunning: this.#options.pool.maxWorkers
            }, event => this.#handleEvent(event));
        }
        return this.#native;
    }

    /** Registers a job definition, with bree's checks and error messages. */
    async add(definition) {
        // bree numbers jobs within one add() call, and this facade adds one job at a time.
        const index = 0;
        const name = definition && definition.name;
        if (!name) {
            throw new Error(`Job #${index + 1} is missing a name`);
        }
        if (RESERVED_NAMES.includes(name)) {
            throw new Error('You cannot use the reserved job name of "index", "index.js", nor "index.mjs"');
        }
        if (this.#byName.has(name)) {
            throw new Error(`Job #${index + 1} has a duplicate job name of ${name}`);
        }

        const prefix = `Job #${index + 1} named "${name}"`;
        const job = {...definition};
        let source;
        if (typeof job.path === 'function') {
            source = `(${job.path.toString()})()`;
            if (source.includes('[native code]')) {
                throw new Error(`${prefix} can't be a bound or built-in function`);
            }
            job.path = source;
            job.worker = {eval: true, ...job.worker};
        } else if (typeof job.path !== 'string' || job.path.trim() === '') {
            throw new Error(`${prefix} requires root directory option to auto-populate path`);
        } else {
            job.path = path.resolve(job.path);
            // A synchronous stat of one local file costs microseconds; the promise version costs a
            // thread-pool round trip per job, which dominated registering thousands of jobs.
            const stats = fs.statSync(job.path);
            if (!stats.isFile()) {
                throw new Error(`${prefix} path missing: ${job.path}`);
            }
        }

        const kind = scheduleKind(job);
        if (kind === 'now') {
            job.timeout = 0;
            job.timezone = job.timezone || 'local';
        }
        if (kind === 'recurring') {
            const reason = loadSchedule().checkSchedule(job.cron || job.interval, job.timezone);
            if (reason) {
                throw new Error(`${prefix} had an invalid interval: ${reason}`);
            }
        }

        this.native.add({
            name,
            path: source === undefined ? job.path : undefined,
            source,
            workerData: payload.encode(this.#workerData(job)),
            kind,
            at: kind === 'recurring' ? String(job.cron || job.interval) : undefined,
            dateMs: kind === 'date' ? job.date.getTime() : undefined,
            timezone: job.timezone && job.timezone !== 'local' ? job.timezone : undefined,
            timeoutMs: Number.isFinite(job.closeWorkerAfterMs) && job.closeWorkerAfterMs > 0 ? job.closeWorkerAfterMs : undefined
        });
        this.config.jobs.push(job);
        this.#byName.set(name, job);
    }

    #workerData(job) {
        const ctorWorker = this.#options.worker || {};
        const jobWorker = job.worker || {};
        const jobMeta = {...job};
        if (job.worker) {
            const {env, ...workerWithoutEnv} = job.worker;
            jobMeta.worker = workerWithoutEnv;
        }
        return {
            job: jobMeta,
            ...(ctorWorker.workerData || {}),
            ...(jobWorker.workerData || {})
        };
    }

    #definition(name) {
        return this.#byName.get(name);
    }

    /** Arms the job's timer: at once, at its date, or at its schedule's next occurrence. */
    async start(name) {
        const job = this.#definition(name);
        if (!job) {
            throw new Error(`Job ${name} does not exist`);
        }
        if (this.timeouts.has(name) || this.intervals.has(name) || this.workers.has(name)) {
            throw new Error(`Job "${name}" is already started`);
        }

        const kind = scheduleKind(job);
        // A date that passed less than a second ago, such as `new Date()` taken just before
        // addJob, still runs at once. Older dates are skipped as in the original.
        if (kind === 'date' && job.date.getTime() < Date.now() - PAST_DATE_TOLERANCE_MS) {
            this.#logger.warn(`Job "${name}" was skipped because it was in the past.`);
            this.emit('job past', name);
            return;
        }

        const due = this.native.start(name);
        if (due === null) {
            this.#logger.warn(`Job "${name}" was skipped because it has no future run.`);
            this.emit('job past', name);
            return;
        }
        const timers = kind === 'recurring' ? this.intervals : this.timeouts;
        const timerKey = `timer:${name}`;
        const timer = {
            clear: () => {
                this.native.stop(name);
                if (timers.get(name) === timer) {
                    timers.delete(name);
                }
                this.#options.keepAlive.release(timerKey);
            }
        };
        timers.set(name, timer);
        this.#options.keepAlive.hold(timerKey);
    }

    /** Starts a run of the job now; warns and returns when one is going. */
    async run(name) {
        if (!this.#definition(name)) {
            throw new Error(`Job "${name}" does not exist`);
        }
        const runId = this.workers.has(name) ? null : this.native.run(name);
        if (runId === null) {
            const worker = this.workers.get(name);
            this.#logger.warn(new Error(`Job "${name}" is already running`), {worker: worker ? worker.metadata : undefined});
            return;
        }
        // The engine also reports this start through an event. Creating the handle now lets the
        // caller reach `workers.get(name)` as soon as run() resolves, as with bree.
        this.#onStarted({name, runId}, {direct: true});
    }

    /**
     * Stops one job, or all jobs when `name` is left out: clears timers, sends 'cancel' to
     * running workers and kills those still running after the shutdown timeout.
     */
    async stop(name) {
        const names = name === undefined ? this.config.jobs.map(job => job.name) : [name];
        for (const jobName of names) {
            const pending = this.timeouts.get(jobName);
            if (pending) {
                pending.clear();
                // The job was due to run once and now never will. A one-off record must not stay
                // `queued`, because that would count as executed on the next start.
                this.#options.onCancelled(jobName);
            }
            this.intervals.get(jobName)?.clear();
        }
        const handles = [...this.#runs.values()].filter(handle => names.includes(handle.name));
        await this.#cancelRuns(handles);
        if (name === undefined && this.#native !== null) {
            await this.#native.shutdown(0);
        }
    }

    async #cancelRuns(handles) {
        if (handles.length === 0) {
            return;
        }
        for (const handle of handles) {
            handle.cancelRequested = true;
            if (handle.spawned) {
                this.native.cancel(handle.runId);
            } else {
                // A run still waiting for a slot has no process to cancel; it is dropped at once.
                this.native.terminate(handle.runId);
            }
        }
        const allExited = Promise.all(handles.map(handle => handle.waitForExit()));
        const grace = this.#options.shutdownTimeout;
        let graceTimer;
        const graceOver = new Promise(resolve => {
            graceTimer = setTimeout(resolve, grace);
        });
        await Promise.race([allExited, graceOver]);
        clearTimeout(graceTimer);

        const stragglers = handles.filter(handle => !handle.exited);
        if (stragglers.length === 0) {
            return;
        }
        for (const handle of stragglers) {
            this.#logger.warn(`Worker for job "${handle.name}" ignored 'cancel' for ${grace} ms and was terminated`, {worker: handle.metadata});
            handle.ignoredCancelMs = grace;
            this.native.terminate(handle.runId);
        }
        let marginTimer;
        await Promise.race([
            Promise.all(stragglers.map(handle => handle.waitForExit())),
            new Promise(resolve => {
                marginTimer = setTimeout(resolve, EXIT_REPORT_MARGIN_MS);
            })
        ]);
        clearTimeout(marginTimer);
    }

    /** Stops the job like `stop(name)` and frees its name. */
    async remove(name) {
        const job = this.#definition(name);
        if (!job) {
            throw new Error(`Job "${name}" does not exist`);
        }
        await this.stop(name);
        this.native.remove(name);
        this.config.jobs = this.config.jobs.filter(entry => entry.name !== name);
        this.#byName.delete(name);
    }

    /**
     * Frees the name of a job that has nothing armed and nothing running, so a one-off job
     * that failed can be added again. Returns true when it removed the job.
     */
    async releaseFinished(name) {
        // A run that already reported 'done' or its failure may still be exiting.
        const ending = [...this.#runs.values()].filter(handle => handle.name === name && (handle.done || handle.failed));
        await Promise.all(ending.map(handle => handle.waitForExit()));

        const idle = this.#definition(name) && !this.timeouts.has(name) && !this.intervals.has(name) && !this.workers.has(name);
        if (!idle || this.native.isRunning(name)) {
            return false;
        }
        this.native.remove(name);
        this.config.jobs = this.config.jobs.filter(entry => entry.name !== name);
        this.#byName.delete(name);
        return true;
    }

    #handleEvent(event) {
        try {
            this.#dispatchEvent(event);
        } catch (err) {
            this.#logger.error(`Handling the "${event.type}" event of job "${event.name}" failed:`, err);
        }
    }

    #dispatchEvent(event) {
        if (event.type === 'started') {
            this.#onStarted(event);
            return;
        }
        if (event.type === 'overlap') {
            const handle = this.workers.get(event.name);
            this.#logger.warn(new Error(`Job "${event.name}" is already running`), {worker: handle ? handle.metadata : undefined});
            return;
        }
        const handle = this.#runs.get(event.runId);
        if (!handle) {
            return;
        }
        switch (event.type) {
        case 'spawned':
            handle.pid = event.pid;
            handle.threadId = event.pid;
            this.#onSpawned(handle);
            break;
        case 'online':
            this.#logger.info(`Worker for job "${handle.name}" online`, {worker: handle.metadata});
            handle.emit('online');
            break;
        case 'message':
            this.#onMessage(handle, event);
            break;
        case 'error':
            this.#onError(handle, event);
            break;
        case 'exit':
            this.#onExit(handle, event);
            break;
        default:
            break;
        }
    }

    /**
     * Registers a run the engine accepted. A run that waits for a free slot under
     * `pool.maxWorkers` is not a worker yet: it joins `workers`, and its start is recorded,
     * once it has a process. `direct` runs (bree.run) join `workers` at once, so the caller can
     * post to the handle as soon as run() resolves.
     */
    #onStarted({name, runId}, {direct = false} = {}) {
        if (this.#runs.has(runId)) {
            return;
        }
        const timeout = this.timeouts.get(name);
        if (timeout && !direct) {
            this.timeouts.delete(name);
            this.#options.keepAlive.release(`timer:${name}`);
        }
        const worker = this.#options.worker || {};
        const handle = new WorkerHandle({name, runId, engine: this.native, resourceLimits: worker.resourceLimits || {}});
        this.#runs.set(runId, handle);
        this.#options.keepAlive.hold(handle);
        if (direct) {
            this.workers.set(name, handle);
        }
    }

    #onSpawned(handle) {
        if (handle.spawned) {
            return;
        }
        handle.spawned = true;
        this.workers.set(handle.name, handle);
        this.emit('worker created', handle.name);
    }

    #onMessage(handle, event) {
        const message = payload.decode(event.payload);
        this.#options.workerMessageHandler({name: handle.name, message});
        handle.emit('message', message);

        if (event.messageKind === 'done') {
            handle.done = true;
            this.#forget(handle);
        } else if (event.messageKind === 'cancelled' && handle.cancelRequested) {
            this.#logger.info(`Gracefully cancelled worker for job "${handle.name}"`, {worker: handle.metadata});
            handle.cancelled = true;
            this.native.terminate(handle.runId);
        }
    }

    #onError(handle, event) {
        const error = rebuildError(payload.decode(event.payload));
        handle.failed = true;
        this.#options.errorHandler(error, {name: handle.name, err: error, worker: handle.metadata});
        if (handle.listenerCount('error') > 0) {
            handle.emit('error', error);
        }
    }

    #onExit(handle, {code, signal, reason}) {
        const exitCode = code === null || code === undefined ? 1 : code;
        this.#runs.delete(handle.runId);
        this.#forget(handle);
        this.#options.keepAlive.release(handle);

        const name = handle.name;
        const meta = {worker: handle.metadata};
        if (handle.done || reason === 'after-done') {
            // Finished through 'done' already.
        } else if (handle.cancelled || (!handle.spawned && reason === 'terminated')) {
            this.#options.onCancelled(name);
        } else if (handle.failed) {
            // The job's own error was reported; its exit code adds nothing.
        } else if (reason === 'timeout') {
            const error = new Error(`Job "${name}" timed out and was stopped`);
            error.code = 'ERR_JOB_TIMEOUT';
            this.#options.errorHandler(error, {name, ...meta});
        } else if (exitCode === 0 && !signal) {
            this.#logger.info(`Worker for job "${name}" exited with code 0`, meta);
            // A job that ends without posting 'done' has still finished its work.
            this.#options.onCleanExit(name);
        } else {
            const error = signal && reason !== 'terminated'
                ? new Error(`Worker for job "${name}" was killed by ${signalName(signal)}`)
                : new Error(`Worker for job "${name}" exited with code ${exitCode}`);
            if (handle.ignoredCancelMs !== undefined) {
                error.message += ` after ignoring 'cancel' for ${handle.ignoredCancelMs} ms`;
            }
            error.exitCode = exitCode;
            if (signal) {
                error.signal = signalName(signal);
            }
            this.#options.errorHandler(error, {name, ...meta});
        }
        handle.markExited(exitCode);
        handle.emit('exit', exitCode);
    }

    #forget(handle) {
        if (this.workers.get(handle.name) === handle) {
            this.workers.delete(handle.name);
            this.emit('worker deleted', handle.name);
        }
    }
}

module.exports = Bree;

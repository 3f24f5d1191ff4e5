'use strict';

const {resolveLogger} = require('./logger');
const KeepAlive = require('./keep-alive');
const InlineQueue = require('./inline-queue');
const Bree = require('./bree');
const JobsRepository = require('./JobsRepository');
const {checkOptions} = require('./options');
const {validateInlineJob, prepareOffloadedJob} = require('./job-input');
const errors = require('./errors');

const ALL_STATUSES = {
    started: 'started',
    finished: 'finished',
    failed: 'failed',
    queued: 'queued'
};

// Polling of a one-off job that another process runs starts fast and backs off to this interval.
const POLL_START_MS = 50;
const POLL_MAX_MS = 2000;

/**
 * Runs background jobs: inline jobs on a queue in this process and offloaded jobs in separate
 * `node` processes, on a schedule or at once. API-compatible with `@tryghost/job-manager` 4.x.
 */
class JobManager {
    #logger;
    #domainEvents;
    #errorHandler;
    #workerMessageHandler;
    #completionWaiters = new Map();
    #allWaiters = [];
    #settleListeners = new Map();
    // Pending `started` updates of offloaded runs by job name. A run's finished or failed update
    // waits for its started update, so a slow JobModel cannot leave the record `started`.
    #startedUpdates = new Map();
    #keepAlive = new KeepAlive();

    /**
     * @param {object} [options] see index.d.ts for every option
     */
    constructor(options = {}) {
        const config = checkOptions(options);
        this.#logger = resolveLogger(config.logger);
        this.#domainEvents = config.domainEvents;
        this.#errorHandler = config.errorHandler;
        this.#workerMessageHandler = config.workerMessageHandler;
        this.timezone = config.timezone;

        this.inlineQueue = new InlineQueue({concurrency: config.concurrency, keepAlive: this.#keepAlive});
        this.inlineQueue.onCallbackError = err => this.#logger.error(err);
        this._jobMessageHandler = this._jobMessageHandler.bind(this);
        this._jobErrorHandler = this._jobErrorHandler.bind(this);

        this.bree = new Bree({
            logger: this.#logger,
            worker: config.worker,
            pool: config.pool,
            shutdownTimeout: config.shutdownTimeout,
            keepAlive: this.#keepAlive,
            errorHandler: (error, meta) => this.#handleWorkerError(error, meta),
            workerMessageHandler: ({name, message}) => this.#handleWorkerMessage({name, message}),
            onCancelled: name => this.#handleCancelled(name),
            onCleanExit: name => this._jobMessageHandler({name, message: 'done'}).catch(err => this.#logger.error(err))
        });

        this.bree.on('worker created', (name) => {
            const update = this._jobMessageHandler({name, message: ALL_STATUSES.started}).catch((err) => {
                this.#logger.error(`Failed to record job "${name}" as started:`, err);
            });
            this.#startedUpdates.set(name, update);
        });

        if (config.JobModel) {
            this._jobsRepository = new JobsRepository({JobModel: config.JobModel, logger: this.#logger});
        }
    }

    /** Alias of `inlineQueue`, the name Ghost used before late 2024. */
    get queue() {
        return this.inlineQueue;
    }

    /** The logger the manager writes to (the `logger` option, the host's `@tryghost/logging` or a console logger). */
    get logger() {
        return this.#logger;
    }

    /**
     * Next run times of a schedule, for previewing it.
     * @param {string | Date} at
     * @param {{count?: number, from?: Date, timezone?: string}} [options]
     * @returns {Date[]}
     */
    static nextRuns(at, options) {
        return require('./schedule').nextRuns(at, options);
    }

    inlineJobHandler(jobName) {
        return async (error, result) => {
            if (error) {
                await this._jobErrorHandler(error, {name: jobName});
            } else if (jobName) {
                await this._jobMessageHandler({name: jobName, message: 'done'});
            } else {
                this.#settleAllWaiters();
            }
            return result;
        };
    }

    async _jobMessageHandler({name, message}) {
        if (!name) {
            return;
        }
        if (message === ALL_STATUSES.started) {
            if (this._jobsRepository) {
                await this.#recordStatus(name, {status: ALL_STATUSES.started, started_at: new Date()});
            }
        } else if (message === 'done') {
            if (this._jobsRepository) {
                await this.#recordStatusSafely(name, {status: ALL_STATUSES.finished, finished_at: new Date()});
            }
            this.#settleWaiters(name, waiter => waiter.resolve());
            this.#emitSettled(name, null);
            this.#settleAllWaiters();
        } else if (message && typeof message === 'object' && message.event && this.#domainEvents) {
            try {
                this.#domainEvents.dispatchRaw(message.event.type, message.event.data);
            } catch (err) {
                this.#logger.error(`domainEvents.dispatchRaw failed for event "${message.event.type}" from job "${name}":`, err);
            }
        }
    }

    async _jobErrorHandler(error, jobMeta = {}) {
        if (jobMeta.name) {
            if (this._jobsRepository) {
                await this.#recordStatusSafely(jobMeta.name, {status: ALL_STATUSES.failed});
            }
            this.#settleWaiters(jobMeta.name, waiter => waiter.reject(error));
            this.#emitSettled(jobMeta.name, error);
        }
        if (this.inlineQueue.length() <= 1) {
            const waiters = this.#allWaiters;
            this.#allWaiters = [];
            waiters.forEach(waiter => waiter.reject(error));
        }
    }

    /**
     * Adds an inline job (`offloaded: false`) to the queue, or schedules an offloaded job.
     * Resolves once the job is queued or scheduled, not when it runs.
     */
    async addJob(jobOptions) {
        if (jobOptions === null || typeof jobOptions !== 'object') {
            throw new TypeError(`addJob expects an options object such as {name, job, at, data, offloaded}, received ${jobOptions === null ? 'null' : typeof jobOptions}`);
        }
        const {name, at, job, data, offloaded = true} = jobOptions;

        if (!offloaded) {
            return this.#addInlineJob({name, job, data});
        }

        this.#logger.info('Adding offloaded job to the inline job queue');
        const prepared = prepareOffloadedJob({
            name,
            at,
            job,
            data,
            timezone: jobOptions.timezone === undefined ? this.timezone : jobOptions.timezone,
            timeout: jobOptions.timeout
        });
        this.#logger.info(prepared.scheduleLine);

        await this.bree.add(prepared.definition);
        return this.bree.start(prepared.definition.name);
    }

    #addInlineJob({name, job, data}) {
        const runnable = validateInlineJob({name, job});

        this.#logger.info(`Adding one-off job to inlineQueue with current length = ${this.inlineQueue.length()} called '${name || 'anonymous'}'`);

        this.inlineQueue.push(async () => {
            try {
                // Recording the start first distinguishes a job that failed at once from one that never ran.
                if (name && this._jobsRepository) {
                    await this._jobMessageHandler({name, message: ALL_STATUSES.started});
                }
                await runnable()(data);
            } catch (err) {
                this.#logger.error(new errors.UnhandledJobError({
                    context: typeof job === 'function' ? 'function' : job,
                    err
                }));
                this.#callErrorHandler(err, {name, inline: true});
                throw err;
            }
        }, this.inlineJobHandler(name));
    }

    /**
     * Adds a job that runs once: a persisted record (JobModel required) keeps it from running
     * again, unless its last run failed.
     */
    async addOneOffJob(jobOptions) {
        const {name, job, data, offloaded = true, timeout, timezone} = jobOptions || {};
        if (!name) {
            throw new errors.IncorrectUsageError({message: 'The name parameter is required for a one off job.'});
        }
        const repository = this.#requireRepository('addOneOffJob', name);

        const persistedJob = await repository.read(name);
        if (persistedJob && persistedJob.get('status') !== ALL_STATUSES.failed) {
            throw new errors.IncorrectUsageError({message: `A "${name}" one off job has already been executed.`});
        }
        if (persistedJob) {
            await repository.update(persistedJob.id, {status: ALL_STATUSES.queued});
        } else {
            await repository.add({name, status: ALL_STATUSES.queued});
        }

        if (offloaded) {
            // A failed offloaded run of this name keeps its registration; free it so the retry can register.
            await this.bree.releaseFinished(name);
        }
        try {
            const forwarded = {name, job, data, offloaded};
            if (timeout !== undefined) {
                forwarded.timeout = timeout;
            }
            if (timezone !== undefined) {
                forwarded.timezone = timezone;
            }
            await this.addJob(forwarded);
        } catch (err) {
            await this.#recordStatusSafely(name, {status: ALL_STATUSES.failed});
            throw err;
        }
    }

    /** True when a one-off job has a record whose status is not `failed`. */
    async hasExecutedSuccessfully(name) {
        if (!this._jobsRepository) {
            return false;
        }
        const persistedJob = await this._jobsRepository.read(name);
        if (!persistedJob) {
            return false;
        }
        return persistedJob.get('status') !== ALL_STATUSES.failed;
    }

    /**
     * Resolves with the job's record once its status is `finished` or `failed`. A job this
     * manager runs wakes the wait directly; a job another process runs is polled with backoff.
     */
    async awaitOneOffCompletion(name) {
        const repository = this.#requireRepository('awaitOneOffCompletion', name);
        let delay = POLL_START_MS;
        for (;;) {
            const settled = this.#nextSettle(name);
            const persistedJob = await repository.read(name);
            if (persistedJob && [ALL_STATUSES.finished, ALL_STATUSES.failed].includes(persistedJob.get('status'))) {
                settled.cancel();
                return persistedJob;
            }
            await Promise.race([settled.promise, new Promise(resolve => setTimeout(resolve, delay))]);
            settled.cancel();
            delay = Math.min(delay * 2, POLL_MAX_MS);
        }
    }

    /**
     * Resolves at the next successful completion of the job named `name` and rejects with the
     * error of its next failure. Call it before adding the job.
     */
    awaitCompletion(name) {
        return new Promise((resolve, reject) => {
            const waiters = this.#completionWaiters.get(name) || [];
            waiters.push({resolve, reject});
            this.#completionWaiters.set(name, waiters);
        });
    }

    /** Resolves once every inline job, running or waiting, has settled; rejects on a failure. */
    allSettled() {
        return new Promise((resolve, reject) => {
            if (this.inlineQueue.idle()) {
                resolve();
                return;
            }
            this.#allWaiters.push({resolve, reject});
        });
    }

    /** Stops and removes an offloaded job, freeing its name. */
    async removeJob(name) {
        await this.bree.remove(name);
    }

    /**
     * Stops every schedule and sends 'cancel' to running offloaded jobs. Jobs still running after
     * `shutdownTimeout` are killed. Then it waits for the inline queue.
     * @param {{timeout?: number, interval?: number, signal?: AbortSignal}} [options] wait options for the inline queue
     */
    async shutdown(options) {
        await this.bree.stop();

        if (this.inlineQueue.idle()) {
            return;
        }
        this.#logger.warn('Waiting for busy job in inline job queue');
        await waitFor(() => this.inlineQueue.idle() === true, options);
        this.#logger.warn('Inline job queue finished');
    }

    #requireRepository(method, name) {
        if (!this._jobsRepository) {
            throw new errors.IncorrectUsageError({
                message: `${method}("${name}") needs a JobModel: pass {JobModel} to new JobManager() to persist one-off jobs.`
            });
        }
        return this._jobsRepository;
    }

    async #recordStatus(name, fields) {
        if (!this._jobsRepository) {
            return;
        }
        const job = await this._jobsRepository.read(name);
        if (job) {
            await this._jobsRepository.update(job.id, fields);
        }
    }

    async #recordStatusSafely(name, fields) {
        const startedUpdate = this.#startedUpdates.get(name);
        if (startedUpdate) {
            this.#startedUpdates.delete(name);
            await startedUpdate;
        }
        try {
            await this.#recordStatus(name, fields);
        } catch (err) {
            this.#logger.error(`Failed to record job "${name}" as ${fields.status}:`, err);
        }
    }

    #settleWaiters(name, settle) {
        const waiters = this.#completionWaiters.get(name);
        if (!waiters) {
            return;
        }
        this.#completionWaiters.delete(name);
        waiters.forEach(settle);
    }

    #settleAllWaiters() {
        if (this.#allWaiters.length === 0 || !this.inlineQueue.idle()) {
            return;
        }
        const waiters = this.#allWaiters;
        this.#allWaiters = [];
        waiters.forEach(waiter => waiter.resolve());
    }

    #nextSettle(name) {
        let listener;
        const promise = new Promise((resolve) => {
            listener = resolve;
            const listeners = this.#settleListeners.get(name) || new Set();
            listeners.add(listener);
            this.#settleListeners.set(name, listeners);
        });
        const cancel = () => {
            const listeners = this.#settleListeners.get(name);
            if (listeners) {
                listeners.delete(listener);
                if (listeners.size === 0) {
                    this.#settleListeners.delete(name);
                }
            }
        };
        return {promise, cancel};
    }

    #emitSettled(name, error) {
        const listeners = this.#settleListeners.get(name);
        if (!listeners) {
            return;
        }
        this.#settleListeners.delete(name);
        listeners.forEach(listener => listener(error));
    }

    #callErrorHandler(error, meta) {
        if (!this.#errorHandler) {
            return;
        }
        try {
            this.#errorHandler(error, meta);
        } catch (err) {
            this.#logger.error(`errorHandler threw while handling a failure of job "${meta.name}":`, err);
        }
    }

    #handleWorkerError(error, meta) {
        if (this.#errorHandler) {
            this.#callErrorHandler(error, meta);
        } else {
            this.#logger.error(`Offloaded job "${meta.name}" failed:`, error);
        }
        return this._jobErrorHandler(error, meta).catch(err => this.#logger.error(err));
    }

    #handleWorkerMessage({name, message}) {
        if (this.#workerMessageHandler) {
            try {
                this.#workerMessageHandler({name, message});
            } catch (err) {
                this.#logger.error(`workerMessageHandler threw on a message from job "${name}":`, err);
            }
        }
        return this._jobMessageHandler({name, message}).catch(err => this.#logger.error(err));
    }

    async #handleCancelled(name) {
        // A cancelled run did not finish; `failed` keeps a one-off re-addable, without an errorHandler call.
        await this.#recordStatusSafely(name, {status: ALL_STATUSES.failed});
        const error = errors.cancelledError(name);
        this.#settleWaiters(name, waiter => waiter.reject(error));
        this.#emitSettled(name, error);
    }
}

/** The error `shutdown({timeout})` rejects with, named as p-timeout's is. */
class TimeoutError extends Error {
    constructor(message) {
        super(message);
        this.name = 'TimeoutError';
    }
}

/**
 * Resolves once `condition()` is true, checking every `interval` ms; rejects with a TimeoutError
 * `Promise timed out` after `timeout` ms, or with the signal's reason when `signal` aborts.
 */
function waitFor(condition, {timeout = Infinity, interval = 20, signal} = {}) {
    return new Promise((resolve, reject) => {
        let checkTimer = null;
        let timeoutTimer = null;
        const finish = (callback, value) => {
            clearTimeout(checkTimer);
            clearTimeout(timeoutTimer);
            signal?.removeEventListener('abort', onAbort);
            callback(value);
        };
        const onAbort = () => finish(reject, signal.reason);
        const check = () => {
            if (condition()) {
                finish(resolve);
                return;
            }
            checkTimer = setTimeout(check, interval);
        };
        if (signal) {
            if (signal.aborted) {
                onAbort();
                return;
            }
            signal.addEventListener('abort', onAbort, {once: true});
        }
        if (Number.isFinite(timeout)) {
            timeoutTimer = setTimeout(() => finish(reject, new TimeoutError('Promise timed out')), timeout);
        }
        check();
    });
}

module.exports = JobManager;
module.exports.JobManager = JobManager;
module.exports.ALL_STATUSES = ALL_STATUSES;
module.exports.TimeoutError = TimeoutError;
module.exports.default = JobManager;

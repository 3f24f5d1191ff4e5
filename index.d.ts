import {EventEmitter} from 'node:events';

declare namespace JobManager {
    /** Status values a job record goes through. */
    type JobStatus = 'queued' | 'started' | 'finished' | 'failed';

    /** A persisted job record as the JobModel returns it. */
    interface JobModelInstance {
        id: string;
        get(attribute: string): unknown;
    }

    /** Persistence model for one-off jobs (Ghost passes `models.Job`). */
    interface JobModel {
        findOne(filter: {name: string}): Promise<JobModelInstance | null | undefined>;
        add(data: {name: string; status: JobStatus}): Promise<JobModelInstance>;
        edit(data: Record<string, unknown>, options: {id: string}): Promise<unknown>;
        destroy?(options: {id: string}): Promise<unknown>;
    }

    /** Logger with the levels of `@tryghost/logging`. */
    interface Logger {
        info(...args: unknown[]): void;
        warn(...args: unknown[]): void;
        error(...args: unknown[]): void;
    }

    /** Metadata about the process that ran an offloaded job, in the shape of a worker thread's. */
    interface WorkerMetadata {
        isMainThread: boolean;
        resourceLimits: Record<string, number> | undefined;
        /** Process id of the job's `node` process (-1 before it started). */
        threadId: number;
    }

    interface ErrorMeta {
        name?: string;
        err?: Error;
        worker?: WorkerMetadata;
        /** True for failures of inline jobs. */
        inline?: boolean;
    }

    /** Options for the `node` processes that run offloaded jobs, named as Node's Worker options. */
    interface WorkerOptions {
        /** Node flags for each job process. */
        execArgv?: string[];
        /** Replaces the environment of job processes. */
        env?: Record<string, string>;
        /** `maxOldGenerationSizeMb` becomes the process's heap limit; the object is visible to the job. */
        resourceLimits?: {maxOldGenerationSizeMb?: number; [key: string]: number | undefined};
        /** Extra `process.argv` entries for the job. */
        argv?: string[];
        /** Merged into every job's `workerData`. */
        workerData?: Record<string, unknown>;
        [key: string]: unknown;
    }

    interface PoolOptions {
        /** Processes booted ahead of need, so a job starts without waiting for Node to boot. Default: CPUs, at most 4. */
        size?: number;
        /** Most offloaded runs at once; later runs wait in order. Default: 2 per CPU plus 1, at least 4. */
        maxWorkers?: number;
    }

    interface JobManagerOptions {
        /** Called for every failure of an offloaded or inline job. */
        errorHandler?: (error: Error, meta: ErrorMeta) => void;
        /** Called for every message an offloaded job posts. */
        workerMessageHandler?: (message: {name: string; message: unknown}) => void;
        JobModel?: JobModel;
        /** Receives `dispatchRaw(type, data)` for job messages shaped `{event: {type, data}}`. */
        domainEvents?: {dispatchRaw(type: string, data: unknown): void};
        worker?: WorkerOptions;
        /** Replaces the host app's `@tryghost/logging`; `false` silences the manager. */
        logger?: Logger | false;
        /** Inline jobs that run at once. Default 3. */
        concurrency?: number;
        /** IANA zone for schedules, such as 'Europe/London'. Default: local time. */
        timezone?: string;
        pool?: PoolOptions;
        /** Time in ms that running offloaded jobs get to exit after 'cancel' at shutdown. Default 10000. */
        shutdownTimeout?: number;
        /** Accepted and ignored, as passed by some Ghost versions. */
        config?: unknown;
        isDuplicate?: unknown;
        db?: unknown;
        events?: unknown;
        jobQueueManager?: unknown;
    }

    interface AddJobOptions {
        /** Required for function jobs that are offloaded; derived from a script's file name otherwise. */
        name?: string;
        /** A Date, a cron expression (seconds first, or 5 fields) or a text schedule. Offloaded jobs only. */
        at?: string | Date;
        /** A function, or the path of a module (inline) or script (offloaded). */
        job: string | ((data?: any) => unknown);
        /** Inline jobs get it as their argument; offloaded jobs find it in `workerData`. */
        data?: unknown;
        /** `false` runs the job on the inline queue in this process. Default true. */
        offloaded?: boolean;
        /** IANA zone for this job's schedule. */
        timezone?: string;
        /** Offloaded runs still going after this many ms are stopped and fail. */
        timeout?: number;
    }

    interface NextRunsOptions {
        count?: number;
        from?: Date;
        timezone?: string;
    }

    interface WaitOptions {
        timeout?: number;
        interval?: number;
        signal?: AbortSignal;
    }

    /** The inline queue's counters. */
    interface InlineQueue {
        /** True when nothing runs and nothing waits. */
        idle(): boolean;
        /** Tasks waiting for a slot, running ones excluded. */
        length(): number;
        /** Tasks running now. */
        running(): number;
        concurrency: number;
    }

    /** One run of an offloaded job, in the shape of a Node Worker. */
    interface WorkerHandle extends EventEmitter {
        readonly name: string;
        /** Process id of the run. */
        threadId: number;
        resourceLimits: Record<string, number> | undefined;
        postMessage(value: unknown): void;
        terminate(): Promise<number>;
    }

    interface ScheduleTimer {
        clear(): void;
    }

    /** The scheduler view that `@tryghost/job-manager` exposes as `bree`. */
    interface Bree extends EventEmitter {
        config: {jobs: Array<{name: string; [key: string]: unknown}>; worker: WorkerOptions | undefined};
        workers: Map<string, WorkerHandle>;
        timeouts: Map<string, ScheduleTimer>;
        intervals: Map<string, ScheduleTimer>;
        add(definition: Record<string, unknown>): Promise<void>;
        start(name: string): Promise<void>;
        run(name: string): Promise<void>;
        stop(name?: string): Promise<void>;
        remove(name: string): Promise<void>;
    }
}

declare class JobManager {
    constructor(options?: JobManager.JobManagerOptions);

    inlineQueue: JobManager.InlineQueue;
    /** Alias of `inlineQueue`. */
    readonly queue: JobManager.InlineQueue;
    bree: JobManager.Bree;
    readonly logger: JobManager.Logger;

    /** Next run times of a schedule. Throws 'Invalid schedule format' for anything else. */
    static nextRuns(at: string | Date, options?: JobManager.NextRunsOptions): Date[];

    addJob(options: JobManager.AddJobOptions): Promise<void>;
    addOneOffJob(options: Omit<JobManager.AddJobOptions, 'at'> & {name: string}): Promise<void>;
    hasExecutedSuccessfully(name: string): Promise<boolean>;
    awaitOneOffCompletion(name: string): Promise<JobManager.JobModelInstance>;
    awaitCompletion(name: string): Promise<void>;
    allSettled(): Promise<void>;
    removeJob(name: string): Promise<void>;
    shutdown(options?: JobManager.WaitOptions): Promise<void>;
    inlineJobHandler(name?: string): (error: Error | null, result?: unknown) => Promise<unknown>;
    _jobMessageHandler(message: {name?: string; message: unknown}): Promise<void>;
    _jobErrorHandler(error: Error, meta: JobManager.ErrorMeta): Promise<void>;
}

export = JobManager;

'use strict';

const os = require('node:os');
const {describeValue} = require('./errors');

// Options of some Ghost versions that this manager accepts and ignores: config, isDuplicate, db,
// events, jobQueueManager. Any other unknown key is ignored too, as old code passes `console`.

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

function invalidOption(name, expected, value) {
    return new TypeError(`Invalid "${name}" option for JobManager: expected ${expected}, received ${describeValue(value)}`);
}

function optionalFunction(options, name) {
    const value = options[name];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== 'function') {
        throw invalidOption(name, 'a function', value);
    }
    return value;
}

function optionalCount(options, name, fallback, {min = 1} = {}) {
    const value = options[name];
    if (value === undefined || value === null) {
        return fallback;
    }
    if (!Number.isInteger(value) || value < min) {
        throw invalidOption(name, `a whole number of at least ${min}`, value);
    }
    return value;
}

function checkJobModel(JobModel) {
    if (JobModel === undefined || JobModel === null) {
        return undefined;
    }
    // Only the type is checked: test doubles often implement just the methods a test needs, and
    // the manager calls findOne, add and edit only on the paths that use them.
    if (typeof JobModel !== 'object' && typeof JobModel !== 'function') {
        throw invalidOption('JobModel', 'a model object with findOne, add and edit methods', JobModel);
    }
    return JobModel;
}

function checkDomainEvents(domainEvents) {
    if (domainEvents === undefined || domainEvents === null) {
        return undefined;
    }
    if (typeof domainEvents !== 'object' || typeof domainEvents.dispatchRaw !== 'function') {
        throw invalidOption('domainEvents', 'an object with a dispatchRaw(type, data) method', domainEvents);
    }
    return domainEvents;
}

function checkObject(options, name) {
    const value = options[name];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalidOption(name, 'an object', value);
    }
    return value;
}

function checkPool(pool) {
    const given = checkObject({pool}, 'pool') || {};
    const cpus = Math.max(1, os.availableParallelism ? os.availableParallelism() : os.cpus().length);
    return {
        size: optionalCount(given, 'size', Math.min(cpus, 4), {min: 0}),
        // Two runs per core plus one, so a few jobs that wait on I/O do not hold back the rest, as
        // the original never queued runs. A burst of CPU-bound jobs still stays near the core
        // count, and each extra run costs about 40 MB.
        maxWorkers: optionalCount(given, 'maxWorkers', Math.max(4, cpus * 2 + 1))
    };
}

function checkTimezone(timezone) {
    if (timezone === undefined || timezone === null || timezone === 'local') {
        return undefined;
    }
    if (typeof timezone !== 'string' || timezone.trim() === '') {
        throw invalidOption('timezone', 'an IANA time zone name such as "Europe/London"', timezone);
    }
    return timezone;
}

/**
 * Validates the constructor options and fills in defaults. Wrong types throw a TypeError that
 * names the option and the value; unknown keys are ignored.
 */
function checkOptions(options) {
    const given = options !== null && typeof options === 'object' ? options : {};
    const shutdownTimeout = given.shutdownTimeout;
    if (shutdownTimeout !== undefined && !(typeof shutdownTimeout === 'number' && shutdownTimeout >= 0)) {
        throw invalidOption('shutdownTimeout', 'a number of milliseconds, 0 or more', shutdownTimeout);
    }
    return {
        errorHandler: optionalFunction(given, 'errorHandler'),
        workerMessageHandler: optionalFunction(given, 'workerMessageHandler'),
        JobModel: checkJobModel(given.JobModel),
        domainEvents: checkDomainEvents(given.domainEvents),
        worker: checkObject(given, 'worker'),
        logger: given.logger,
        concurrency: optionalCount(given, 'concurrency', 3),
        timezone: checkTimezone(given.timezone),
        pool: checkPool(given.pool),
        shutdownTimeout: shutdownTimeout === undefined ? DEFAULT_SHUTDOWN_TIMEOUT_MS : shutdownTimeout
    };
}

module.exports = {checkOptions, DEFAULT_SHUTDOWN_TIMEOUT_MS};

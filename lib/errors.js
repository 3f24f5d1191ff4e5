'use strict';

// @tryghost/errors takes about 10 ms to load, so it loads on the first error rather than with
// the manager.
let tryghostErrors = null;
function loadErrors() {
    if (tryghostErrors === null) {
        tryghostErrors = require('@tryghost/errors');
    }
    return tryghostErrors;
}

/** Shortens a value for an error message, so a huge `data` object cannot flood a log line. */
function describeValue(value) {
    if (typeof value === 'function') {
        return `function ${value.name || '(anonymous)'}`;
    }
    if (typeof value === 'string') {
        return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);
    }
    if (value instanceof Date) {
        return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (typeof value === 'bigint' || typeof value === 'symbol') {
        return String(value);
    }
    try {
        const text = JSON.stringify(value);
        if (text === undefined) {
            return String(value);
        }
        return text.length > 200 ? `${text.slice(0, 200)}...` : text;
    } catch (err) {
        return Object.prototype.toString.call(value);
    }
}

/** Builds the error for an `at` that is not a schedule, with the original's message and the details beside it. */
function invalidScheduleError({name, at, reason}) {
    const error = new (loadErrors().IncorrectUsageError)({
        message: 'Invalid schedule format',
        context: `Job "${name}" has an invalid schedule ${describeValue(at)}: ${reason}`,
        help: 'Use a Date, a cron expression (6 fields with seconds first, or 5 fields) or a text schedule such as "every 5 minutes" or "at 10:15 am".'
    });
    error.reason = reason;
    error.job = name;
    error.at = at;
    return error;
}

function cancelledError(name) {
    const error = new Error(`Job "${name}" was cancelled`);
    error.code = 'ERR_JOB_CANCELLED';
    error.job = name;
    return error;
}

module.exports = {
    get IncorrectUsageError() {
        return loadErrors().IncorrectUsageError;
    },
    get UnhandledJobError() {
        return loadErrors().UnhandledJobError;
    },
    describeValue,
    invalidScheduleError,
    cancelledError
};

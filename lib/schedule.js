'use strict';

const {IncorrectUsageError} = require('@tryghost/errors');
const native = require('./binding');

/** Returns the reason a non-string, non-Date `at` is not a schedule. */
function typeReason(at) {
    const type = at === null ? 'null' : typeof at;
    return `expected a cron expression, a text schedule or a Date, received ${type}`;
}

/**
 * Returns null when `at` is a schedule that fires again after now in `timezone` (an IANA name
 * or 'local', the default), otherwise the reason it is not, in plain words.
 *
 * @param {unknown} at a cron expression, a text schedule such as 'every 5 minutes', or a Date
 * @param {string} [timezone]
 * @returns {string | null}
 */
function checkSchedule(at, timezone) {
    if (at instanceof Date) {
        return Number.isNaN(at.getTime()) ? 'the Date is invalid' : null;
    }
    if (typeof at !== 'string') {
        return typeReason(at);
    }
    return native.checkSchedule(at, timezone ?? null);
}

/**
 * Builds the error the original throws for a bad `at`: an IncorrectUsageError with the message
 * 'Invalid schedule format', the reason in `context` and in `reason`. Returns null when `at` is
 * a valid schedule.
 *
 * @param {unknown} at
 * @param {string} [timezone]
 * @returns {IncorrectUsageError | null}
 */
function describeScheduleError(at, timezone) {
    const reason = checkSchedule(at, timezone);
    return reason === null ? null : invalidSchedule(reason);
}

function invalidSchedule(reason) {
    const error = new IncorrectUsageError({message: 'Invalid schedule format', context: reason});
    error.reason = reason;
    return error;
}

/**
 * Returns 'cron' or 'text' for the syntax `at` is written in, or null when it is not a valid
 * schedule string.
 *
 * @param {unknown} at
 * @returns {'cron' | 'text' | null}
 */
function scheduleKind(at) {
    return typeof at === 'string' ? native.scheduleKind(at) : null;
}

/**
 * Returns the next run times of `at` after `from`.
 *
 * A Date gives itself when it lies after `from`, else nothing. A cron expression (6 fields with
 * seconds first, or 5) or a text schedule gives up to `count` runs, read on the wall clock of
 * `timezone` (an IANA name or 'local', the default).
 *
 * @param {Date | string} at
 * @param {object} [options]
 * @param {number} [options.count=5] how many runs, at most
 * @param {Date | number} [options.from=new Date()] runs come strictly after this instant
 * @param {string} [options.timezone]
 * @returns {Date[]}
 * @throws {IncorrectUsageError} 'Invalid schedule format' when `at` is not a schedule or never
 *   fires after `from`; the reason is in `context` and `reason`
 * @throws {TypeError} when `count` or `from` is invalid
 */
function nextRuns(at, {count = 5, from = new Date(), timezone} = {}) {
    if (!Number.isInteger(count) || count < 0 || count > 0xffffffff) {
        throw new TypeError(`count must be a whole number from 0 up, received ${count}`);
    }
    const fromMs = from instanceof Date ? from.getTime() : from;
    if (typeof fromMs !== 'number' || !Number.isFinite(fromMs)) {
        throw new TypeError(`from must be a valid Date or milliseconds since the epoch, received ${String(from)}`);
    }

    if (at instanceof Date) {
        const atMs = at.getTime();
        return atMs > fromMs && count > 0 ? [new Date(atMs)] : [];
    }
    if (typeof at !== 'string') {
        throw invalidSchedule(typeReason(at));
    }
    let runs;
    try {
        runs = native.nextRuns(at, count, fromMs, timezone ?? null);
    } catch (err) {
        // The native message is 'invalid schedule "<at>": <reason>'; the reason alone reads
        // better next to the fixed message, and checkSchedule gives it for every cause but a
        // schedule whose last run lies between `from` and now.
        throw invalidSchedule(native.checkSchedule(at, timezone ?? null) ?? err.message);
    }
    return runs.map(ms => new Date(ms));
}

module.exports = {nextRuns, checkSchedule, describeScheduleError, scheduleKind};

'use strict';

const path = require('node:path');
const v8 = require('node:v8');
const assembleBreeJob = require('./assemble-bree-job');
const errors = require('./errors');

const {describeValue, invalidScheduleError} = errors;

// The schedule module loads the native binding; inline-only managers never need it.
const loadSchedule = () => require('./schedule');

/**
 * Checks an inline job before it is queued and returns a function that yields the callable to
 * run: the job itself, or the export of its module, loaded when the job runs (as the original
 * loads it). Relative module paths resolve against the working directory, as offloaded paths do.
 */
function validateInlineJob({name, job}) {
    const label = name ? `Inline job "${name}"` : 'Inline job';
    if (typeof job === 'function') {
        return () => job;
    }
    if (typeof job !== 'string' || job.trim() === '') {
        throw new errors.IncorrectUsageError({
            message: `${label} needs "job" to be a function or a module path, received ${describeValue(job)}`
        });
    }

    let resolved;
    try {
        resolved = require.resolve(path.isAbsolute(job) ? job : path.resolve(job));
    } catch (err) {
        throw new errors.IncorrectUsageError({
            message: `${label} module ${describeValue(job)} could not be resolved from ${process.cwd()}`,
            err
        });
    }
    return () => {
        const exported = require(resolved);
        if (typeof exported !== 'function') {
            throw new TypeError(`${label} module ${describeValue(resolved)} exports ${typeof exported}, not a function`);
        }
        return exported;
    };
}

function jobNameFor({name, job}) {
    if (name !== undefined && name !== null && name !== '' && typeof name !== 'string') {
        throw new errors.IncorrectUsageError({message: `Invalid job name ${describeValue(name)}: expected a non-empty string`});
    }
    if (name) {
        return name;
    }
    if (typeof job === 'string') {
        return path.parse(job).name;
    }
    throw new errors.IncorrectUsageError({message: 'Name parameter should be present if job is a function'});
}

/** Classifies `at` and returns the log line the original writes for it. */
function describeSchedule({name, at, timezone}) {
    if (at === undefined) {
        return `Scheduling job ${name} to run immediately`;
    }
    if (at instanceof Date) {
        if (Number.isNaN(at.getTime())) {
            throw invalidScheduleError({name, at, reason: 'the Date is invalid'});
        }
        return `Scheduling job ${name} at ${at}`;
    }
    if (typeof at !== 'string') {
        throw invalidScheduleError({name, at, reason: `expected a Date or a schedule string, received ${at === null ? 'null' : typeof at}`});
    }
    const reason = loadSchedule().checkSchedule(at, timezone);
    if (reason) {
        throw invalidScheduleError({name, at, reason});
    }
    const [next] = loadSchedule().nextRuns(at, {count: 1, timezone});
    if (next === undefined) {
        throw invalidScheduleError({name, at, reason: 'the schedule has no future run'});
    }
    return `Scheduling job ${name} at ${at}. Next run on: ${next}`;
}

function checkTimezone(name, timezone) {
    if (timezone === undefined || timezone === null) {
        return;
    }
    const reason = typeof timezone === 'string' ? loadSchedule().checkSchedule('* * * * * *', timezone) : 'expected an IANA time zone name';
    if (reason) {
        throw new errors.IncorrectUsageError({
            message: `Job "${name}" has an invalid timezone ${describeValue(timezone)}: ${reason}`,
            help: 'Use an IANA time zone name such as "Europe/London", or leave it out for local time.'
        });
    }
}

function checkData(name, data) {
    if (data === undefined) {
        return;
    }
    try {
        v8.serialize(data);
    } catch (err) {
        throw new errors.IncorrectUsageError({
            message: `Job "${name}" has data that cannot be sent to a worker process: ${err.message}`,
            context: `data: ${describeValue(data)}`,
            help: 'Pass plain data (objects, arrays, strings, numbers, Dates, Maps, Sets); functions and class instances with native state cannot cross.',
            err
        });
    }
}

/**
 * Validates an offloaded job synchronously, so errors reject the addJob call before anything is
 * registered, and returns its definition in bree's shape plus the schedule log line.
 */
function prepareOffloadedJob({name: givenName, at, job, data, timezone, timeout}) {
    const name = jobNameFor({name: givenName, job});
    checkTimezone(name, timezone);
    const scheduleLine = describeSchedule({name, at, timezone});
    checkData(name, data);
    if (timeout !== undefined && !(typeof timeout === 'number' && timeout > 0)) {
        throw new errors.IncorrectUsageError({message: `Job "${name}" has an invalid timeout ${describeValue(timeout)}: expected a number of milliseconds above 0`});
    }

    const definition = assembleBreeJob(at, job, data, name);
    if (timezone) {
        definition.timezone = timezone;
    }
    if (timeout !== undefined) {
        definition.closeWorkerAfterMs = timeout;
    }
    return {definition, scheduleLine};
}

module.exports = {validateInlineJob, prepareOffloadedJob};

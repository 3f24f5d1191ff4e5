'use strict';

const isCronExpression = require('./is-cron-expression');

/**
 * Builds a job definition in bree's shape, as the original manager does:
 * `{name, path, worker: {workerData}, date | cron | interval}`.
 *
 * @param {string | Date} [at] Date, cron or text schedule
 * @param {Function | string} job function or path to the job's module
 * @param {*} [data] data for the job; falsy data is left out, as in the original
 * @param {string} [name]
 */
function assembleBreeJob(at, job, data, name) {
    const breeJob = {name, path: job};
    if (data) {
        breeJob.worker = {workerData: data};
    }
    if (at instanceof Date) {
        breeJob.date = at;
    } else if (at && isCronExpression(at)) {
        breeJob.cron = at;
        breeJob.interval = at;
    } else if (at !== undefined) {
        breeJob.interval = at;
    }
    return breeJob;
}

module.exports = assembleBreeJob;

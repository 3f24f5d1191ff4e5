'use strict';
// Shared by the benchmark job scripts, which run as Worker threads under @tryghost/job-manager
// and as node processes under this package, with the same `worker_threads` API in both.
const fs = require('node:fs');
const {workerData} = require('worker_threads');

/**
 * Returns the job's data. Both managers spread `data` over `workerData`; the copy under
 * `workerData.job.worker.workerData` is the fallback when a key of data was shadowed.
 */
function jobData() {
    if (workerData && typeof workerData.out === 'string') {
        return workerData;
    }
    const nested = workerData && workerData.job && workerData.job.worker && workerData.job.worker.workerData;
    return nested || {};
}

/** Appends one line to `file`; each line is a single write, so concurrent jobs do not interleave. */
function appendLine(file, line) {
    fs.appendFileSync(file, `${line}\n`);
}

module.exports = {jobData, appendLine};

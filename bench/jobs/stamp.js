'use strict';
// Records when its first statement ran (wall-clock ms, µs precision) in the file named by
// `out`, as "<tag> <ms>", then finishes.
const startedAt = performance.timeOrigin + performance.now();
const {parentPort} = require('worker_threads');
const {jobData, appendLine} = require('./lib/job-io');

const data = jobData();
appendLine(data.out, `${data.tag} ${startedAt.toFixed(3)}`);
parentPort.postMessage('done');

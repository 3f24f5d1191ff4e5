'use strict';
// Spends a fixed amount of CPU in native code (PBKDF2-SHA256, `iterations` rounds), so the cost
// is the same in a fresh process, a fresh Worker thread or a warm one, then finishes.
const startedAt = performance.timeOrigin + performance.now();
const crypto = require('node:crypto');
const {parentPort} = require('worker_threads');
const {jobData, appendLine} = require('./lib/job-io');

const data = jobData();
crypto.pbkdf2Sync('benchmark', 'salt', data.iterations, 32, 'sha256');
const endedAt = performance.timeOrigin + performance.now();
appendLine(data.out, `${data.tag} ${startedAt.toFixed(3)} ${endedAt.toFixed(3)}`);
parentPort.postMessage('done');

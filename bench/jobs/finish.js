'use strict';
// Finishes at once: the script behind schedules that are registered but never due.
const {parentPort} = require('worker_threads');

parentPort.postMessage('done');

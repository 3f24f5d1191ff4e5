'use strict';
// Preload (node --require) that lets a job script run as a plain node process outside any
// manager: `workerData` comes from the BENCH_WORKER_DATA environment variable (JSON), and
// `parentPort.postMessage` does nothing, so the script's 'done' ends with the process.
const workerThreads = require('node:worker_threads');

Object.defineProperty(workerThreads, 'workerData', {value: JSON.parse(process.env.BENCH_WORKER_DATA || '{}')});
Object.defineProperty(workerThreads, 'parentPort', {value: {postMessage() {}, on() {}, once() {}}});

// Signals completion but keeps its event loop busy, so the pool has to end it.
const { parentPort } = require('worker_threads');

parentPort.postMessage('done');
setInterval(() => {}, 1000);

// Signals completion after 20 ms.
const { parentPort } = require('worker_threads');

setTimeout(() => parentPort.postMessage('done'), 20);

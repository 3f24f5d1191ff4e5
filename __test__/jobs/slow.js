const {parentPort, workerData} = require('worker_threads');

// Takes `workerData.ms` ms (default 300), then posts 'done'.
setTimeout(() => parentPort.postMessage('done'), (workerData && workerData.ms) || 300);

import {parentPort, workerData, isMainThread} from 'node:worker_threads';

// An ES module job: posts what it sees, then 'done'.
parentPort.postMessage({esm: true, workerData, isMainThread});
parentPort.postMessage('done');

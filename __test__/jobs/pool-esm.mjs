// ES module job: the named imports must see the values set up for this run.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

parentPort.postMessage({ workerData, isMainThread, url: import.meta.url.endsWith('/pool-esm.mjs') });
parentPort.postMessage('done');

// A .js file under "type": "module": loaded as an ES module, so `import` and `import.meta` work.
import workerThreads from 'node:worker_threads';

workerThreads.parentPort.postMessage({
  isModule: typeof require === 'undefined',
  url: import.meta.url.endsWith('/job.js'),
});
workerThreads.parentPort.postMessage('done');

// Reports how the job process looks from inside, then signals completion.
const workerThreads = require('worker_threads');

workerThreads.parentPort.postMessage({
  workerData: workerThreads.workerData,
  isMainThread: workerThreads.isMainThread,
  threadIdIsPid: workerThreads.threadId === process.pid,
  resourceLimits: workerThreads.resourceLimits,
  isRequireMain: require.main === module,
  argv: process.argv.slice(1),
  hasProcessSend: typeof process.send === 'function',
  envMarker: process.env.POOL_TEST_MARKER ?? null,
  hasPath: typeof process.env.PATH === 'string',
});
workerThreads.parentPort.postMessage('done');

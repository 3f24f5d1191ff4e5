const {parentPort, workerData, isMainThread, threadId, resourceLimits} = require('worker_threads');

// Posts what the job sees of its worker context, then 'done'.
parentPort.postMessage({
    workerData,
    isMainThread,
    threadId,
    resourceLimits,
    pid: process.pid,
    argv: process.argv.slice(2),
    execArgv: process.execArgv,
    env: {JOB_FLAVOUR: process.env.JOB_FLAVOUR}
});
parentPort.postMessage('done');

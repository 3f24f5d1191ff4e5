const fs = require('fs');
const {parentPort, workerData} = require('worker_threads');

// Appends "start" and "end" lines with its pid to workerData.file around a short wait.
fs.appendFileSync(workerData.file, `start ${process.pid} ${Date.now()}\n`);
setTimeout(() => {
    fs.appendFileSync(workerData.file, `end ${process.pid} ${Date.now()}\n`);
    parentPort.postMessage('done');
}, workerData.ms || 20);

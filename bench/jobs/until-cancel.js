'use strict';
// Runs until the manager sends 'cancel', then exits with code 0. It appends "<tag> ready" to
// the file named by `out` once it listens, and "<tag> cancelled" when the message arrives.
const {parentPort} = require('worker_threads');
const {jobData, appendLine} = require('./lib/job-io');

const data = jobData();
const keepAlive = setInterval(() => {}, 60000);

parentPort.on('message', (message) => {
    if (message === 'cancel') {
        appendLine(data.out, `${data.tag} cancelled`);
        clearInterval(keepAlive);
        process.exit(0);
    }
});
appendLine(data.out, `${data.tag} ready`);

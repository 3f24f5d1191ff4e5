const {parentPort} = require('worker_threads');

// Works until it receives 'cancel', then finishes with 'done'.
const timer = setInterval(() => {}, 1000);
parentPort.on('message', (message) => {
    if (message === 'cancel') {
        clearInterval(timer);
        parentPort.postMessage('done');
    }
});

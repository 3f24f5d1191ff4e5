const {parentPort} = require('worker_threads');

// Echoes the first message, then posts 'done'. Replies to 'cancel' with 'cancelled'.
parentPort.on('message', (message) => {
    if (message === 'cancel') {
        parentPort.postMessage('cancelled');
        return;
    }
    parentPort.postMessage(`Worker received: ${message}`);
    parentPort.postMessage('done');
});

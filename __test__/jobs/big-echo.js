const {parentPort} = require('worker_threads');

// Replies to a message with a string of the same length plus one, then 'done'.
parentPort.on('message', (message) => {
    if (typeof message === 'string' && message !== 'cancel') {
        parentPort.postMessage(`${message}!`);
        parentPort.postMessage('done');
    }
});

const {parentPort} = require('worker_threads');

// Listens for messages but never acts on 'cancel', and never ends by itself.
parentPort.on('message', () => {});
setInterval(() => {}, 1000);

// Runs until killed and ignores every message, including 'cancel'.
const { parentPort } = require('worker_threads');

parentPort.on('message', () => {});
setInterval(() => {}, 1000);

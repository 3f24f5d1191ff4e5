// Echoes messages as 'Worker received: <message>', replies 'cancelled' to 'cancel' and
// finishes on 'finish'.
const { parentPort } = require('worker_threads');

parentPort.on('message', (message) => {
  if (message === 'cancel') {
    parentPort.postMessage('cancelled');
    return;
  }
  if (message === 'finish') {
    parentPort.postMessage('done');
    return;
  }
  parentPort.postMessage(`Worker received: ${message}`);
});

// Replies to the first message with its length and a 2 MB string, then exits right away:
// the reply must still arrive whole.
const { parentPort } = require('worker_threads');

parentPort.once('message', (message) => {
  parentPort.postMessage({ receivedLength: message.length, lastChar: message.at(-1) });
  parentPort.postMessage('y'.repeat(2 * 1024 * 1024) + 'z');
  process.exit(0);
});

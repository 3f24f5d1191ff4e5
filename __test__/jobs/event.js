const {parentPort} = require('worker_threads');

// Posts a domain event, then 'done'.
parentPort.postMessage({event: {type: 'my-event', data: {foo: 'bar'}}});
parentPort.postMessage('done');

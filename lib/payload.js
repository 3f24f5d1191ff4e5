'use strict';

const v8 = require('node:v8');

/**
 * Values cross to and from job processes as V8 structured-clone data in base64, so Dates, Maps,
 * Sets, BigInts and typed arrays arrive as they would through a worker thread's MessagePort.
 */
function encode(value) {
    return v8.serialize(value).toString('base64');
}

function decode(payload) {
    return v8.deserialize(Buffer.from(payload, 'base64'));
}

module.exports = {encode, decode};

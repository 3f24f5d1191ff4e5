'use strict';

/**
 * Turns the plain object that a job process sends for an uncaught error back into an Error with
 * the job's own name, message, stack and extra properties, so `errorHandler` sees what the job
 * threw rather than a summary.
 */
function rebuildError(serialized) {
    if (serialized instanceof Error) {
        return serialized;
    }
    if (serialized === null || typeof serialized !== 'object') {
        const error = new Error(`Job threw a non-error value: ${String(serialized)}`);
        error.thrown = serialized;
        return error;
    }
    const {name, message, stack, ...extra} = serialized;
    const error = new Error(message === undefined ? '' : String(message));
    Object.assign(error, extra);
    if (name && name !== 'Error') {
        Object.defineProperty(error, 'name', {value: name, configurable: true, writable: true});
    }
    if (stack) {
        error.stack = stack;
    }
    return error;
}

module.exports = {rebuildError};

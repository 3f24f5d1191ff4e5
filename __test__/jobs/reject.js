// Rejects a promise without a handler.
Promise.reject(new Error('async job error'));

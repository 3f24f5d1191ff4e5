// Rejects a promise nobody handles.
Promise.reject(new Error('async job error'));

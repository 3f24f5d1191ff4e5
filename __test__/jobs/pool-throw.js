// Throws an error with a cause, an extra property and a property v8 cannot serialize.
const error = new Error('pool job failed', { cause: new Error('root cause') });
error.code = 'E_POOL_JOB';
error.retry = function retry() {};
throw error;

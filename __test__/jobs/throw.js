// Throws an error with an extra property, uncaught.
const error = new Error('job error');
error.code = 'E_JOB_BROKE';
throw error;

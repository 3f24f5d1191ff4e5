'use strict';

// `require('ferrous-job-manager')` returns the class itself, as `@tryghost/job-manager` does.
module.exports = require('./lib/job-manager');

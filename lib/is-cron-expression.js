'use strict';

/**
 * True when `expression` is a cron expression: 6 fields with seconds first, or a standard
 * 5-field crontab. Text schedules such as "every 5 minutes" are not cron.
 */
function isCronExpression(expression) {
    if (typeof expression !== 'string') {
        return false;
    }
    return require('./schedule').scheduleKind(expression) === 'cron';
}

module.exports = isCronExpression;

'use strict';

/**
 * True when `expression` is a cron expression: 6 fields with seconds first, or a standard
 * 5-field crontab. Text schedules such as "every 5 minutes" are not cron.
 */
function isCronExpression(expression) {
    if (typeof expression !== 'string') {
        return false;
    }
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
        return false;
    }
    const schedule = require('./schedule');
    return schedule.checkSchedule(expression) === null;
}

module.exports = isCronExpression;

'use strict';

// lib/schedule.js: the JS wrapper over the native schedule functions.

const test = require('node:test');
const assert = require('node:assert/strict');
const {nextRuns, checkSchedule, describeScheduleError, scheduleKind} = require('../lib/schedule');

const FROM = new Date('2026-03-11T09:26:13Z');

test('nextRuns returns Dates after from', () => {
    const runs = nextRuns('every 5 minutes', {count: 3, from: FROM, timezone: 'UTC'});
    assert.deepEqual(runs.map(run => run.toISOString()), [
        '2026-03-11T09:30:00.000Z',
        '2026-03-11T09:35:00.000Z',
        '2026-03-11T09:40:00.000Z'
    ]);
    assert.ok(runs[0] instanceof Date);
});

test('nextRuns defaults to five runs', () => {
    assert.equal(nextRuns('0 0 * * * *', {from: FROM}).length, 5);
});

test('nextRuns reads the schedule in the given zone', () => {
    const [run] = nextRuns('at 9:00', {count: 1, from: FROM, timezone: 'America/New_York'});
    assert.equal(run.toISOString(), '2026-03-11T13:00:00.000Z');
});

test('nextRuns gives a future Date itself', () => {
    const at = new Date('2026-03-12T00:00:00Z');
    assert.deepEqual(nextRuns(at, {from: FROM}), [at]);
    assert.deepEqual(nextRuns(new Date('2026-03-10T00:00:00Z'), {from: FROM}), []);
    assert.deepEqual(nextRuns(new Date(NaN), {from: FROM}), []);
});

test('nextRuns rejects an invalid schedule', () => {
    assert.throws(() => nextRuns('every five minutes', {from: FROM}), error => {
        assert.equal(error.name, 'IncorrectUsageError');
        assert.equal(error.message, 'Invalid schedule format');
        assert.equal(error.reason, 'expected a number or a unit such as "minutes" after "every", found "five"');
        assert.equal(error.context, error.reason);
        return true;
    });
});

test('nextRuns rejects a schedule without future runs', () => {
    assert.throws(() => nextRuns('in 2020', {from: FROM}), {
        name: 'IncorrectUsageError',
        message: 'Invalid schedule format',
        reason: /^it never fires after/
    });
});

test('nextRuns rejects values that are not schedules', () => {
    for (const at of [42, null, undefined, {}, ['every 5 minutes']]) {
        assert.throws(() => nextRuns(at, {from: FROM}), {message: 'Invalid schedule format', reason: /^expected a cron expression/});
    }
});

test('nextRuns rejects a bad count or start', () => {
    assert.throws(() => nextRuns('every 5 minutes', {count: -1}), TypeError);
    assert.throws(() => nextRuns('every 5 minutes', {count: 1.5}), TypeError);
    assert.throws(() => nextRuns('every 5 minutes', {from: new Date(NaN)}), TypeError);
});

test('checkSchedule returns null for valid schedules', () => {
    assert.equal(checkSchedule('0 */5 * * * *'), null);
    assert.equal(checkSchedule('*/5 * * * *'), null);
    assert.equal(checkSchedule('every 1 minute'), null);
    assert.equal(checkSchedule('at 10:15 am', 'Europe/London'), null);
    assert.equal(checkSchedule(new Date()), null);
});

test('checkSchedule returns the reason for invalid schedules', () => {
    assert.equal(checkSchedule('61 * * * * *'), 'second field "61" is out of range 0-59');
    assert.equal(checkSchedule('every 5 minutes foo').startsWith('expected a clause such as'), true);
    assert.match(checkSchedule('in 2020'), /^it never fires after/);
    assert.match(checkSchedule('every 5 minutes', 'Mars/Olympus'), /^invalid time zone "Mars\/Olympus"/);
    assert.equal(checkSchedule(new Date(NaN)), 'the Date is invalid');
    assert.equal(checkSchedule(5), 'expected a cron expression, a text schedule or a Date, received number');
});

test('describeScheduleError builds the original error', () => {
    assert.equal(describeScheduleError('every 5 minutes'), null);
    const error = describeScheduleError('invalid expression');
    assert.equal(error.name, 'IncorrectUsageError');
    assert.equal(error.errorType, 'IncorrectUsageError');
    assert.equal(error.statusCode, 400);
    assert.equal(error.message, 'Invalid schedule format');
    assert.match(error.reason, /^expected a clause such as/);
});

test('scheduleKind tells cron from text', () => {
    assert.equal(scheduleKind('0 */5 * * * *'), 'cron');
    assert.equal(scheduleKind('*/5 * * * *'), 'cron');
    assert.equal(scheduleKind('every 5 minutes after 10:00'), 'text');
    assert.equal(scheduleKind('every five minutes'), null);
    assert.equal(scheduleKind(new Date()), null);
});

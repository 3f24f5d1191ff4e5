'use strict';

// Compares the next 10 runs of generated schedules with @breejs/later 4.2, the library that
// evaluated schedules in @tryghost/job-manager 4.1.15.
//
// Both sides run in UTC: the process zone is set before anything loads, later is switched to
// UTC mode, and our side gets the time zone 'UTC'.
//
// Alignment: later's `schedule(s).next(n, from)` includes `from` itself when it matches and
// returns `from` when it lies inside a matching period, and the original's scheduler then skips
// any run less than 1 s away. Our `nextRuns` returns the pure occurrences strictly after `from`.
// So the comparison requests 11 runs from later, drops every run at or before `from`, and compares
// the first 10 of the rest with ours. Where later returns fewer, only those are compared.
//
// Intended differences, kept out of the generator (the Rust tests cover each):
// - cron day-of-week 7 is Sunday here and Saturday in later, so days are drawn from 0-6;
// - when both cron day fields are restricted and neither starts with '*', a day matches if
//   either does here and only if both do in later, so one of them is always '*' or '*/n';
// - cron '0-0' means 0 here and the whole range in later, so ranges never end at 0;
// - 5-field crontabs, month and weekday names, 'L', 'every <unit>' without a number and
//   trailing spaces are rejected by the original and not generated;
// - later ranks an `after`/`before` bound on a day-level unit by the current month's or year's
//   length, so the winner of that ranking can change with the date the test runs; those bounds
//   are drawn where the ranking cannot change;
// - texts that select nothing (`on fri through mon`) are rejected here, so ranges run forwards.
//
// Defects of later that this project does not copy, so the draws that hit them are skipped:
// - later searches value lists as if they were sorted, so a list that is not ascending loses
//   values (`on fri and tue` fires on Fridays only, `at 17:15 and 1:40` at 17:15 only);
//   draws whose parsed lists are not ascending are skipped;
// - a second `after` or `before` time in one schedule (`before 19:45 before 8:30 pm`) makes
//   later's search jump past matching days; such draws are skipped;
// - later treats 2100 as a leap year, so only runs before 2100 are compared;
// - for a schedule that never fires, later gives up after 1000 steps and returns dates that do
//   not match (its own `isValid` rejects them); draws with such a run are skipped;
// - when an exception covers the start of a longer period, later stops returning runs
//   (`of feb except on tue`), which the prefix comparison above absorbs;
// - an exception that never ends (`except every 1 days`) excludes nothing in later, so the
//   generated exceptions are days, months and times of day.

process.env.TZ = 'UTC';

const test = require('node:test');
const assert = require('node:assert/strict');
const later = require('@breejs/later');
const native = require('../lib/native');

later.date.UTC();

const FROM = new Date('2026-03-11T09:26:13Z');
const YEAR_END = new Date('2026-12-31T23:59:50Z');
const SEED = 20260311;
// later treats 2100 as a leap year, so runs from then on are not compared.
const END = new Date('2100-01-01T00:00:00Z');

/** mulberry32: a small seeded generator, so every run draws the same schedules. */
function random(seed) {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function generator(seed) {
    const next = random(seed);
    const int = (min, max) => min + Math.floor(next() * (max - min + 1));
    const pick = list => list[int(0, list.length - 1)];
    const chance = p => next() < p;
    return {int, pick, chance};
}

/** Returns a cron field that the original's validator accepts, with values in [min, max]. */
function cronField(g, min, max, {restrict = 0.6} = {}) {
    if (!g.chance(restrict)) {
        return '*';
    }
    const value = () => g.int(min, max);
    const range = () => {
        const a = g.int(min, max - 1);
        return [a, g.int(a + 1, max)];
    };
    switch (g.int(0, 5)) {
    case 0:
        return String(value());
    case 1: {
        const [a, b] = range();
        return `${a}-${b}`;
    }
    case 2:
        return Array.from({length: g.int(2, 4)}, value).join(',');
    case 3:
        return `*/${g.int(1, Math.min(max, 30))}`;
    case 4:
        return `${value()}/${g.int(1, Math.min(max, 30))}`;
    default: {
        const [a, b] = range();
        const width = b - a + 1;
        return width > 2 ? `${a}-${b}/${g.int(1, width - 1)}` : `${a}-${b}`;
    }
    }
}

function cronSchedule(g) {
    const second = cronField(g, 0, 59, {restrict: 0.9});
    const minute = cronField(g, 0, 59, {restrict: 0.7});
    const hour = cronField(g, 0, 23, {restrict: 0.5});
    let monthDay = cronField(g, 1, 31, {restrict: 0.25});
    const month = cronField(g, 1, 12, {restrict: 0.2});
    const weekday = cronField(g, 0, 6, {restrict: 0.25});
    if (!monthDay.startsWith('*') && !weekday.startsWith('*')) {
        monthDay = `*/${g.int(1, 10)}`;
    }
    return [second, minute, hour, monthDay, month, weekday].join(' ');
}

const TIME_UNITS = ['seconds', 'second', 'sec', 's', 'minutes', 'min', 'm', 'hours', 'hour', 'h'];
const DAY_UNITS = ['days', 'day', 'days of the week', 'day of the year', 'weeks', 'week of the month', 'day instance', 'months', 'month'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const LONG_DAYS = ['sunday', 'monday', 'tuesdays', 'wednesday', 'thurs', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'june', 'july', 'aug', 'sept', 'oct', 'nov', 'dec'];
const LONG_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function clockTime(g) {
    if (g.chance(0.5)) {
        return `${g.int(0, 23)}:${String(g.int(0, 11) * 5).padStart(2, '0')}`;
    }
    return `${g.int(1, 12)}:${String(g.int(0, 3) * 15).padStart(2, '0')}${g.pick([' am', 'am', ' pm', 'pm'])}`;
}

function rank(g, value) {
    return g.chance(0.5) ? String(value) : `${value}${g.pick(['st', 'nd', 'rd', 'th'])}`;
}

function everyClause(g) {
    if (g.chance(0.1)) {
        return g.pick(['every weekday', 'every weekend']);
    }
    const unit = g.chance(0.7) ? g.pick(TIME_UNITS) : g.pick(DAY_UNITS);
    let clause = `every ${g.pick([1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 90])} ${unit}`;
    if (TIME_UNITS.includes(unit) && g.chance(0.25)) {
        clause += g.chance(0.5) ? ` starting on the ${rank(g, g.int(1, 9))} ${unit}` : ` between ${g.int(0, 10)} and ${g.int(11, 23)}`;
    }
    return clause;
}

/** Days in later's spellings; `span` caps the length of a `through` range. */
function dayList(g, span = 6) {
    const first = g.int(0, 6);
    if (g.chance(0.3)) {
        return `${DAYS[first]} ${g.pick(['through', 'to', '-'])} ${DAYS[g.int(first, Math.min(6, first + span))]}`;
    }
    const days = Array.from({length: g.int(1, 3)}, () => g.int(0, 6)).sort();
    return days.map(day => g.chance(0.7) ? DAYS[day] : LONG_DAYS[day]).join(g.pick([' and ', ', ']));
}

function monthList(g) {
    const first = g.int(0, 11);
    const name = month => (g.chance(0.7) ? MONTHS : LONG_MONTHS)[month];
    return g.chance(0.3) ? `${name(first)} through ${name(g.int(first, 11))}` : name(first);
}

function clause(g) {
    switch (g.int(0, 9)) {
    case 0:
    case 1:
        return everyClause(g);
    case 2:
        return `${g.pick(['at ', '@'])}${clockTime(g)}${g.chance(0.3) ? ` and ${clockTime(g)}` : ''}`;
    case 3:
        return `on ${dayList(g)}`;
    case 4: {
        const unit = g.pick(['day', 'day of the month', 'hour', 'minute', 'day instance', 'day of the week', 'week of the month', 'month']);
        if (g.chance(0.3)) {
            return `on the ${g.pick(['first', 'last'])} ${unit}`;
        }
        return `on the ${rank(g, g.int(1, 4))}${g.chance(0.4) ? ` and ${rank(g, g.int(5, 28))}` : ''} ${unit}`;
    }
    case 5:
        return `of ${monthList(g)}`;
    case 6:
        return `in ${g.int(2026, 2030)}`;
    case 7:
        return `${g.pick(['after', 'before'])} ${clockTime(g)}`;
    case 8: {
        const [unit, max] = g.pick([['minute', 59], ['hour', 23], ['day', 20], ['month', 12]]);
        return g.chance(0.5) ? `after ${rank(g, g.int(1, max))} ${unit}` : `before ${rank(g, g.int(2, max))} ${unit}`;
    }
    default:
        return everyClause(g);
    }
}

/** Returns an `except` part. Each one ends, because later cannot exclude a stretch without an end. */
function exceptClause(g) {
    switch (g.int(0, 3)) {
    case 0:
        return `on ${dayList(g, 5)}`;
    case 1:
        return `of ${monthList(g)}`;
    case 2:
        return `at ${clockTime(g)}`;
    default:
        return `${g.pick(['after', 'before'])} ${clockTime(g)}`;
    }
}

function textSchedule(g) {
    const parts = [clause(g)];
    while (g.chance(0.45) && parts.length < 4) {
        parts.push(clause(g));
    }
    if (g.chance(0.12)) {
        parts.push('also', clause(g));
    }
    if (g.chance(0.15)) {
        parts.push('except', exceptClause(g));
    }
    return parts.join(' ');
}

/**
 * True when later can search the parsed lists: one value per after/before key, and ascending,
 * where 0 ranks last in the units that count from 1 (0 there means the last value).
 */
function listsAreSearchable(parsed) {
    const rank = (key, value) => (value === 0 && !['s', 'm', 'h', 't'].includes(key) ? Infinity : value);
    return [...parsed.schedules, ...parsed.exceptions].every(group => Object.entries(group).every(
        ([key, values]) => (!key.includes('_') || values.length === 1) &&
            values.every((value, index) => index === 0 || rank(key, values[index - 1]) < rank(key, value))
    ));
}

/** later's runs for `at`, or null when later rejects it or hits one of its defects above. */
function laterRuns(at, from, {skipDefects = true} = {}) {
    const parsed = /^[\d*]/.test(at) ? later.parse.cron(at, true) : later.parse.text(at);
    if ((parsed.error !== -1 && parsed.error !== undefined) || (skipDefects && !listsAreSearchable(parsed))) {
        return null;
    }
    let schedule;
    let runs;
    try {
        schedule = later.schedule(parsed);
        runs = schedule.next(11, from);
    } catch (err) {
        return null;
    }
    const list = (Array.isArray(runs) ? runs : [runs])
        .filter(run => run instanceof Date && run > from && run < END)
        .slice(0, 10);
    if (!list.every(run => schedule.isValid(run))) {
        return null;
    }
    return list.map(run => run.toISOString());
}

function ourRuns(at, from) {
    try {
        return native.nextRuns(at, 10, from.getTime(), 'UTC').map(ms => new Date(ms).toISOString());
    } catch (err) {
        return [];
    }
}

/** Draws distinct schedules that later can evaluate, with at least one run after `from`. */
function drawSchedules(seed, make, count, from) {
    const g = generator(seed);
    const drawn = new Map();
    for (let attempt = 0; drawn.size < count && attempt < count * 20; attempt++) {
        const at = make(g);
        const expected = laterRuns(at, from);
        if (!drawn.has(at) && expected && expected.length > 0) {
            drawn.set(at, expected);
        }
    }
    return drawn;
}

function compare(schedules, from) {
    const mismatches = [];
    for (const [at, expected] of schedules) {
        const actual = ourRuns(at, from).slice(0, expected.length);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            mismatches.push({at, expected, actual});
        }
    }
    return mismatches;
}

test('cron schedules match later', () => {
    const schedules = drawSchedules(SEED, cronSchedule, 160, FROM);
    assert.equal(schedules.size, 160);
    assert.deepEqual(compare(schedules, FROM), []);
});

test('text schedules match later', () => {
    const schedules = drawSchedules(SEED + 1, textSchedule, 200, FROM);
    assert.equal(schedules.size, 200);
    assert.deepEqual(compare(schedules, FROM), []);
});

test('cron schedules match later across a year end', () => {
    const schedules = drawSchedules(SEED + 2, cronSchedule, 60, YEAR_END);
    assert.equal(schedules.size, 60);
    assert.deepEqual(compare(schedules, YEAR_END), []);
});

test('text schedules match later across a year end', () => {
    const schedules = drawSchedules(SEED + 3, textSchedule, 80, YEAR_END);
    assert.equal(schedules.size, 80);
    assert.deepEqual(compare(schedules, YEAR_END), []);
});

test('documented text examples match later', () => {
    const examples = [
        'every 5 minutes', 'every 5 mins', 'every 5 min', 'every 5 m', 'every 30 seconds', 'every 5 s',
        'every 1 minute', 'every 0 minutes', 'every 2 hours', 'every 45 minutes', 'every 90 seconds',
        'every 100 minutes', 'every 1 day', 'every 2 days', 'every 7 days', 'every weekday',
        'every weekend', 'every 3 months', 'every 2 weeks', 'at 10:15 am', 'at 10:15am', 'at 10:15',
        '@10:15', 'at 5:00 pm', 'at 12:00 am', 'at 12:00 pm', 'at 10:15 am and 4:30 pm',
        'every weekday at 9:00 am', 'on monday at 10:00', 'on mon through fri at 9:00',
        'on tuesday and thursday at 15:00', 'on the first day of the month',
        'on the last day of the month', 'on the 1st and 15th day of the month at 08:00',
        'on the 2nd day instance on tue', 'of march', 'in 2027', 'every 2 hours after 8:00am',
        'every 5 minutes after 10:00 before 18:00',
        'every 30 minutes after 9:00 before 17:00 except on sat and sun',
        'every 5 minutes starting on the 2nd minute', 'every 3 hours between 6 and 18',
        'at 9:00 except on sun', 'every 10 minutes after 18:00 also every 30 minutes before 9:00',
        'after 10:00', '  every 5 minutes'
    ];
    const schedules = new Map(examples.map(at => [at, laterRuns(at, FROM, {skipDefects: false})]));
    for (const [at, expected] of schedules) {
        assert.ok(expected, `later evaluates "${at}"`);
        assert.ok(expected.length > 0, `later has runs for "${at}"`);
    }
    assert.deepEqual(compare(schedules, FROM), []);
});


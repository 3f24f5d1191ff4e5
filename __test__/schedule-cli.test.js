'use strict';

// Runs bin/cli.js as a child process, the way `npx ferrous-job-manager next ...` does.

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const {spawnSync} = require('node:child_process');

const CLI = path.join(__dirname, '..', 'bin', 'cli.js');

function cli(...args) {
    return spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env: {...process.env, TZ: 'UTC'}, timeout: 20000});
}

test('cli prints the next runs of a valid schedule', () => {
    const result = cli('next', 'every 5 minutes', '-n', '3', '--tz', 'Europe/London', '--from', '2026-03-29T00:50:00Z');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, [
        '2026-03-29T00:55:00.000Z  2026-03-29 00:55:00 +00:00',
        '2026-03-29T01:00:00.000Z  2026-03-29 02:00:00 +01:00',
        '2026-03-29T01:05:00.000Z  2026-03-29 02:05:00 +01:00',
        ''
    ].join('\n'));
    assert.equal(result.stderr, '');
});

test('cli defaults to five runs in the local zone', () => {
    const result = cli('next', '0 30 9 * * *', '--from', '2026-03-11T00:00:00Z');
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.equal(lines[0], '2026-03-11T09:30:00.000Z  2026-03-11 09:30:00 +00:00');
});

test('cli rejects an invalid schedule with exit code 2', () => {
    const result = cli('next', 'every five minutes');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(
        result.stderr,
        'ferrous-job-manager: invalid schedule "every five minutes": expected a number or a unit such as "minutes" after "every", found "five"\n'
    );
});

test('cli shows half-hour offsets', () => {
    const result = cli('next', '0 15 2 * * *', '-n', '2', '--tz', 'Australia/Lord_Howe', '--from', '2026-10-03T12:00:00Z');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, [
        '2026-10-03T15:30:00.000Z  2026-10-04 02:30:00 +11:00',
        '2026-10-04T15:15:00.000Z  2026-10-05 02:15:00 +11:00',
        ''
    ].join('\n'));
});

test('cli rejects an unknown time zone with exit code 2', () => {
    const result = cli('next', 'every 5 minutes', '--tz', 'Mars/Olympus');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /invalid time zone "Mars\/Olympus"/);
});

test('cli rejects a missing schedule with usage', () => {
    const result = cli('next');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /expected one schedule after "next"/);
    assert.match(result.stderr, /^Usage: ferrous-job-manager next/m);
});

test('cli help exits 0', () => {
    const result = cli('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^Usage: ferrous-job-manager next "<schedule>"/);
});

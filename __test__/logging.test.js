'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {execFileSync} = require('node:child_process');
const logging = require('@tryghost/logging');
const JobManager = require('..');

const packageRoot = path.join(__dirname, '..');

test('host @tryghost/logging receives lines', async (t) => {
    const infoCalls = [];
    t.mock.method(logging, 'info', (...args) => {
        infoCalls.push(args);
    });
    const jobManager = new JobManager({});

    await jobManager.addJob({name: 'via-host', job: () => {}, offloaded: false});
    await jobManager.allSettled();

    assert.deepEqual(infoCalls.map(([first]) => first), ['Adding one-off job to inlineQueue with current length = 0 called \'via-host\'']);
});

test('logging stubs are read at call time', async (t) => {
    const jobManager = new JobManager({});
    const errorCalls = [];
    t.mock.method(logging, 'info', () => {});
    t.mock.method(logging, 'error', (...args) => {
        errorCalls.push(args);
    });

    await jobManager.addJob({job: () => {
        throw new Error('late stub');
    }, offloaded: false});
    await jobManager.allSettled().catch(() => {});

    assert.equal(errorCalls.length, 1);
    assert.equal(errorCalls[0][0].errorType, 'UnhandledJobError');
});

test('logger option overrides host logging', async (t) => {
    const hostCalls = [];
    t.mock.method(logging, 'info', (...args) => hostCalls.push(args));
    const lines = [];
    const logger = {info: (...args) => lines.push(args), warn() {}, error() {}};
    const jobManager = new JobManager({logger});

    await jobManager.addJob({job: () => {}, offloaded: false});
    await jobManager.allSettled();

    assert.equal(lines.length, 1);
    assert.equal(hostCalls.length, 0);
});

test('logger false silences the manager', async (t) => {
    const hostCalls = [];
    t.mock.method(logging, 'info', (...args) => hostCalls.push(args));
    const jobManager = new JobManager({logger: false});

    await jobManager.addJob({job: () => {}, offloaded: false});
    await jobManager.allSettled();

    assert.equal(hostCalls.length, 0);
});

test('console logger is used without host logging', () => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjm-console-'));
    const script = path.join(appDir, 'app.js');
    fs.writeFileSync(script, `
const JobManager = require(${JSON.stringify(packageRoot)});
const jobManager = new JobManager();
jobManager.addJob({name: 'console-job', job: () => {}, offloaded: false});
`);

    const output = execFileSync(process.execPath, [script], {cwd: appDir, encoding: 'utf8', timeout: 10000});

    assert.match(output, /\[job-manager\] INFO Adding one-off job to inlineQueue with current length = 0 called 'console-job'/);
    fs.rmSync(appDir, {recursive: true, force: true});
});

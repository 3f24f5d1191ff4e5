'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {spawn} = require('node:child_process');
const JobManager = require('..');
const MemoryJobModel = require('./support/job-model');
const {createRecordingLogger, sleep, waitUntil} = require('./support/logger');

const jobPath = name => path.join(__dirname, 'jobs', name);
const packageRoot = path.join(__dirname, '..');

function createManager(options = {}) {
    const logger = createRecordingLogger();
    const errors = [];
    const JobModel = new MemoryJobModel();
    const jobManager = new JobManager({
        logger,
        JobModel,
        errorHandler: (error, meta) => errors.push({error, meta}),
        ...options
    });
    return {jobManager, logger, errors, JobModel};
}

/** True while `pid` runs; a zombie waiting to be reaped counts as gone. */
function isAlive(pid) {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
        return state !== 'Z' && state !== 'X';
    } catch (err) {
        return false;
    }
}

/** Pids of every child process of `pid`, whichever of its threads started them. */
function childrenOf(pid) {
    return fs.readdirSync(`/proc/${pid}/task`).flatMap(task => fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        .trim().split(/\s+/).filter(Boolean).map(Number));
}

test('shutdown clears recurring timers', async () => {
    const {jobManager} = createManager();

    await jobManager.addJob({at: 'every 5 seconds', job: jobPath('graceful.js')});
    assert.equal(jobManager.bree.intervals.size, 1);
    assert.equal(jobManager.bree.workers.size, 0);
    await jobManager.shutdown();

    assert.equal(jobManager.bree.intervals.size, 0);
});

test('graceful job finishes at shutdown', async () => {
    const {jobManager, JobModel, errors} = createManager();

    await jobManager.addOneOffJob({name: 'graceful', job: jobPath('graceful.js')});
    await waitUntil(() => jobManager.bree.workers.get('graceful')?.threadId > 0, 'the job process to start');
    await jobManager.shutdown();

    assert.equal(JobModel.statusOf('graceful'), 'finished');
    assert.equal(errors.length, 0);
});

test('cancelled reply is a cancellation, not an error', async () => {
    const {jobManager, JobModel, errors, logger} = createManager();

    await jobManager.addOneOffJob({name: 'message', job: jobPath('message.js')});
    await waitUntil(() => jobManager.bree.workers.get('message')?.threadId > 0, 'the job process to start');
    await jobManager.shutdown();
    await waitUntil(() => JobModel.statusOf('message') === 'failed', 'the record to leave started');

    assert.equal(errors.length, 0);
    assert.ok(logger.texts('info').includes('Gracefully cancelled worker for job "message"'));
    await jobManager.addOneOffJob({name: 'message', job: jobPath('simple.js')});
    await jobManager.awaitOneOffCompletion('message');
    assert.equal(JobModel.statusOf('message'), 'finished');
    await jobManager.shutdown();
});

test('job ignoring cancel is killed after the grace period', async () => {
    const {jobManager, errors} = createManager({shutdownTimeout: 300});

    await jobManager.addJob({name: 'stubborn', job: jobPath('ignore-cancel.js')});
    await waitUntil(() => jobManager.bree.workers.get('stubborn')?.threadId > 0, 'the job process to start');
    const pid = jobManager.bree.workers.get('stubborn').threadId;
    const started = Date.now();
    await jobManager.shutdown();
    const took = Date.now() - started;

    assert.ok(took < 300 + 1500, `shutdown took ${took} ms`);
    assert.equal(isAlive(pid), false);
    assert.equal(errors.length, 1);
    assert.match(errors[0].error.message, /stubborn/);
});

test('jobs can be added after shutdown', async () => {
    const {jobManager} = createManager();
    await jobManager.shutdown();

    const completion = jobManager.awaitCompletion('after');
    await jobManager.addJob({name: 'after', job: jobPath('simple.js')});
    await completion;
    await jobManager.shutdown();
});

test('a hundred runs never exceed the cap', async () => {
    const {jobManager} = createManager({pool: {size: 2, maxWorkers: 4}, logger: false});
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fjm-cap-')), 'runs.log');
    fs.writeFileSync(file, '');

    const completions = [];
    for (let i = 0; i < 100; i++) {
        completions.push(jobManager.awaitCompletion(`run-${i}`));
        await jobManager.addJob({name: `run-${i}`, job: jobPath('counter.js'), data: {file, ms: 5}});
    }
    await Promise.all(completions);
    await jobManager.shutdown();

    const events = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => {
        const [kind, pid, at] = line.split(' ');
        return {kind, pid, at: Number(at)};
    });
    let running = 0;
    let maxRunning = 0;
    for (const event of events) {
        running += event.kind === 'start' ? 1 : -1;
        maxRunning = Math.max(maxRunning, running);
    }
    assert.equal(events.filter(event => event.kind === 'start').length, 100);
    assert.equal(new Set(events.map(event => event.pid)).size, 100);
    assert.ok(maxRunning <= 4, `saw ${maxRunning} runs at once`);
});

test('host killed with SIGKILL leaves no job process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjm-orphan-'));
    const script = path.join(dir, 'host.js');
    fs.writeFileSync(script, `
const JobManager = require(${JSON.stringify(packageRoot)});
const jobManager = new JobManager({logger: false, pool: {size: 2}});
jobManager.bree.on('worker created', () => {});
jobManager.addJob({name: 'stubborn', job: ${JSON.stringify(jobPath('ignore-cancel.js'))}}).then(async () => {
    while (!(jobManager.bree.workers.get('stubborn')?.threadId > 0)) {
        await new Promise(resolve => setTimeout(resolve, 10));
    }
    console.log(jobManager.bree.workers.get('stubborn').threadId);
});
`);
    const host = spawn(process.execPath, [script], {stdio: ['ignore', 'pipe', 'inherit']});
    let output = '';
    host.stdout.on('data', (chunk) => {
        output += chunk;
    });
    await waitUntil(() => /\d+\n/.test(output), 'the host to report its job pid', 10000);
    const jobPid = Number(output.trim());
    const childPids = childrenOf(host.pid);
    assert.ok(isAlive(jobPid));
    assert.ok(childPids.includes(jobPid));

    host.kill('SIGKILL');
    await waitUntil(() => !isAlive(jobPid) && childPids.every(pid => !isAlive(pid)), 'every child of the host to exit', 3000);
    fs.rmSync(dir, {recursive: true, force: true});
});

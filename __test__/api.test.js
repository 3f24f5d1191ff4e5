'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const JobManager = require('..');
const {createRecordingLogger} = require('./support/logger');

const PUBLIC_METHODS = [
    'addJob', 'addOneOffJob', 'hasExecutedSuccessfully', 'awaitOneOffCompletion', 'awaitCompletion',
    'allSettled', 'removeJob', 'shutdown', 'inlineJobHandler'
];

test('require returns the class itself', () => {
    assert.equal(typeof JobManager, 'function');
    assert.equal(JobManager.name, 'JobManager');
});

test('instance has every public method', () => {
    const jobManager = new JobManager({config: {get() {}}, logger: createRecordingLogger()});

    for (const method of PUBLIC_METHODS) {
        assert.equal(typeof jobManager[method], 'function', method);
    }
});

test('methods live on the prototype', () => {
    for (const method of PUBLIC_METHODS) {
        assert.ok(Object.prototype.hasOwnProperty.call(JobManager.prototype, method), method);
    }
});

test('options from older Ghost versions are ignored', () => {
    const jobManager = new JobManager({isDuplicate: true, db: {}, events: {}, jobQueueManager: {}, logger: createRecordingLogger()});

    assert.equal(typeof jobManager.addJob, 'function');
});

test('constructor accepts no argument', () => {
    const jobManager = new JobManager();

    assert.ok(jobManager.inlineQueue.idle());
});

test('constructor accepts console as options', () => {
    const jobManager = new JobManager(console);

    assert.ok(jobManager.inlineQueue.idle());
});

test('bree config keeps the worker option', () => {
    const worker = {resourceLimits: {maxOldGenerationSizeMb: 256}, execArgv: ['--no-warnings']};
    const jobManager = new JobManager({worker, logger: createRecordingLogger()});

    assert.deepEqual(jobManager.bree.config.worker, worker);
});

test('bree exposes maps and a job list', () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    assert.ok(jobManager.bree.workers instanceof Map);
    assert.ok(jobManager.bree.timeouts instanceof Map);
    assert.ok(jobManager.bree.intervals instanceof Map);
    assert.deepEqual(jobManager.bree.config.jobs, []);
});

test('queue is an alias of inlineQueue', () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    assert.equal(jobManager.queue, jobManager.inlineQueue);
    assert.equal(typeof jobManager.queue.idle, 'function');
    assert.equal(typeof jobManager.queue.length, 'function');
    assert.equal(typeof jobManager.queue.running, 'function');
});

const badOptions = [
    ['errorHandler', 'not a function', /Invalid "errorHandler" option.*a function.*"not a function"/],
    ['workerMessageHandler', 42, /Invalid "workerMessageHandler" option.*received 42/],
    ['JobModel', 'jobs', /Invalid "JobModel" option.*a model object.*"jobs"/],
    ['domainEvents', {}, /Invalid "domainEvents" option.*dispatchRaw/],
    ['worker', 'fast', /Invalid "worker" option.*an object/],
    ['concurrency', 0, /Invalid "concurrency" option.*at least 1.*received 0/],
    ['concurrency', 2.5, /Invalid "concurrency" option.*received 2.5/],
    ['timezone', 5, /Invalid "timezone" option.*received 5/],
    ['shutdownTimeout', -1, /Invalid "shutdownTimeout" option.*received -1/],
    ['logger', {info() {}}, /Invalid "logger" option.*warn, error are missing/]
];

for (const [option, value, expected] of badOptions) {
    test(`constructor rejects bad ${option} ${JSON.stringify(value)}`, () => {
        assert.throws(() => new JobManager({[option]: value}), expected);
    });
}

test('addJob without options rejects with TypeError', async () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    await assert.rejects(jobManager.addJob(), {name: 'TypeError', message: /addJob expects an options object/});
});

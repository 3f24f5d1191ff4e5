'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const JobManager = require('..');
const MemoryJobModel = require('./support/job-model');
const {createRecordingLogger, sleep} = require('./support/logger');

function createManager(options = {}) {
    const JobModel = new MemoryJobModel();
    const logger = createRecordingLogger();
    const jobManager = new JobManager({JobModel, logger, ...options});
    return {jobManager, JobModel, logger};
}

test('addOneOffJob without name rejects', async () => {
    const {jobManager} = createManager();

    await assert.rejects(jobManager.addOneOffJob({job: () => {}}), {
        errorType: 'IncorrectUsageError',
        message: 'The name parameter is required for a one off job.'
    });
});

test('addOneOffJob without JobModel rejects clearly', async () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    await assert.rejects(jobManager.addOneOffJob({name: 'orphan', job: () => {}, offloaded: false}), {
        errorType: 'IncorrectUsageError',
        message: /addOneOffJob\("orphan"\) needs a JobModel/
    });
});

test('awaitOneOffCompletion without JobModel rejects clearly', async () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    await assert.rejects(jobManager.awaitOneOffCompletion('orphan'), {
        errorType: 'IncorrectUsageError',
        message: /awaitOneOffCompletion\("orphan"\) needs a JobModel/
    });
});

test('new one-off job adds a queued record', async () => {
    const {jobManager, JobModel} = createManager();

    await jobManager.addOneOffJob({name: 'fresh', job: () => {}, offloaded: false});

    assert.deepEqual(JobModel.calls[0], ['findOne', {name: 'fresh'}]);
    assert.deepEqual(JobModel.calls[1], ['add', {name: 'fresh', status: 'queued'}]);
    await jobManager.allSettled();
});

test('finished one-off job cannot be added again', async () => {
    const {jobManager, JobModel} = createManager();
    await JobModel.add({name: 'I am the only one', status: 'finished'});
    JobModel.calls.length = 0;

    await assert.rejects(jobManager.addOneOffJob({name: 'I am the only one', job: () => {}, offloaded: false}), {
        errorType: 'IncorrectUsageError',
        message: 'A "I am the only one" one off job has already been executed.'
    });
    assert.equal(JobModel.calls.filter(([method]) => method === 'add').length, 0);
});

for (const status of ['queued', 'started']) {
    test(`one-off job with status ${status} cannot be added again`, async () => {
        const {jobManager, JobModel} = createManager();
        await JobModel.add({name: 'busy', status});

        await assert.rejects(jobManager.addOneOffJob({name: 'busy', job: () => {}, offloaded: false}), /already been executed/);
    });
}

test('inline one-off success persists started then finished', async () => {
    const {jobManager, JobModel} = createManager();
    const completion = jobManager.awaitCompletion('success');

    await jobManager.addOneOffJob({name: 'success', job: () => sleep(5), offloaded: false});
    await completion;

    const methods = JobModel.calls.map(([method]) => method);
    assert.deepEqual(methods, ['findOne', 'add', 'findOne', 'edit', 'findOne', 'edit']);
    const [started, finished] = JobModel.edits();
    assert.equal(started.status, 'started');
    assert.ok(started.started_at instanceof Date);
    assert.equal(finished.status, 'finished');
    assert.ok(finished.finished_at instanceof Date);
    assert.ok(finished.finished_at >= started.started_at);
    const [, , editOptions] = JobModel.calls[3];
    assert.equal(editOptions.id, [...JobModel.records.keys()][0]);
});

test('inline one-off failure persists failed', async () => {
    const {jobManager, JobModel} = createManager();
    const completion = jobManager.awaitCompletion('failure');

    await jobManager.addOneOffJob({name: 'failure', job: () => {
        throw new Error('job error');
    }, offloaded: false});
    await assert.rejects(completion, /job error/);

    const edits = JobModel.edits();
    assert.equal(edits[0].status, 'started');
    assert.deepEqual(edits[1], {status: 'failed'});
    assert.equal(JobModel.statusOf('failure'), 'failed');
});

test('failed one-off job can be added again', async () => {
    const {jobManager, JobModel} = createManager();
    let attempts = 0;
    const job = () => {
        attempts += 1;
        if (attempts === 1) {
            throw new Error('first attempt fails');
        }
    };

    const firstRun = jobManager.awaitCompletion('retry');
    await jobManager.addOneOffJob({name: 'retry', job, offloaded: false});
    await assert.rejects(firstRun, /first attempt fails/);
    const secondRun = jobManager.awaitCompletion('retry');
    await jobManager.addOneOffJob({name: 'retry', job, offloaded: false});
    await secondRun;

    const edits = JobModel.edits();
    assert.deepEqual(edits[2], {status: 'queued'});
    assert.equal(edits[3].status, 'started');
    assert.equal(edits[4].status, 'finished');
    assert.equal(attempts, 2);
});

test('hasExecutedSuccessfully without JobModel is false', async () => {
    const jobManager = new JobManager({logger: createRecordingLogger()});

    assert.equal(await jobManager.hasExecutedSuccessfully('anything'), false);
});

const statusCases = [[undefined, false], ['finished', true], ['failed', false], ['queued', true], ['started', true]];
for (const [status, expected] of statusCases) {
    test(`hasExecutedSuccessfully with status ${status} is ${expected}`, async () => {
        const {jobManager, JobModel} = createManager();
        if (status) {
            await JobModel.add({name: 'checked', status});
        }

        assert.equal(await jobManager.hasExecutedSuccessfully('checked'), expected);
    });
}

test('awaitOneOffCompletion resolves once finished', async () => {
    const {jobManager, JobModel} = createManager();
    let ran = false;

    await jobManager.addOneOffJob({name: 'slow', job: async () => {
        await sleep(80);
        ran = true;
    }, offloaded: false});
    const record = await jobManager.awaitOneOffCompletion('slow');

    assert.equal(ran, true);
    assert.equal(record.get('status'), 'finished');
    assert.equal(JobModel.statusOf('slow'), 'finished');
});

test('awaitOneOffCompletion resolves with a failed record', async () => {
    const {jobManager} = createManager();

    await jobManager.addOneOffJob({name: 'broken', job: async () => {
        await sleep(20);
        throw new Error('broken job');
    }, offloaded: false});
    const record = await jobManager.awaitOneOffCompletion('broken');

    assert.equal(record.get('status'), 'failed');
});

test('awaitOneOffCompletion polls a job another process runs', async () => {
    const {jobManager, JobModel} = createManager();
    const record = await JobModel.add({name: 'elsewhere', status: 'started'});
    setTimeout(() => JobModel.edit({status: 'finished'}, {id: record.id}), 150);

    const started = Date.now();
    const settled = await jobManager.awaitOneOffCompletion('elsewhere');

    assert.equal(settled.get('status'), 'finished');
    assert.ok(Date.now() - started < 1500);
});

test('addOneOffJob calls addJob on the instance', async () => {
    const {jobManager} = createManager();
    const calls = [];
    jobManager.addJob = async (options) => {
        calls.push(options);
    };

    await jobManager.addOneOffJob({name: 'wrapped', job: () => {}, data: {x: 1}, offloaded: false});

    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'wrapped');
    assert.deepEqual(calls[0].data, {x: 1});
    assert.equal(calls[0].offloaded, false);
});

test('failing addJob marks the one-off record failed', async () => {
    const {jobManager, JobModel} = createManager();

    await assert.rejects(jobManager.addOneOffJob({name: 'unresolvable', job: '/nowhere/job.js', offloaded: false}), /could not be resolved/);

    assert.equal(JobModel.statusOf('unresolvable'), 'failed');
});

test('JobModel failure when recording start fails the job', async () => {
    const {jobManager, JobModel, logger} = createManager();
    let ran = false;
    JobModel.failOn.add('edit');
    const completion = jobManager.awaitCompletion('model-breaks');
    await jobManager.addOneOffJob({name: 'model-breaks', job: () => {
        ran = true;
    }, offloaded: false});

    await assert.rejects(completion, /JobModel.edit failed on purpose/);

    assert.equal(ran, false);
    assert.ok(logger.lines.error.some(([first]) => first.errorType === 'UnhandledJobError'));
});

test('JobModel failure when recording finish is logged', async () => {
    const {jobManager, JobModel, logger} = createManager();
    const completion = jobManager.awaitCompletion('finish-breaks');
    const originalEdit = JobModel.edit.bind(JobModel);
    JobModel.edit = async (data, options) => {
        if (data.status === 'finished') {
            throw new Error('database went away');
        }
        return originalEdit(data, options);
    };

    await jobManager.addOneOffJob({name: 'finish-breaks', job: () => {}, offloaded: false});
    await completion;

    assert.ok(logger.texts('error').some(text => text.includes('Failed to record job "finish-breaks" as finished')));
});

'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const JobManager = require('..');
const MemoryJobModel = require('./support/job-model');
const {createRecordingLogger, sleep, waitUntil} = require('./support/logger');

const jobPath = name => path.join(__dirname, 'jobs', name);

function createManager(options = {}) {
    const logger = createRecordingLogger();
    const errors = [];
    const messages = [];
    const jobManager = new JobManager({
        logger,
        errorHandler: (error, meta) => errors.push({error, meta}),
        workerMessageHandler: message => messages.push(message),
        shutdownTimeout: 2000,
        ...options
    });
    return {jobManager, logger, errors, messages};
}

/** Shuts the manager down at the end of a test, so no job process outlives it. */
function cleanup(t, jobManager) {
    t.after(() => jobManager.shutdown());
}

test('invalid schedule text rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({at: 'invalid expression', job: jobPath('simple.js'), name: 'jobName'}), {
        errorType: 'IncorrectUsageError',
        message: 'Invalid schedule format'
    });
});

test('invalid schedule error says which part failed', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    const error = await jobManager.addJob({at: 'every 5 minutes foo', job: jobPath('simple.js'), name: 'foo-job'}).catch(err => err);

    assert.equal(error.message, 'Invalid schedule format');
    assert.equal(typeof error.reason, 'string');
    assert.ok(error.reason.length > 0);
    assert.match(error.context, /Job "foo-job" has an invalid schedule "every 5 minutes foo"/);
});

for (const at of [42, null, '', '   ', new Date('nope'), {}, 'in 2020']) {
    test(`at ${String(at)} rejects as invalid schedule`, async (t) => {
        const {jobManager} = createManager();
        cleanup(t, jobManager);

        await assert.rejects(jobManager.addJob({at, job: jobPath('simple.js'), name: 'bad-at'}), {
            errorType: 'IncorrectUsageError',
            message: 'Invalid schedule format'
        });
        assert.equal(jobManager.bree.config.jobs.length, 0);
    });
}

test('unnamed function job rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({at: 'invalid expression', job: () => {}}), {
        errorType: 'IncorrectUsageError',
        message: 'Name parameter should be present if job is a function'
    });
});

test('script job takes its file name as name', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({job: jobPath('simple.js')});

    assert.equal(jobManager.bree.config.jobs[0].name, 'simple');
});

test('missing script rejects with ENOENT', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({job: '/nowhere/clean-tokens.js'}), {
        code: 'ENOENT',
        message: 'ENOENT: no such file or directory, stat \'/nowhere/clean-tokens.js\''
    });
});

test('reserved name index rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({name: 'index', job: jobPath('simple.js')}),
        /You cannot use the reserved job name of "index", "index.js", nor "index.mjs"/);
});

test('bound function rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({name: 'bound', job: function () {}.bind(null)}),
        /Job #1 named "bound" can't be a bound or built-in function/);
});

test('data that cannot be cloned rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.addJob({name: 'clone', job: jobPath('simple.js'), data: {callback() {}}}), {
        errorType: 'IncorrectUsageError',
        message: /Job "clone" has data that cannot be sent to a worker process/
    });
    assert.equal(jobManager.bree.config.jobs.length, 0);
});

test('stubbed bree add and start are called', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);
    const calls = [];
    jobManager.bree.add = async definition => calls.push(['add', definition.name]);
    jobManager.bree.start = async name => calls.push(['start', name]);

    await jobManager.addJob({at: '* * * * * *', job: jobPath('simple.js'), name: 'cron-job'});

    assert.deepEqual(calls, [['add', 'cron-job'], ['start', 'cron-job']]);
});

test('offloaded addJob logs synchronously', async (t) => {
    const {jobManager, logger} = createManager();
    cleanup(t, jobManager);

    const added = jobManager.addJob({job: jobPath('simple.js'), name: 'logged-now'});
    const linesBeforeAwait = logger.texts('info');
    await added;

    assert.deepEqual(linesBeforeAwait, ['Adding offloaded job to the inline job queue', 'Scheduling job logged-now to run immediately']);
});

test('text schedule logs its next run', async (t) => {
    const {jobManager, logger} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({at: 'every 1 minute', job: jobPath('simple.js'), name: 'minutely'});

    assert.match(logger.texts('info')[1], /^Scheduling job minutely at every 1 minute\. Next run on: \w{3} \w{3} \d{2} \d{4} \d{2}:\d{2}:00 GMT/);
    assert.equal(jobManager.bree.intervals.has('minutely'), true);
});

test('immediate job runs and exits cleanly', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('job-now');

    await jobManager.addJob({job: jobPath('simple.js'), name: 'job-now'});
    assert.equal(jobManager.bree.timeouts.has('job-now') || jobManager.bree.workers.has('job-now'), true);
    await completion;

    assert.equal(jobManager.bree.workers.has('job-now'), false);
    assert.equal(errors.length, 0);
});

test('finished immediate job keeps its name', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('job-now');
    await jobManager.addJob({job: jobPath('simple.js'), name: 'job-now'});
    await completion;

    await assert.rejects(jobManager.addJob({job: jobPath('simple.js'), name: 'job-now'}), /Job #1 has a duplicate job name of job-now/);
});

test('date job waits for its date', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);
    const at = new Date(Date.now() + 300);
    const completion = jobManager.awaitCompletion('dated');

    await jobManager.addJob({at, job: jobPath('simple.js'), name: 'dated'});
    assert.equal(jobManager.bree.timeouts.has('dated'), true);
    assert.equal(jobManager.bree.workers.has('dated'), false);
    await completion;

    assert.ok(Date.now() >= at.getTime());
    assert.equal(jobManager.bree.timeouts.has('dated'), false);
});

test('past date warns and never runs', async (t) => {
    const {jobManager, logger, messages} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({at: new Date(Date.now() - 5000), job: jobPath('event.js'), name: 'too-late'});
    await sleep(200);

    assert.deepEqual(logger.texts('warn'), ['Job "too-late" was skipped because it was in the past.']);
    assert.equal(messages.length, 0);
});

test('thrown error reaches errorHandler once', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('will-fail');

    await jobManager.addJob({name: 'will-fail', job: jobPath('throw.js')});
    await assert.rejects(completion, /job error/);
    await waitUntil(() => !jobManager.bree.workers.has('will-fail'), 'the worker to exit');
    await sleep(50);

    assert.equal(errors.length, 1);
    assert.equal(errors[0].error.message, 'job error');
    assert.equal(errors[0].error.code, 'E_JOB_BROKE');
    assert.match(errors[0].error.stack, /throw\.js/);
    assert.equal(errors[0].meta.name, 'will-fail');
    assert.equal(errors[0].meta.err, errors[0].error);
});

test('function job that throws fails with its message', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('fn-fails');

    await jobManager.addJob({name: 'fn-fails', job: () => {
        throw new Error('job error');
    }});
    await assert.rejects(completion, /job error/);

    assert.equal(errors[0].error.message, 'job error');
});

test('async rejection fails the job', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('rejects');

    await jobManager.addJob({name: 'rejects', job: jobPath('reject.js')});
    await assert.rejects(completion, /async job error/);

    assert.equal(errors.length, 1);
});

test('non-zero exit reaches errorHandler', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('exit-3');

    await jobManager.addJob({name: 'exit-3', job: jobPath('exit-3.js')});
    await assert.rejects(completion, /exited with code 3/);

    assert.equal(errors.length, 1);
    assert.equal(errors[0].error.message, 'Worker for job "exit-3" exited with code 3');
});

test('clean exit without done counts as done', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager, errors} = createManager({JobModel});
    cleanup(t, jobManager);

    await jobManager.addOneOffJob({name: 'quiet', job: jobPath('simple.js')});
    const record = await jobManager.awaitOneOffCompletion('quiet');

    assert.equal(record.get('status'), 'finished');
    assert.equal(errors.length, 0);
});

test('SIGKILL from outside names the signal', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('killed');

    await jobManager.addJob({name: 'killed', job: jobPath('ignore-cancel.js')});
    await waitUntil(() => jobManager.bree.workers.get('killed')?.threadId > 0, 'the job process to start');
    process.kill(jobManager.bree.workers.get('killed').threadId, 'SIGKILL');
    await assert.rejects(completion, /killed by SIGKILL/);

    assert.equal(errors[0].error.signal, 'SIGKILL');
});

test('messages reach handler, job and domain events', async (t) => {
    const dispatched = [];
    const {jobManager, messages} = createManager({domainEvents: {dispatchRaw: (type, data) => dispatched.push([type, data])}});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('event');

    await jobManager.addJob({name: 'event', job: jobPath('event.js')});
    await completion;

    assert.deepEqual(dispatched, [['my-event', {foo: 'bar'}]]);
    assert.deepEqual(messages[0], {name: 'event', message: {event: {type: 'my-event', data: {foo: 'bar'}}}});
    assert.deepEqual(messages[1], {name: 'event', message: 'done'});
});

test('postMessage reaches the job', async (t) => {
    const {jobManager, messages} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('message');

    await jobManager.addJob({name: 'message', job: jobPath('message.js')});
    await waitUntil(() => jobManager.bree.workers.has('message'), 'the worker handle');
    jobManager.bree.workers.get('message').postMessage('hello from Ghost!');
    await completion;

    assert.deepEqual(messages[0], {name: 'message', message: 'Worker received: hello from Ghost!'});
    assert.deepEqual(messages[1], {name: 'message', message: 'done'});
});

test('job sees workerData in the original shape', async (t) => {
    const {jobManager, messages} = createManager({worker: {workerData: {fromCtor: 1}}});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('report');
    const when = new Date('2030-01-02T03:04:05Z');

    await jobManager.addJob({name: 'report', job: jobPath('report-data.js'), data: {foo: 'bar', when, tags: new Set(['a'])}});
    await completion;

    const {workerData, isMainThread, threadId} = messages[0].message;
    assert.equal(workerData.foo, 'bar');
    assert.equal(workerData.fromCtor, 1);
    assert.equal(workerData.job.name, 'report');
    assert.deepEqual(workerData.job.worker.workerData.foo, 'bar');
    assert.ok(workerData.when instanceof Date);
    assert.equal(workerData.when.getTime(), when.getTime());
    assert.ok(workerData.tags instanceof Set);
    assert.equal(isMainThread, false);
    assert.equal(threadId, messages[0].message.pid);
});

test('worker options map onto the process', async (t) => {
    const {jobManager, messages} = createManager({
        worker: {
            resourceLimits: {maxOldGenerationSizeMb: 256},
            execArgv: ['--no-deprecation'],
            argv: ['--flag'],
            env: {JOB_FLAVOUR: 'vanilla'}
        }
    });
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('limits');

    await jobManager.addJob({name: 'limits', job: jobPath('report-data.js')});
    await completion;

    const seen = messages[0].message;
    assert.equal(seen.resourceLimits.maxOldGenerationSizeMb, 256);
    assert.ok(seen.execArgv.includes('--no-deprecation'));
    assert.deepEqual(seen.argv, ['--flag']);
    assert.equal(seen.env.JOB_FLAVOUR, 'vanilla');
});

test('ES module job runs', async (t) => {
    const {jobManager, messages} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('esm-job');

    await jobManager.addJob({job: jobPath('esm-job.mjs'), data: {answer: 42}});
    await completion;

    assert.equal(messages[0].message.esm, true);
    assert.equal(messages[0].message.workerData.answer, 42);
    assert.equal(messages[0].message.isMainThread, false);
});

test('function job gets workerData and require', async (t) => {
    const {jobManager, messages} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('fn-job');

    await jobManager.addJob({name: 'fn-job', data: {n: 2}, job: () => {
        const {parentPort, workerData} = require('worker_threads');
        parentPort.postMessage(workerData.n * 21);
        parentPort.postMessage('done');
    }});
    await completion;

    assert.equal(messages[0].message, 42);
});

test('timeout stops an endless job', async (t) => {
    const {jobManager, errors} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('endless');

    await jobManager.addJob({name: 'endless', job: jobPath('endless.js'), timeout: 300});
    await assert.rejects(completion, /timed out/);

    assert.equal(errors[0].error.code, 'ERR_JOB_TIMEOUT');
});

test('heap hog fails alone under a heap limit', async (t) => {
    const {jobManager, errors} = createManager({worker: {resourceLimits: {maxOldGenerationSizeMb: 32}}});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('heap-hog');

    await jobManager.addJob({job: jobPath('heap-hog.js')});
    await assert.rejects(completion, /Worker for job "heap-hog" (exited with code|was killed by)/);

    assert.equal(errors.length, 1);
    assert.equal(process.memoryUsage().heapUsed < 512 * 1024 * 1024, true);
});

test('two megabyte messages cross both ways', async (t) => {
    const {jobManager, messages} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('big-echo');
    const big = 'x'.repeat(2 * 1024 * 1024);

    await jobManager.addJob({job: jobPath('big-echo.js')});
    await waitUntil(() => jobManager.bree.workers.has('big-echo'), 'the worker handle');
    jobManager.bree.workers.get('big-echo').postMessage(big);
    await completion;

    assert.equal(messages[0].message.length, big.length + 1);
});

test('recurring job never overlaps itself', async (t) => {
    const {jobManager, logger} = createManager();
    cleanup(t, jobManager);
    const starts = [];
    jobManager.bree.on('worker created', name => starts.push([name, Date.now()]));

    await jobManager.addJob({at: 'every 1 second', job: jobPath('slow.js'), data: {ms: 2500}, name: 'overlapping'});
    await waitUntil(() => starts.length >= 1, 'the first run', 3000);
    await waitUntil(() => logger.texts('warn').length >= 1, 'the overlap warning', 3000);

    assert.equal(logger.texts('warn')[0], 'Job "overlapping" is already running');
    assert.equal(starts.length, 1);
    assert.equal(jobManager.bree.workers.size, 1);
});

test('removeJob frees the name', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({at: new Date(Date.now() + 10000), job: jobPath('simple.js'), name: 'job-in-ten'});
    await jobManager.removeJob('job-in-ten');
    assert.equal(jobManager.bree.config.jobs.length, 0);
    assert.equal(jobManager.bree.timeouts.has('job-in-ten'), false);
    await jobManager.addJob({at: new Date(Date.now() + 10000), job: jobPath('simple.js'), name: 'job-in-ten'});

    assert.equal(jobManager.bree.config.jobs.length, 1);
});

test('removeJob of an unknown name rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);
    await jobManager.addJob({name: 'inline-one', job: () => {}, offloaded: false});

    await assert.rejects(jobManager.removeJob('nope'), {message: 'Job "nope" does not exist'});
    await assert.rejects(jobManager.removeJob('inline-one'), /does not exist/i);
});

test('removeJob stops the running job', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({name: 'graceful', job: jobPath('graceful.js')});
    await waitUntil(() => jobManager.bree.workers.get('graceful')?.threadId > 0, 'the job process to start');
    await jobManager.removeJob('graceful');

    assert.equal(jobManager.bree.workers.has('graceful'), false);
    assert.equal(jobManager.bree.config.jobs.length, 0);
});

test('failed offloaded one-off can be retried', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager} = createManager({JobModel});
    cleanup(t, jobManager);

    const first = jobManager.awaitCompletion('retry-offloaded');
    await jobManager.addOneOffJob({name: 'retry-offloaded', job: jobPath('exit-3.js')});
    await assert.rejects(first);
    const second = jobManager.awaitCompletion('retry-offloaded');
    await jobManager.addOneOffJob({name: 'retry-offloaded', job: jobPath('simple.js')});
    await second;

    assert.equal(JobModel.statusOf('retry-offloaded'), 'finished');
});

test('offloaded one-off records started and finished', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager} = createManager({JobModel});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('message-one-off');

    await jobManager.addOneOffJob({name: 'message-one-off', job: jobPath('message.js')});
    await waitUntil(() => jobManager.bree.workers.has('message-one-off'), 'the worker handle');
    jobManager.bree.workers.get('message-one-off').postMessage('be done!');
    await completion;

    const edits = JobModel.edits();
    assert.equal(edits[0].status, 'started');
    assert.equal(edits[1].status, 'finished');
});

test('exit listener sees the worker removed', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);
    let hadWorker;

    await jobManager.addJob({name: 'watched', job: jobPath('slow.js'), data: {ms: 50}});
    await waitUntil(() => jobManager.bree.workers.has('watched'), 'the worker handle');
    const exited = new Promise(resolve => jobManager.bree.workers.get('watched').on('exit', () => {
        hadWorker = jobManager.bree.workers.has('watched');
        resolve();
    }));
    await exited;

    assert.equal(hadWorker, false);
});

test('bree.run gives a worker handle at once', async (t) => {
    const {jobManager, messages} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('message');
    await jobManager.bree.add({name: 'message', path: jobPath('message.js')});

    await jobManager.bree.run('message');
    jobManager.bree.workers.get('message').postMessage('hello from Ghost!');
    await completion;

    assert.deepEqual(messages[0], {name: 'message', message: 'Worker received: hello from Ghost!'});
});

test('bree.run of a running job warns', async (t) => {
    const {jobManager, logger} = createManager();
    cleanup(t, jobManager);
    await jobManager.bree.add({name: 'slow', path: jobPath('slow.js')});

    await jobManager.bree.run('slow');
    await jobManager.bree.run('slow');

    assert.deepEqual(logger.texts('warn'), ['Job "slow" is already running']);
});

test('bree.run of an unknown job rejects', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await assert.rejects(jobManager.bree.run('nope'), {message: 'Job "nope" does not exist'});
});

test('slow started update never overwrites finished', async (t) => {
    const JobModel = new MemoryJobModel();
    const originalEdit = JobModel.edit.bind(JobModel);
    JobModel.edit = async (data, options) => {
        if (data.status === 'started') {
            await sleep(300);
        }
        return originalEdit(data, options);
    };
    const {jobManager} = createManager({JobModel});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('quick-one-off');

    await jobManager.addOneOffJob({name: 'quick-one-off', job: jobPath('event.js')});
    await completion;

    assert.equal(JobModel.statusOf('quick-one-off'), 'finished');
    assert.deepEqual(JobModel.edits().map(edit => edit.status), ['started', 'finished']);
});

test('run waiting for a slot is not a worker yet', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager, errors} = createManager({JobModel, pool: {size: 0, maxWorkers: 1}, shutdownTimeout: 200});
    cleanup(t, jobManager);

    await jobManager.addJob({name: 'blocker', job: jobPath('ignore-cancel.js')});
    await jobManager.addOneOffJob({name: 'waiting', job: jobPath('simple.js')});
    await waitUntil(() => jobManager.bree.workers.has('blocker'), 'the blocker to start');
    await sleep(100);
    assert.equal(jobManager.bree.workers.has('waiting'), false);
    assert.equal(JobModel.statusOf('waiting'), 'queued');
    await jobManager.removeJob('waiting');

    assert.equal(errors.length, 0);
    assert.equal(JobModel.statusOf('waiting'), 'failed');
});

test('failed offloaded one-off retries at once', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager} = createManager({JobModel});
    cleanup(t, jobManager);

    await jobManager.addOneOffJob({name: 'retry-now', job: jobPath('throw.js')});
    const failed = await jobManager.awaitOneOffCompletion('retry-now');
    assert.equal(failed.get('status'), 'failed');
    await jobManager.addOneOffJob({name: 'retry-now', job: jobPath('simple.js')});
    const finished = await jobManager.awaitOneOffCompletion('retry-now');

    assert.equal(finished.get('status'), 'finished');
});

test('bree.run keeps a pending date run', async (t) => {
    const {jobManager} = createManager();
    cleanup(t, jobManager);

    await jobManager.addJob({name: 'dated-run', job: jobPath('slow.js'), data: {ms: 10}, at: new Date(Date.now() + 5000)});
    await jobManager.bree.run('dated-run');

    assert.equal(jobManager.bree.timeouts.has('dated-run'), true);
});

test('date of now runs at once', async (t) => {
    const {jobManager, logger} = createManager();
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('right-now');

    await jobManager.addJob({name: 'right-now', job: jobPath('simple.js'), at: new Date()});
    await completion;

    assert.deepEqual(logger.texts('warn'), []);
});

test('throwing logger never crashes the host', async (t) => {
    const logger = {info() {}, warn() {}, error() {
        throw new Error('logger broke');
    }};
    const jobManager = new JobManager({logger});
    cleanup(t, jobManager);
    const completion = jobManager.awaitCompletion('fails-quietly');

    await jobManager.addJob({name: 'fails-quietly', job: jobPath('throw.js')});

    await assert.rejects(completion, /job error/);
});

test('addOneOffJob passes timeout on', async (t) => {
    const JobModel = new MemoryJobModel();
    const {jobManager, errors} = createManager({JobModel});
    cleanup(t, jobManager);

    await jobManager.addOneOffJob({name: 'endless-one-off', job: jobPath('endless.js'), timeout: 300});
    const record = await jobManager.awaitOneOffCompletion('endless-one-off');

    assert.equal(record.get('status'), 'failed');
    assert.equal(errors[0].error.code, 'ERR_JOB_TIMEOUT');
});

test('one-off never run at shutdown is re-addable', async () => {
    const JobModel = new MemoryJobModel();
    const {jobManager} = createManager({JobModel});

    await jobManager.addOneOffJob({name: 'too-late', job: jobPath('simple.js'), offloaded: true});
    await jobManager.shutdown();
    await sleep(50);

    assert.notEqual(JobModel.statusOf('too-late'), 'queued');
});

for (const [field, value, expected] of [
    ['name', 42, /Invalid job name 42: expected a non-empty string/],
    ['timezone', 'Mars/Olympus', /Job "tz-job" has an invalid timezone "Mars\/Olympus"/],
    ['timezone', 5, /Job "tz-job" has an invalid timezone 5/]
]) {
    test(`offloaded ${field} ${JSON.stringify(value)} rejects clearly`, async (t) => {
        const {jobManager} = createManager();
        cleanup(t, jobManager);

        await assert.rejects(jobManager.addJob({name: 'tz-job', job: jobPath('simple.js'), [field]: value}), {
            errorType: 'IncorrectUsageError',
            message: expected
        });
    });
}

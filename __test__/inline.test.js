'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const JobManager = require('..');
const {createRecordingLogger, sleep, waitUntil} = require('./support/logger');

function createManager(options = {}) {
    const logger = createRecordingLogger();
    const jobManager = new JobManager({logger, ...options});
    return {jobManager, logger};
}

test('inline job runs with its data', async () => {
    const {jobManager} = createManager();
    const calls = [];

    await jobManager.addJob({job: (...args) => calls.push(args), data: 'test data', offloaded: false});
    assert.equal(jobManager.inlineQueue.idle(), false);
    await jobManager.allSettled();

    assert.equal(jobManager.inlineQueue.idle(), true);
    assert.deepEqual(calls, [['test data']]);
});

test('inline job gets exactly one argument', async () => {
    const {jobManager} = createManager();
    let argumentCount;

    await jobManager.addJob({job: function () {
        argumentCount = arguments.length;
    }, offloaded: false});
    await jobManager.allSettled();

    assert.equal(argumentCount, 1);
});

for (const offloaded of [false, null, 0, '']) {
    test(`offloaded ${JSON.stringify(offloaded)} selects the inline queue`, async () => {
        const {jobManager} = createManager();
        let ran = false;

        await jobManager.addJob({job: () => {
            ran = true;
        }, offloaded});
        await jobManager.allSettled();

        assert.equal(ran, true);
        assert.equal(jobManager.bree.config.jobs.length, 0);
    });
}

test('throwing inline job is logged and resolves addJob', async () => {
    const errorHandlerCalls = [];
    const {jobManager, logger} = createManager({errorHandler: (err, meta) => errorHandlerCalls.push([err, meta])});

    const completion = jobManager.awaitCompletion('thrower');
    const added = jobManager.addJob({name: 'thrower', job: () => {
        throw new Error('job error');
    }, offloaded: false});
    assert.equal(await added, undefined);
    await assert.rejects(completion, /job error/);
    await waitUntil(() => jobManager.inlineQueue.idle(), 'the queue to be idle');

    const [[logged]] = logger.lines.error;
    assert.equal(logged.errorType, 'UnhandledJobError');
    assert.equal(logged.context, 'function');
    assert.equal(errorHandlerCalls.length, 1);
    assert.equal(errorHandlerCalls[0][0].message, 'job error');
    assert.equal(errorHandlerCalls[0][1].name, 'thrower');
});

test('inline module path runs the exported function', async () => {
    const {jobManager} = createManager();
    const marker = path.join(__dirname, 'jobs', 'inline-module.js');
    global.inlineModuleCalls = [];

    await jobManager.addJob({job: marker, data: {n: 1}, offloaded: false});
    await jobManager.allSettled();

    assert.deepEqual(global.inlineModuleCalls, [{n: 1}]);
});

test('inline module path that does not resolve rejects addJob', async () => {
    const {jobManager} = createManager();

    await assert.rejects(
        jobManager.addJob({name: 'ghost', job: '/nowhere/missing-job.js', offloaded: false}),
        {errorType: 'IncorrectUsageError', message: /Inline job "ghost" module "\/nowhere\/missing-job.js" could not be resolved/}
    );
    assert.equal(jobManager.inlineQueue.idle(), true);
});

for (const job of [undefined, 42, {}, '']) {
    test(`inline job ${JSON.stringify(job)} is rejected before queueing`, async () => {
        const {jobManager} = createManager();

        await assert.rejects(
            jobManager.addJob({name: 'bad', job, offloaded: false}),
            {errorType: 'IncorrectUsageError', message: /Inline job "bad" needs "job" to be a function or a module path/}
        );
        assert.equal(jobManager.inlineQueue.idle(), true);
    });
}

test('six inline jobs run at most three at a time', async () => {
    const {jobManager} = createManager();
    let running = 0;
    let maxRunning = 0;
    const job = async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(50);
        running -= 1;
    };

    for (let i = 0; i < 6; i++) {
        await jobManager.addJob({job, offloaded: false});
    }
    assert.equal(jobManager.inlineQueue.length(), 3);
    assert.equal(jobManager.inlineQueue.running(), 3);
    await jobManager.allSettled();

    assert.equal(maxRunning, 3);
    assert.equal(jobManager.inlineQueue.running(), 0);
});

test('concurrency option changes the limit', async () => {
    const {jobManager} = createManager({concurrency: 1});
    let running = 0;
    let maxRunning = 0;
    const job = async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(10);
        running -= 1;
    };

    for (let i = 0; i < 4; i++) {
        await jobManager.addJob({job, offloaded: false});
    }
    await jobManager.allSettled();

    assert.equal(maxRunning, 1);
});

test('inline jobs start in FIFO order', async () => {
    const {jobManager} = createManager();
    const order = [];

    for (let i = 0; i < 50; i++) {
        await jobManager.addJob({job: () => order.push(i), offloaded: false});
    }
    await jobManager.allSettled();

    assert.deepEqual(order, [...Array(50).keys()]);
});

test('allSettled waits for unnamed running jobs', async () => {
    const {jobManager} = createManager();
    let finished = 0;
    const job = async () => {
        await sleep(20);
        finished += 1;
    };

    for (let i = 0; i < 5; i++) {
        await jobManager.addJob({job, offloaded: false});
    }
    await jobManager.allSettled();

    assert.equal(finished, 5);
    assert.equal(jobManager.inlineQueue.idle(), true);
});

test('allSettled resolves at once when idle', async () => {
    const {jobManager} = createManager();

    await jobManager.allSettled();

    assert.equal(jobManager.inlineQueue.idle(), true);
});

test('allSettled after a named job sees the queue idle', async () => {
    const {jobManager} = createManager();

    await jobManager.addJob({name: 'short', job: () => sleep(10), offloaded: false});
    await jobManager.allSettled();

    assert.equal(jobManager.inlineQueue.idle(), true);
});

test('allSettled rejects on a failure', async () => {
    const {jobManager} = createManager();
    jobManager.inlineQueue.idle = () => false;

    const settled = jobManager.allSettled();
    await jobManager._jobErrorHandler(new Error('all failed'), {name: 'no-op'});

    await assert.rejects(settled, /all failed/);
});

test('a job named all does not settle allSettled', async () => {
    const {jobManager} = createManager();
    let finished = false;

    await jobManager.addJob({name: 'all', job: () => sleep(5), offloaded: false});
    await jobManager.addJob({job: async () => {
        await sleep(60);
        finished = true;
    }, offloaded: false});
    await jobManager.allSettled();

    assert.equal(finished, true);
});

test('awaitCompletion settles after the slot is free', async () => {
    const {jobManager} = createManager();

    const completion = jobManager.awaitCompletion('quick');
    await jobManager.addJob({name: 'quick', job: () => {}, offloaded: false});
    await completion;

    assert.equal(jobManager.inlineQueue.running(), 0);
});

test('two waiters resolve on one completion', async () => {
    const {jobManager} = createManager();
    const first = jobManager.awaitCompletion('shared');
    const second = jobManager.awaitCompletion('shared');

    await jobManager.addJob({name: 'shared', job: () => {}, offloaded: false});
    await Promise.all([first, second]);
    let lateSettled = false;
    jobManager.awaitCompletion('shared').then(() => {
        lateSettled = true;
    });
    await sleep(30);

    assert.equal(lateSettled, false);
});

test('awaitCompletion rejects with the job error', async () => {
    const {jobManager} = createManager();
    const completion = jobManager.awaitCompletion('will-fail');

    await jobManager.addJob({name: 'will-fail', job: () => {
        throw new Error('job error');
    }, offloaded: false});

    await assert.rejects(completion, /job error/);
});

test('throwing errorHandler is logged, not thrown', async () => {
    const {jobManager, logger} = createManager({errorHandler: () => {
        throw new Error('handler broke');
    }});
    const completion = jobManager.awaitCompletion('fails');

    await jobManager.addJob({name: 'fails', job: () => {
        throw new Error('job error');
    }, offloaded: false});
    await assert.rejects(completion, /job error/);

    assert.ok(logger.texts('error').some(text => text.includes('errorHandler threw')));
});

test('inlineJobHandler runs the done path', async () => {
    const {jobManager} = createManager();
    const completion = jobManager.awaitCompletion('manual');

    const result = await jobManager.inlineJobHandler('manual')(null, 'value');
    await completion;

    assert.equal(result, 'value');
});

test('inline addJob logs the queue length', async () => {
    const {jobManager, logger} = createManager();

    await jobManager.addJob({name: 'logged', job: () => {}, offloaded: false});
    await jobManager.addJob({job: () => {}, offloaded: false});
    await jobManager.allSettled();

    assert.deepEqual(logger.texts('info'), [
        'Adding one-off job to inlineQueue with current length = 0 called \'logged\'',
        'Adding one-off job to inlineQueue with current length = 0 called \'anonymous\''
    ]);
});

test('shutdown waits for a running inline job', async () => {
    const {jobManager, logger} = createManager();

    await jobManager.addJob({job: () => sleep(200), offloaded: false});
    await jobManager.shutdown();

    assert.equal(jobManager.inlineQueue.idle(), true);
    assert.deepEqual(logger.texts('warn'), ['Waiting for busy job in inline job queue', 'Inline job queue finished']);
});

test('shutdown timeout rejects with TimeoutError', async () => {
    const {jobManager} = createManager();

    await jobManager.addJob({job: () => sleep(1000), offloaded: false});

    await assert.rejects(jobManager.shutdown({timeout: 100}), {name: 'TimeoutError', message: 'Promise timed out'});
    await jobManager.allSettled();
});

test('queue counts match the native queue', async () => {
    const {jobManager} = createManager();
    const queue = jobManager.inlineQueue;
    const seen = [];
    const job = async () => {
        seen.push([queue.running(), queue.length(), queue.native.running(), queue.native.length()]);
        await sleep(5);
    };

    for (let i = 0; i < 8; i++) {
        await jobManager.addJob({job, offloaded: false});
    }
    queue.concurrency = 5;
    await jobManager.allSettled();

    for (const [running, length, nativeRunning, nativeLength] of seen) {
        assert.equal(running, nativeRunning);
        assert.equal(length, nativeLength);
    }
    assert.equal(queue.native.idle(), true);
    assert.equal(queue.idle(), true);
});

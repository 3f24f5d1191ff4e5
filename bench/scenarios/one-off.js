'use strict';
// Inline one-off jobs persisted through an in-memory JobModel: from the first addOneOffJob of
// 1,000 until every awaitCompletion(name) settled, after a warm-up batch on the same manager.
const {nowUs} = require('./support');
const {createMemoryJobModel} = require('../lib/job-model');

const WARMUP_JOBS = 200;
const MEASURED_JOBS = 1000;

/** Adds `count` one-off jobs one after another, then waits for all; returns the elapsed µs. */
async function runBatch(ctx, manager, prefix, count) {
    const body = async () => {};
    const completions = [];
    const start = nowUs();
    for (let i = 0; i < count; i++) {
        const name = `${prefix}-${i}`;
        ctx.step = `addOneOffJob ${name}`;
        completions.push(manager.awaitCompletion(name));
        await manager.addOneOffJob({name, job: body, offloaded: false});
    }
    ctx.step = `awaiting ${count} one-off jobs named ${prefix}-*`;
    await Promise.all(completions);
    return nowUs() - start;
}

/**
 * Returns the rate of the work every one-off job needs whatever the manager, done for `count` jobs
 * one after another without a manager. That work is the JobModel calls both managers make
 * (findOne, add, then findOne and edit for 'started' and again for 'finished') and the info line
 * both log.
 */
async function modelAndLogOnlyRate(count) {
    const JobModel = createMemoryJobModel();
    const logging = require(require.resolve('@tryghost/logging', {paths: [process.cwd()]}));
    const start = nowUs();
    for (let i = 0; i < count; i++) {
        const name = `floor-${i}`;
        await JobModel.findOne({name});
        await JobModel.add({name, status: 'queued'});
        logging.info(`Adding one-off job to inlineQueue with current length = 0 called '${name}'`);
        const queued = await JobModel.findOne({name});
        await JobModel.edit({status: 'started', started_at: new Date()}, {id: queued.id});
        const started = await JobModel.findOne({name});
        await JobModel.edit({status: 'finished', finished_at: new Date()}, {id: started.id});
    }
    return count / ((nowUs() - start) / 1e6);
}

async function run(ctx) {
    const JobModel = createMemoryJobModel();
    const manager = new ctx.JobManager({JobModel});
    await runBatch(ctx, manager, 'warm-up', WARMUP_JOBS);

    const callsBefore = {...JobModel.calls};
    const elapsedUs = await runBatch(ctx, manager, 'one-off', MEASURED_JOBS);
    const calls = Object.fromEntries(Object.entries(JobModel.calls).map(([method, count]) => [method, count - callsBefore[method]]));

    let finished = 0;
    for (const record of JobModel.records.values()) {
        finished += record.get('status') === 'finished' ? 1 : 0;
    }
    if (finished !== WARMUP_JOBS + MEASURED_JOBS) {
        throw new Error(`${finished} of ${WARMUP_JOBS + MEASURED_JOBS} one-off records have the status finished`);
    }
    return {
        jobs_per_s: MEASURED_JOBS / (elapsedUs / 1e6),
        total_ms: elapsedUs / 1000,
        model_calls: `findOne ${calls.findOne}, add ${calls.add}, edit ${calls.edit}`,
        model_and_log_only_per_s: await modelAndLogOnlyRate(WARMUP_JOBS).then(() => modelAndLogOnlyRate(MEASURED_JOBS))
    };
}

module.exports = {
    name: 'one-off',
    description: `${MEASURED_JOBS} inline addOneOffJob with an in-memory JobModel, after ${WARMUP_JOBS} warm-up`,
    run
};

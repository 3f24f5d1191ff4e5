'use strict';
// Latency of one inline job at a time: addJob to the first line of the job body, and addJob to
// the settling of awaitCompletion(name).
const {nowUs, sleep, watchGarbageCollection} = require('./support');
const {percentile} = require('../lib/stats');

const WARMUP_JOBS = 500;
const MEASURED_JOBS = 5000;

async function run(ctx) {
    const manager = new ctx.JobManager({});
    const toBodyUs = [];
    const toDoneUs = [];
    let garbageCollection = null;
    for (let i = 0; i < WARMUP_JOBS + MEASURED_JOBS; i++) {
        if (i === WARMUP_JOBS) {
            garbageCollection = watchGarbageCollection();
        }
        ctx.step = `inline job ${i}`;
        const name = `latency-${i}`;
        let bodyAt = NaN;
        const completion = manager.awaitCompletion(name);
        const start = nowUs();
        manager.addJob({
            name,
            offloaded: false,
            job: () => {
                bodyAt = nowUs();
            }
        });
        await completion;
        const doneAt = nowUs();
        if (i >= WARMUP_JOBS) {
            toBodyUs.push(bodyAt - start);
            toDoneUs.push(doneAt - start);
        }
    }
    await garbageCollection.stop();
    const {pausesMs} = garbageCollection;
    return {
        body_p50_us: percentile(toBodyUs, 50),
        body_p99_us: percentile(toBodyUs, 99),
        done_p50_us: percentile(toDoneUs, 50),
        done_p99_us: percentile(toDoneUs, 99),
        jobs_measured: MEASURED_JOBS,
        gc_count: pausesMs.length,
        gc_total_ms: pausesMs.reduce((total, ms) => total + ms, 0),
        gc_max_ms: pausesMs.length > 0 ? Math.max(...pausesMs) : 0
    };
}

module.exports = {name: 'inline-latency', description: `${MEASURED_JOBS} sequential inline jobs after ${WARMUP_JOBS} warm-up`, run};

'use strict';
// 10,000 daily cron schedules ('s m h * * *', all at least 2 h ahead, so none fires): time to
// register them one after another, memory they hold, and CPU used while idle for 3 s.
const {nowUs, sleep, toMb, jobScript, collectJobErrors, watchGarbageCollection} = require('./support');
const proc = require('../lib/proc');

const SCHEDULE_COUNT = 10000;
const IDLE_MS = 3000;
const FINISH_JOB = jobScript('finish.js');

/** Returns an hour of the local day that starts between 2 and 3 hours from now. */
function hourThreeAhead() {
    return (new Date().getHours() + 3) % 24;
}

const treeRssBytes = () => proc.sumRssBytes(proc.readTree(process.pid));

async function run(ctx) {
    const hour = hourThreeAhead();
    const jobErrors = collectJobErrors();
    const manager = new ctx.JobManager({errorHandler: jobErrors.errorHandler});
    const memoryBefore = process.memoryUsage();
    const treeBefore = treeRssBytes();

    const start = nowUs();
    let lastThousandStart = NaN;
    let firstThousandMs = NaN;
    for (let i = 0; i < SCHEDULE_COUNT; i++) {
        if (i === 1000) {
            firstThousandMs = (nowUs() - start) / 1000;
        }
        if (i === SCHEDULE_COUNT - 1000) {
            lastThousandStart = nowUs();
        }
        ctx.step = `registering schedule ${i}`;
        const at = `${i % 60} ${Math.floor(i / 60) % 60} ${hour} * * *`;
        await manager.addJob({name: `daily-${i}`, at, job: FINISH_JOB});
        if (Date.now() > ctx.deadline) {
            throw new Error(`out of time: ${i + 1} of ${SCHEDULE_COUNT} schedules registered in ${((nowUs() - start) / 1e6).toFixed(1)} s`);
        }
    }
    const registerMs = (nowUs() - start) / 1000;
    const lastThousandMs = (nowUs() - lastThousandStart) / 1000;

    ctx.step = `idling ${IDLE_MS} ms with ${SCHEDULE_COUNT} schedules`;
    const garbageCollection = watchGarbageCollection();
    const selfCpuBefore = proc.selfCpuMs();
    const threadsCpuBefore = proc.selfThreadsCpuMs();
    const mainThreadCpuBefore = proc.mainThreadCpuMs();
    const treeCpuBefore = proc.treeCpuMs(process.pid);
    await sleep(IDLE_MS);
    const idleSelfCpuMs = proc.selfCpuMs() - selfCpuBefore;
    const idleThreadsCpuMs = proc.selfThreadsCpuMs() - threadsCpuBefore;
    const idleMainThreadCpuMs = proc.mainThreadCpuMs() - mainThreadCpuBefore;
    const idleTreeCpuMs = proc.treeCpuMs(process.pid) - treeCpuBefore;
    await garbageCollection.stop();
    const memoryAfter = process.memoryUsage();
    jobErrors.throwIfAny();

    return {
        register_ms: registerMs,
        first_1000_ms: firstThousandMs,
        last_1000_ms: lastThousandMs,
        tree_rss_growth_mb: toMb(treeRssBytes() - treeBefore),
        rss_growth_mb: toMb(memoryAfter.rss - memoryBefore.rss),
        heap_used_growth_mb: toMb(memoryAfter.heapUsed - memoryBefore.heapUsed),
        heap_total_growth_mb: toMb(memoryAfter.heapTotal - memoryBefore.heapTotal),
        idle_cpu_ms: idleSelfCpuMs,
        idle_cpu_schedstat_ms: idleThreadsCpuMs,
        idle_main_thread_cpu_ms: idleMainThreadCpuMs,
        idle_gc_count: garbageCollection.pausesMs.length,
        idle_gc_ms: garbageCollection.pausesMs.reduce((total, ms) => total + ms, 0),
        idle_tree_cpu_ms: idleTreeCpuMs,
        schedules_registered: SCHEDULE_COUNT,
        cron_hour: hour
    };
}

module.exports = {
    name: 'many-schedules',
    description: `${SCHEDULE_COUNT} daily crons registered, then ${IDLE_MS / 1000} s idle`,
    run
};

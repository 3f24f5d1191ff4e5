'use strict';
// Throughput of inline function jobs added all at once: from the first addJob until allSettled()
// resolved and every job body ran.
const {nowUs, toMb, raceDeadline} = require('./support');

const DEADLINE_CHECK_EVERY = 500;

/**
 * Returns the rate at which this process writes the info line both managers log for each inline
 * job, through the same @tryghost/logging instance they use: the ceiling of any inline rate
 * while that line is logged.
 */
function loggingOnlyRate(lineCount) {
    const logging = require(require.resolve('@tryghost/logging', {paths: [process.cwd()]}));
    const start = nowUs();
    for (let i = 0; i < lineCount; i++) {
        logging.info(`Adding one-off job to inlineQueue with current length = 0 called 'inline-${i}'`);
    }
    return lineCount / ((nowUs() - start) / 1e6);
}

function throughputScenario(jobCount, measureLogging) {
    async function run(ctx) {
        const manager = new ctx.JobManager({});
        let bodiesRun = 0;
        const body = () => {
            bodiesRun += 1;
        };
        let added = 0;
        const partial = (phase) => {
            const elapsedS = (nowUs() - start) / 1e6;
            return {
                // Finishing would have taken longer than elapsedS, so the true rate is below this.
                jobs_per_s: jobCount / elapsedS,
                completed: false,
                stopped_at: `${phase} after ${elapsedS.toFixed(1)} s: ${added} of ${jobCount} jobs added, ${bodiesRun} bodies run`
            };
        };

        ctx.step = 'adding inline jobs';
        const start = nowUs();
        // The loop never yields, so it checks the deadline itself: no timer could fire meanwhile.
        for (let i = 0; i < jobCount; i++) {
            manager.addJob({name: `inline-${i}`, job: body, offloaded: false});
            added += 1;
            if (added % DEADLINE_CHECK_EVERY === 0 && Date.now() > ctx.deadline) {
                return partial('adding');
            }
        }
        const addedAt = nowUs();

        ctx.step = 'awaiting allSettled()';
        const settled = await raceDeadline(manager.allSettled().then(() => true), ctx.deadline, () => false);
        if (!settled) {
            return partial('awaiting allSettled()');
        }
        const settledAt = nowUs();
        const bodiesRunAtSettle = bodiesRun;

        ctx.step = 'waiting for job bodies still unrun after allSettled()';
        while (bodiesRun < jobCount) {
            if (Date.now() > ctx.deadline) {
                return partial('waiting for bodies');
            }
            await new Promise(resolve => setImmediate(resolve));
        }
        const end = nowUs();
        return {
            jobs_per_s: jobCount / ((end - start) / 1e6),
            completed: true,
            logging_only_lines_per_s: measureLogging ? loggingOnlyRate(jobCount) : undefined,
            add_loop_ms: (addedAt - start) / 1000,
            settle_ms: (settledAt - start) / 1000,
            unrun_at_settle: jobCount - bodiesRunAtSettle,
            peak_rss_mb: process.resourceUsage().maxRSS / 1024
        };
    }
    return run;
}

module.exports = [
    {name: 'inline-10k', description: '10,000 inline function jobs at once', run: throughputScenario(10000, true)},
    {name: 'inline-100k', description: '100,000 inline function jobs at once', run: throughputScenario(100000, false)}
];

'use strict';
// Cost of loading the module and constructing a manager in a fresh process.
const {nowUs, toMb} = require('./support');

async function run(ctx) {
    const before = nowUs();
    const manager = new ctx.JobManager({});
    const constructMs = (nowUs() - before) / 1000;
    const rssBytes = process.memoryUsage().rss;
    ctx.keepAlive(manager);
    return {
        startup_ms: ctx.requireMs + constructMs,
        require_ms: ctx.requireMs,
        construct_ms: constructMs,
        rss_mb: toMb(rssBytes),
        rss_growth_mb: toMb(rssBytes - ctx.rssBeforeRequire)
    };
}

module.exports = {name: 'startup', description: 'require the module, then new JobManager({})', run};

'use strict';
// Loading @tryghost/logging alone in a fresh process, without any manager: both managers load it
// (the original when required, this package when constructed), so it is a floor of startup.
const {nowUs} = require('./support');

async function run(ctx) {
    const start = nowUs();
    const logging = require(require.resolve('@tryghost/logging', {paths: [process.cwd()]}));
    ctx.keepAlive(logging);
    return {require_logging_ms: (nowUs() - start) / 1000};
}

// withoutModule: the child does not load the module under test first.
module.exports = {name: 'logging-load', description: 'require @tryghost/logging alone (no manager)', withoutModule: true, run};

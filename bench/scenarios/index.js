'use strict';
// Every scenario, in default run order.
module.exports = [
    require('./startup'),
    require('./logging-load'),
    ...require('./inline-throughput'),
    require('./inline-latency'),
    require('./offloaded-latency'),
    require('./start-floor'),
    require('./parallel-cpu'),
    require('./cron-second'),
    require('./many-schedules'),
    require('./one-off'),
    require('./shutdown')
];

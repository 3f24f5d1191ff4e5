'use strict';
// The rows of the results table: which figure of which scenario, its unit, and the target it
// has, if any. Ratios are always ours / original, both medians over the repeated runs.
//
// Target kinds:
//   ratioAtMost / ratioAtLeast  ours / original must be <= / >= value
//   oursAtMost / oursAtLeast    our own figure must be <= / >= value
//   notAboveOriginal            our figure must be <= the original's (works when both are 0)

const figureOf = (figures, name) => (figures ? figures[name] : undefined);

const ROWS = [
    {scenario: 'startup', figure: 'startup_ms', label: 'require + new JobManager', unit: 'ms', target: {ratioAtMost: 0.5}},
    {scenario: 'startup', figure: 'rss_mb', label: 'RSS after startup', unit: 'MB'},
    {scenario: 'logging-load', figure: 'require_logging_ms', label: 'require @tryghost/logging alone', unit: 'ms'},
    {scenario: 'inline-10k', figure: 'jobs_per_s', label: 'throughput, 10k jobs', unit: 'jobs/s', target: {ratioAtLeast: 10}},
    {scenario: 'inline-10k', figure: 'logging_only_lines_per_s', label: 'its info lines alone, no manager', unit: 'lines/s'},
    {scenario: 'inline-100k', figure: 'jobs_per_s', label: 'throughput, 100k jobs', unit: 'jobs/s'},
    {
        derived: 'inline-linearity',
        scenarios: ['inline-10k', 'inline-100k'],
        label: 'rate at 100k / rate at 10k',
        unit: '',
        // Linear cost keeps the rate; quadratic cost would divide it by about 10.
        target: {oursAtLeast: 0.75},
        compute: figures => ratioOfBounded(figureOf(figures['inline-100k'], 'jobs_per_s'), figureOf(figures['inline-10k'], 'jobs_per_s'))
    },
    {scenario: 'inline-latency', figure: 'body_p50_us', label: 'addJob to body, p50', unit: 'µs', target: {ratioAtMost: 1}},
    {scenario: 'inline-latency', figure: 'body_p99_us', label: 'addJob to body, p99', unit: 'µs', target: {ratioAtMost: 1}},
    {scenario: 'inline-latency', figure: 'done_p50_us', label: 'addJob to completion, p50', unit: 'µs', target: {ratioAtMost: 1}},
    {scenario: 'inline-latency', figure: 'done_p99_us', label: 'addJob to completion, p99', unit: 'µs', target: {ratioAtMost: 1}},
    {scenario: 'inline-latency', figure: 'gc_count', label: 'garbage collections while measured', unit: ''},
    {scenario: 'inline-latency', figure: 'gc_total_ms', label: 'time in garbage collection', unit: 'ms'},
    {scenario: 'inline-latency', figure: 'gc_max_ms', label: 'longest garbage collection', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'warm_start_p50_ms', label: 'warm: addJob to job start, p50', unit: 'ms', target: {ratioAtMost: 0.1}},
    {scenario: 'offloaded-latency', figure: 'warm_start_p99_ms', label: 'warm: addJob to job start, p99', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'warm_done_p50_ms', label: 'warm: addJob to completion, p50', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'warm_done_p99_ms', label: 'warm: addJob to completion, p99', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'paced_start_p50_ms', label: 'paced (300 ms apart): addJob to job start, p50', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'cold_start_ms', label: 'cold: addJob to job start', unit: 'ms'},
    {scenario: 'offloaded-latency', figure: 'cold_done_ms', label: 'cold: addJob to completion', unit: 'ms'},
    {scenario: 'start-floor', figure: 'worker_start_ms', label: 'no manager: new Worker to first statement', unit: 'ms'},
    {scenario: 'start-floor', figure: 'process_start_ms', label: 'no manager: spawn node to first statement', unit: 'ms'},
    {scenario: 'start-floor', figure: 'worker_cpu_ms', label: 'no manager: CPU per Worker run', unit: 'ms'},
    {scenario: 'start-floor', figure: 'process_cpu_ms', label: 'no manager: CPU per node process run', unit: 'ms'},
    {scenario: 'parallel-cpu', figure: 'wall_ms', label: 'wall time, 50 jobs', unit: 'ms', target: {ratioAtMost: 0.65}},
    {scenario: 'parallel-cpu', figure: 'tree_peak_rss_mb', label: 'peak RSS, process tree', unit: 'MB', target: {ratioAtMost: 0.6}},
    {scenario: 'parallel-cpu', figure: 'max_processes', label: 'most processes at once', unit: ''},
    {scenario: 'parallel-cpu', figure: 'max_threads', label: 'most threads at once', unit: ''},
    {scenario: 'parallel-cpu', figure: 'one_job_ms', label: "one job's work, on the main thread", unit: 'ms'},
    {scenario: 'parallel-cpu', figure: 'ideal_wall_ms', label: 'work / cores (no overhead)', unit: 'ms'},
    {scenario: 'cron-second', figure: 'mean_abs_late_ms', label: 'mean |start - whole second|', unit: 'ms', target: {oursAtMost: 5}},
    {scenario: 'cron-second', figure: 'max_abs_late_ms', label: 'max |start - whole second|', unit: 'ms'},
    {scenario: 'cron-second', figure: 'created_mean_abs_late_ms', label: "mean |'worker created' event - whole second|", unit: 'ms'},
    {scenario: 'cron-second', figure: 'mean_signed_late_ms', label: 'mean start - whole second', unit: 'ms'},
    {scenario: 'cron-second', figure: 'runs', label: 'runs (whole seconds watched)', unit: '', companion: 'whole_seconds_watched'},
    {scenario: 'many-schedules', figure: 'register_ms', label: 'register 10,000 crons', unit: 'ms', target: {ratioAtMost: 0.05}},
    {scenario: 'many-schedules', figure: 'first_1000_ms', label: 'register the first 1,000', unit: 'ms'},
    {scenario: 'many-schedules', figure: 'last_1000_ms', label: 'register the last 1,000', unit: 'ms'},
    {scenario: 'many-schedules', figure: 'tree_rss_growth_mb', label: 'RSS growth, process tree', unit: 'MB', target: {ratioAtMost: 0.5}},
    {scenario: 'many-schedules', figure: 'rss_growth_mb', label: 'RSS growth, this process only', unit: 'MB'},
    {scenario: 'many-schedules', figure: 'heap_used_growth_mb', label: 'V8 heap used growth', unit: 'MB'},
    {scenario: 'many-schedules', figure: 'heap_total_growth_mb', label: 'V8 heap reserved growth', unit: 'MB'},
    {scenario: 'many-schedules', figure: 'idle_cpu_ms', label: 'idle CPU in 3 s, /proc/self/stat', unit: 'ms', target: {notAboveOriginal: true}},
    {scenario: 'many-schedules', figure: 'idle_cpu_schedstat_ms', label: 'idle CPU in 3 s, schedstat (ns counters)', unit: 'ms'},
    {scenario: 'many-schedules', figure: 'idle_main_thread_cpu_ms', label: 'idle CPU in 3 s, main thread only (schedstat)', unit: 'ms'},
    {scenario: 'many-schedules', figure: 'idle_gc_count', label: 'garbage collections while idle', unit: ''},
    {scenario: 'many-schedules', figure: 'idle_gc_ms', label: 'time in garbage collection while idle', unit: 'ms'},
    {scenario: 'many-schedules', figure: 'idle_tree_cpu_ms', label: 'idle CPU in 3 s, process tree', unit: 'ms'},
    {scenario: 'one-off', figure: 'jobs_per_s', label: 'persisted one-off jobs', unit: 'jobs/s', target: {ratioAtLeast: 2}},
    {scenario: 'one-off', figure: 'model_and_log_only_per_s', label: 'its JobModel calls and info line alone', unit: 'jobs/s'},
    {scenario: 'shutdown', figure: 'shutdown_ms', label: 'shutdown(), 5 running jobs', unit: 'ms'},
    {scenario: 'shutdown', figure: 'saw_cancel', label: "jobs that received 'cancel'", unit: ''}
];

/**
 * Divides two figures that may be upper bounds ({value, bound: 'below'} means the true value is
 * below `value`). Returns the same shape, or null when the bound direction is unknown.
 */
function ratioOfBounded(numerator, denominator) {
    if (!numerator || !denominator) {
        return null;
    }
    if ((numerator.bound && denominator.bound) || denominator.value === 0) {
        return null;
    }
    const value = numerator.value / denominator.value;
    if (numerator.bound === 'below') {
        return {value, bound: 'below'};
    }
    if (denominator.bound === 'below') {
        return {value, bound: 'above'};
    }
    return {value, bound: null};
}

module.exports = {ROWS, ratioOfBounded};

'use strict';
// Turns the raw runs into medians with spread, ratios and target verdicts.
const {median} = require('./stats');
const {ROWS, ratioOfBounded} = require('./rows');

const MODULES = ['ours', 'original'];

/**
 * Aggregates the runs of one (scenario, module) pair. Numeric figures get median, min and max.
 * A run cut short by the deadline (`completed: false`) reports an upper bound of its rate, and
 * the median of values that are each at least the true value is itself an upper bound.
 */
function aggregate(runs) {
    const ok = runs.filter(run => run.ok);
    const figures = {};
    const names = new Set(ok.flatMap(run => Object.keys(run.figures)));
    const anyPartial = ok.some(run => run.figures.completed === false);
    for (const name of names) {
        const values = ok.map(run => run.figures[name]).filter(value => value !== undefined);
        if (values.every(value => typeof value === 'number')) {
            figures[name] = {
                value: median(values),
                min: Math.min(...values),
                max: Math.max(...values),
                count: values.length,
                bound: anyPartial && name === 'jobs_per_s' ? 'below' : null
            };
        } else {
            figures[name] = {text: [...new Set(values.map(String))].join(' | ')};
        }
    }
    return {
        runs: runs.length,
        okRuns: ok.length,
        failures: runs.filter(run => !run.ok),
        figures,
        maxOtherCpuPct: Math.max(0, ...runs.map(run => run.otherCpuPct)),
        leftoverProcesses: runs.reduce((total, run) => total + run.leftoverProcesses, 0)
    };
}

/** Returns true, false, or null when a bounded value cannot decide the comparison. */
function compare(figure, op, threshold) {
    if (!figure || !Number.isFinite(figure.value)) {
        return null;
    }
    const {value, bound} = figure;
    if (op === 'atMost') {
        if (value <= threshold) {
            return bound === 'above' ? null : true;
        }
        return bound === 'below' ? null : false;
    }
    if (value >= threshold) {
        return bound === 'below' ? null : true;
    }
    return bound === 'above' ? null : false;
}

function judge(target, ours, original, ratio) {
    if (target.ratioAtMost !== undefined) {
        return compare(ratio, 'atMost', target.ratioAtMost);
    }
    if (target.ratioAtLeast !== undefined) {
        return compare(ratio, 'atLeast', target.ratioAtLeast);
    }
    if (target.oursAtMost !== undefined) {
        return compare(ours, 'atMost', target.oursAtMost);
    }
    if (target.oursAtLeast !== undefined) {
        return compare(ours, 'atLeast', target.oursAtLeast);
    }
    if (target.notAboveOriginal) {
        return original && Number.isFinite(original.value) ? compare(ours, 'atMost', original.value) : null;
    }
    return null;
}

function describeTarget(target) {
    if (target.ratioAtMost !== undefined) {
        return `ratio <= ${target.ratioAtMost}`;
    }
    if (target.ratioAtLeast !== undefined) {
        return `ratio >= ${target.ratioAtLeast}`;
    }
    if (target.oursAtMost !== undefined) {
        return `ours <= ${target.oursAtMost}`;
    }
    if (target.oursAtLeast !== undefined) {
        return `ours >= ${target.oursAtLeast}`;
    }
    return 'ours <= original';
}

/**
 * Returns one module's cell of a row: the figure with its spread, {missing: 'not run'} when the
 * module was not run, or null when every run failed.
 */
function cellOf(spec, pairs, module) {
    if (spec.derived) {
        if (!spec.scenarios.every(name => pairs[name][module])) {
            return {missing: 'not run'};
        }
        const figures = Object.fromEntries(spec.scenarios.map(name => [name, pairs[name][module] && pairs[name][module].figures]));
        return spec.compute(figures);
    }
    const aggregateOfPair = pairs[spec.scenario][module];
    if (!aggregateOfPair) {
        return {missing: 'not run'};
    }
    let figure = aggregateOfPair.figures[spec.figure] || null;
    if (figure && aggregateOfPair.failures.length > 0) {
        figure = {...figure, failedRuns: aggregateOfPair.failures.length};
    }
    if (figure && spec.companion) {
        const companion = aggregateOfPair.figures[spec.companion];
        figure = {...figure, companion: companion ? companion.value : undefined};
    }
    return figure;
}

/** Builds the table rows for the scenarios present in `pairs` (scenario -> module -> aggregate). */
function buildRows(pairs) {
    const rows = [];
    for (const spec of ROWS) {
        const scenarios = spec.derived ? spec.scenarios : [spec.scenario];
        if (!scenarios.every(name => pairs[name])) {
            continue;
        }
        const cell = {};
        for (const module of MODULES) {
            cell[module] = cellOf(spec, pairs, module);
        }
        const isNumber = figure => Boolean(figure) && Number.isFinite(figure.value);
        const numeric = isNumber(cell.ours) && isNumber(cell.original);
        const ratio = numeric && !spec.derived ? ratioOfBounded(cell.ours, cell.original) : null;
        const verdict = spec.target ? judge(spec.target, cell.ours, cell.original, ratio) : undefined;
        rows.push({
            scenario: spec.derived || spec.scenario,
            figure: spec.figure || spec.derived,
            label: spec.label,
            unit: spec.unit,
            ours: cell.ours,
            original: cell.original,
            ratio,
            target: spec.target ? describeTarget(spec.target) : null,
            met: verdict
        });
    }
    return rows;
}

/** Groups runs into scenario -> module -> aggregate. */
function summarise(runs) {
    const grouped = {};
    for (const run of runs) {
        grouped[run.scenario] = grouped[run.scenario] || {};
        grouped[run.scenario][run.module] = grouped[run.scenario][run.module] || [];
        grouped[run.scenario][run.module].push(run);
    }
    const pairs = {};
    for (const [scenario, byModule] of Object.entries(grouped)) {
        pairs[scenario] = {};
        for (const [module, moduleRuns] of Object.entries(byModule)) {
            pairs[scenario][module] = aggregate(moduleRuns);
        }
    }
    return {pairs, rows: buildRows(pairs)};
}

module.exports = {summarise, MODULES};

#!/usr/bin/env node
'use strict';
// Benchmarks this package against @tryghost/job-manager in one invocation. Every
// (scenario, module, repetition) runs in a fresh child process. The table shows medians with
// their spread (min..max), the ratio ours / original and whether each target is met.
const fs = require('node:fs');
const path = require('node:path');
const {parseArgs} = require('node:util');
const scenarios = require('./scenarios');
const {spawnRun, killActiveRun} = require('./lib/spawn-run');
const {summarise, MODULES} = require('./lib/summary');
const {textTable, markdownTable} = require('./lib/format');
const {describeMachine, machineLines, gitState} = require('./lib/machine');
const proc = require('./lib/proc');

const PACKAGE_DIR = path.resolve(__dirname, '..');
// PBKDF2-SHA256 rounds of one CPU-bound job, 34 to 57 ms on the 2-core Xeon of BENCHMARKS.md.
// The parallel-cpu row "one job's work" shows what it cost in each run.
const DEFAULT_CPU_ITERATIONS = 150000;

// Busy share of all cores under which the machine counts as idle for --wait-idle.
const IDLE_BUSY_PCT = 15;

const USAGE = `Usage: npm run bench -- [options]

  --scenario a,b        run only these scenarios (default: all)
                        ${scenarios.map(s => s.name).join(', ')}
  --repeat N            runs per scenario and module; figures are medians (default 3)
  --timeout S           time bound of each run in seconds, after which its process tree is killed (default 60)
  --module M            ours, original or both (default both)
  --cpu-iterations N    PBKDF2 rounds per job in parallel-cpu (default ${DEFAULT_CPU_ITERATIONS})
  --json                print the summary and every run as JSON instead of a table
  --md                  print the table as markdown
  --save FILE           also write the JSON to FILE
  --wait-idle S         before each run, wait up to S seconds for the machine's CPU use to fall
                        under ${IDLE_BUSY_PCT}% (measured over 1 s windows); default 0, no wait
  --cpu-prof DIR        profile each run's scenario (startup: from require on) with the V8 sampling
                        profiler, writing DIR/<scenario>.<module>.<repeat>.cpuprofile
  --help                print this text`;

function parseOptions(argv) {
    const {values} = parseArgs({
        args: argv,
        options: {
            scenario: {type: 'string'},
            repeat: {type: 'string', default: '3'},
            timeout: {type: 'string', default: '60'},
            module: {type: 'string', default: 'both'},
            'cpu-iterations': {type: 'string', default: String(DEFAULT_CPU_ITERATIONS)},
            json: {type: 'boolean', default: false},
            md: {type: 'boolean', default: false},
            save: {type: 'string'},
            'cpu-prof': {type: 'string'},
            'wait-idle': {type: 'string', default: '0'},
            help: {type: 'boolean', default: false}
        }
    });
    const known = scenarios.map(s => s.name);
    const selected = values.scenario ? values.scenario.split(',').map(name => name.trim()).filter(Boolean) : known;
    const unknown = selected.filter(name => !known.includes(name));
    if (unknown.length > 0) {
        throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}`);
    }
    const positiveInteger = (text, option) => {
        const number = Number(text);
        if (!Number.isInteger(number) || number < 1) {
            throw new Error(`--${option} expects a positive integer, got "${text}"`);
        }
        return number;
    };
    const nonNegativeNumber = (text, option) => {
        const number = Number(text);
        if (!Number.isFinite(number) || number < 0) {
            throw new Error(`--${option} expects a number of seconds >= 0, got "${text}"`);
        }
        return number;
    };
    if (!['ours', 'original', 'both'].includes(values.module)) {
        throw new Error(`--module expects ours, original or both, got "${values.module}"`);
    }
    return {
        help: values.help,
        scenarios: known.filter(name => selected.includes(name)),
        repeat: positiveInteger(values.repeat, 'repeat'),
        timeoutMs: positiveInteger(values.timeout, 'timeout') * 1000,
        modules: values.module === 'both' ? MODULES : [values.module],
        cpuIterations: positiveInteger(values['cpu-iterations'], 'cpu-iterations'),
        json: values.json,
        md: values.md,
        save: values.save,
        waitIdleMs: nonNegativeNumber(values['wait-idle'], 'wait-idle') * 1000,
        cpuProfileDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null
    };
}

/**
 * Waits until the machine's CPU use over a 1 s window is under IDLE_BUSY_PCT, for at most
 * `limitMs`. Returns the busy percentage of the last window.
 */
async function waitForIdle(limitMs) {
    const giveUpAt = Date.now() + limitMs;
    for (;;) {
        const before = proc.machineCpuMs();
        await new Promise(resolve => setTimeout(resolve, 1000));
        const after = proc.machineCpuMs();
        const busyPct = (100 * (after.busyMs - before.busyMs)) / (after.totalMs - before.totalMs);
        if (busyPct < IDLE_BUSY_PCT || Date.now() >= giveUpAt) {
            return busyPct;
        }
    }
}

/** Returns the run order: each repetition alternates which module goes first. */
function planRuns(options) {
    const plan = [];
    for (const scenario of options.scenarios) {
        for (let repeat = 0; repeat < options.repeat; repeat++) {
            const order = repeat % 2 === 0 ? options.modules : [...options.modules].reverse();
            for (const module of order) {
                plan.push({scenario, module, repeat});
            }
        }
    }
    return plan;
}

function describeFailures(summary) {
    const lines = [];
    for (const [scenario, byModule] of Object.entries(summary.pairs)) {
        for (const [module, aggregate] of Object.entries(byModule)) {
            for (const failure of aggregate.failures) {
                const firstLines = failure.error.split('\n').slice(0, 4).join('\n      ');
                lines.push(`- ${scenario} / ${module}: failed during "${failure.step}":\n      ${firstLines}`);
                if (failure.stderr.trim()) {
                    lines.push(`      stderr: ${failure.stderr.trim().split('\n').slice(-3).join('\n      ')}`);
                }
            }
        }
    }
    return lines;
}

function describeNoise(summary) {
    const lines = [];
    for (const [scenario, byModule] of Object.entries(summary.pairs)) {
        for (const [module, aggregate] of Object.entries(byModule)) {
            if (aggregate.maxOtherCpuPct > 10) {
                lines.push(`- ${scenario} / ${module}: other processes used up to ${aggregate.maxOtherCpuPct.toFixed(0)}% of the machine's CPU during a run`);
            }
            if (aggregate.leftoverProcesses > 0) {
                lines.push(`- ${scenario} / ${module}: ${aggregate.leftoverProcesses} process(es) outlived their run and were killed`);
            }
            const partial = aggregate.figures.stopped_at;
            if (partial) {
                lines.push(`- ${scenario} / ${module}: stopped at the time bound, ${partial.text}`);
            }
        }
    }
    return lines;
}

function render(options, machine, summary, command) {
    const table = options.md ? markdownTable(summary.rows) : textTable(summary.rows);
    const verdicts = summary.rows.filter(row => row.target !== null);
    const met = verdicts.filter(row => row.met === true).length;
    const out = [
        ...machineLines(machine),
        `Command: ${command}`,
        `Figures: median (min..max) of ${options.repeat} run(s) per module, each in a fresh process; ratio = ours / original.`,
        '',
        table,
        '',
        `Targets met: ${met} of ${verdicts.length}.`
    ];
    const failures = describeFailures(summary);
    if (failures.length > 0) {
        out.push('', 'Failed runs:', ...failures);
    }
    const noise = describeNoise(summary);
    if (machine.oursGitAtEnd !== machine.oursGit) {
        noise.unshift(`- the package changed during the run: ${machine.oursGit} at the start, ${machine.oursGitAtEnd} at the end`);
    }
    if (noise.length > 0) {
        out.push('', 'Notes:', ...noise);
    }
    return out.join('\n');
}

async function main() {
    let options;
    try {
        options = parseOptions(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`${err.message}\n\n${USAGE}\n`);
        process.exitCode = 2;
        return;
    }
    if (options.help) {
        process.stdout.write(`${USAGE}\n`);
        return;
    }
    if (options.cpuProfileDir) {
        fs.mkdirSync(options.cpuProfileDir, {recursive: true});
    }

    const originalEntry = require.resolve('@tryghost/job-manager', {paths: [PACKAGE_DIR]});
    const originalDir = path.dirname(require.resolve('@tryghost/job-manager/package.json', {paths: [PACKAGE_DIR]}));
    const modulePaths = {ours: PACKAGE_DIR, original: originalEntry};
    const machine = describeMachine({oursDir: PACKAGE_DIR, originalDir});
    const args = process.argv.slice(2);
    const viaNpm = process.env.npm_lifecycle_event === 'bench';
    const command = viaNpm ? ['npm run bench', ...(args.length > 0 ? ['--', ...args] : [])].join(' ') : ['node bench/run.js', ...args].join(' ');

    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => {
            killActiveRun();
            process.exit(130);
        });
    }

    const plan = planRuns(options);
    const runs = [];
    for (const [index, step] of plan.entries()) {
        const label = `[${index + 1}/${plan.length}] ${step.scenario} / ${step.module} #${step.repeat + 1}`;
        if (options.waitIdleMs > 0) {
            const busyPct = await waitForIdle(options.waitIdleMs);
            if (busyPct >= IDLE_BUSY_PCT) {
                process.stderr.write(`machine still ${busyPct.toFixed(0)}% busy after waiting ${options.waitIdleMs / 1000} s, running anyway\n`);
            }
        }
        process.stderr.write(`${label} ... `);
        const result = await spawnRun({
            scenario: step.scenario,
            modulePath: modulePaths[step.module],
            // Both modules log through the @tryghost/logging found from here, to the child's stdout.
            cwd: PACKAGE_DIR,
            timeoutMs: options.timeoutMs,
            cpuProfilePath: options.cpuProfileDir ? path.join(options.cpuProfileDir, `${step.scenario}.${step.module}.${step.repeat + 1}.cpuprofile`) : null,
            options: {cpuIterations: options.cpuIterations}
        });
        process.stderr.write(`${result.ok ? 'ok' : 'FAILED'} in ${(result.wallMs / 1000).toFixed(1)} s\n`);
        runs.push({...step, ...result});
    }

    // The package may be edited while a long run goes on; the figures then mix two versions.
    machine.oursGitAtEnd = gitState(PACKAGE_DIR);
    const summary = summarise(runs);
    const report = {machine, command, options, rows: summary.rows, runs};
    if (options.save) {
        fs.writeFileSync(options.save, `${JSON.stringify(report, null, 2)}\n`);
    }
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${render(options, machine, summary, command)}\n`);
}

main().catch((err) => {
    killActiveRun();
    process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
});

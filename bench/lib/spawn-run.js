'use strict';
// Runs one (scenario, module) pair in a fresh child process and cleans up after it. The child
// leads its own process group and its stdout goes to /dev/null. Once the run ends, whether it
// succeeded, failed or hung, every process seen in the child's tree is killed.
const {spawn} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const proc = require('./proc');

const CHILD_SCRIPT = path.join(__dirname, 'child.js');
// Sampling interval of the tree inside a window, the span a scenario requests to be measured.
const WINDOW_SAMPLE_MS = 10;
// Outside windows the tree is only tracked, for clean-up, at this slower interval.
const TRACK_SAMPLE_MS = 100;
// The parent kills the child this long after the time bound; the child reports a hang before.
const KILL_GRACE_MS = 3000;
// Job processes get this long to go away by themselves after the child exits.
const LEFTOVER_WAIT_MS = 1000;
const STDERR_TAIL_BYTES = 4000;

// The run in progress, so an interrupted benchmark can still kill what it started.
let activeRun = null;

const toMb = bytes => bytes / (1024 * 1024);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Peak of the tree's summed RSS, process and thread counts over a window of samples. */
class TreeWindow {
    constructor(rootPid, onStat) {
        this.rootPid = rootPid;
        this.onStat = onStat;
        this.peakRssBytes = 0;
        this.maxProcesses = 0;
        this.maxThreads = 0;
        this.samples = 0;
        this.sample();
        this.timer = setInterval(() => this.sample(), WINDOW_SAMPLE_MS);
    }

    sample() {
        const stats = proc.readTree(this.rootPid);
        stats.forEach(this.onStat);
        this.samples += 1;
        this.peakRssBytes = Math.max(this.peakRssBytes, proc.sumRssBytes(stats));
        this.maxProcesses = Math.max(this.maxProcesses, stats.length);
        this.maxThreads = Math.max(this.maxThreads, stats.reduce((total, stat) => total + stat.threads, 0));
    }

    close() {
        clearInterval(this.timer);
        this.sample();
        return {peakRssMb: toMb(this.peakRssBytes), maxProcesses: this.maxProcesses, maxThreads: this.maxThreads, samples: this.samples};
    }
}

/**
 * Reads what the child wrote before exiting: {ok, figures} or {ok: false, error, step}, each with
 * the child's descendants at that moment; null if it wrote nothing.
 */
function readOutcome(scratch) {
    let message;
    try {
        message = JSON.parse(fs.readFileSync(path.join(scratch, 'outcome.json'), 'utf8'));
    } catch {
        return null;
    }
    const descendants = message.descendants || [];
    if (message.type === 'result') {
        return {ok: true, figures: message.figures, descendants};
    }
    return {ok: false, error: message.error, step: message.step, descendants};
}

/** Returns the processes of `seen` that are still the same processes (same start time) now. */
function stillAlive(seen) {
    return [...seen.values()].filter((stat) => {
        const now = proc.readStat(stat.pid);
        return now !== null && now.state !== 'Z' && now.startTicks === stat.startTicks;
    });
}

function killQuietly(pid) {
    try {
        process.kill(pid, 'SIGKILL');
    } catch {
        // Already gone.
    }
}

/** Kills each process, and its whole group when it leads one (job processes may start their own). */
function killAll(stats) {
    for (const stat of stats) {
        if (stat.pgid === stat.pid) {
            killQuietly(-stat.pid);
        }
        killQuietly(stat.pid);
    }
}

/**
 * Runs `scenario` against the module at `modulePath` and resolves with
 * {ok, figures | error, step, stderr, wallMs, otherCpuPct, leftoverProcesses}.
 *
 * @param {object} run
 * @param {string} run.scenario scenario name
 * @param {string} run.modulePath what the child passes to require()
 * @param {string} run.cwd working directory of the child
 * @param {number} run.timeoutMs time bound of the run
 * @param {string|null} [run.cpuProfilePath] where the child writes a CPU profile of the scenario
 * @param {object} run.options scenario options (cpuIterations)
 */
async function spawnRun({scenario, modulePath, cwd, timeoutMs, cpuProfilePath = null, options}) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-bench-'));
    const machineBefore = proc.machineCpuMs();
    const selfBefore = proc.readStat('self');
    const startedAt = Date.now();

    const child = spawn(process.execPath, [CHILD_SCRIPT, scenario, modulePath], {
        cwd,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: {...process.env, BENCH_CHILD: JSON.stringify({scratch, timeoutMs, cpuProfilePath, options})}
    });

    // Every process seen in the tree, keyed by pid, to kill what outlives the run.
    const seen = new Map();
    const remember = (stat) => {
        if (stat.pid !== child.pid) {
            seen.set(stat.pid, stat);
        }
    };
    const tracker = setInterval(() => proc.readTree(child.pid).forEach(remember), TRACK_SAMPLE_MS);
    const windows = new Map();
    activeRun = {pid: child.pid, seen};
    let stderr = '';

    child.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_BYTES);
    });
    child.on('message', (message) => {
        if (message.type === 'window-open') {
            windows.set(message.label, new TreeWindow(child.pid, remember));
            child.send({label: message.label});
        } else if (message.type === 'window-close') {
            const window = windows.get(message.label);
            windows.delete(message.label);
            child.send({label: message.label, stats: window.close()});
        }
    });

    const exit = new Promise(resolve => child.on('exit', (code, signal) => resolve({code, signal})));
    const killTimer = setTimeout(() => killQuietly(-child.pid), timeoutMs + KILL_GRACE_MS);
    const {code, signal} = await exit;
    activeRun = null;
    clearTimeout(killTimer);
    clearInterval(tracker);
    for (const window of windows.values()) {
        window.close();
    }
    const wallMs = Date.now() - startedAt;
    const outcome = readOutcome(scratch);
    for (const stat of outcome ? outcome.descendants : []) {
        remember(stat);
    }

    // Whatever the child's exit did not end by now is left behind: count it, then kill it.
    killQuietly(-child.pid);
    const giveUpAt = Date.now() + LEFTOVER_WAIT_MS;
    let leftovers = stillAlive(seen);
    while (leftovers.length > 0 && Date.now() < giveUpAt) {
        await sleep(50);
        leftovers = stillAlive(seen);
    }
    killAll(leftovers);
    fs.rmSync(scratch, {recursive: true, force: true});

    // CPU used by the rest of the machine meanwhile: the total minus this process and the
    // children it reaped (the child counts the job processes it reaped in turn).
    const machineAfter = proc.machineCpuMs();
    const selfAfter = proc.readStat('self');
    const ownTicks = (stat) => stat.utimeTicks + stat.stimeTicks + stat.cutimeTicks + stat.cstimeTicks;
    const ownMs = proc.ticksToMs(ownTicks(selfAfter) - ownTicks(selfBefore));
    const machineMs = machineAfter.totalMs - machineBefore.totalMs;
    const otherMs = machineAfter.busyMs - machineBefore.busyMs - ownMs;

    const {descendants, ...result} = outcome || {
        ok: false,
        error: signal ? `child killed by ${signal} at the ${Math.round(timeoutMs / 1000)} s time bound` : `child exited with code ${code} without a result`,
        step: 'unknown',
        descendants: []
    };
    return {
        ...result,
        stderr: result.ok ? '' : stderr,
        wallMs,
        otherCpuPct: machineMs > 0 ? Math.max(0, (100 * otherMs) / machineMs) : 0,
        leftoverProcesses: leftovers.length
    };
}

/** Kills the child of the run in progress, its process group and every process seen in its tree. */
function killActiveRun() {
    if (activeRun === null) {
        return;
    }
    killQuietly(-activeRun.pid);
    killAll(stillAlive(activeRun.seen));
}

module.exports = {spawnRun, killActiveRun};

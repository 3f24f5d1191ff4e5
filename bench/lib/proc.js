'use strict';
// Readers for Linux /proc: the process tree below a pid, its resident memory and CPU time,
// and the machine-wide CPU counters. Every reader tolerates processes that exit while it reads.
const fs = require('node:fs');

const PAGE_BYTES = 4096;
// USER_HZ, the unit of utime/stime in /proc/<pid>/stat: 100 on every mainstream Linux build.
const CLOCK_TICKS_PER_S = 100;

function readText(file) {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch {
        return null;
    }
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) may contain spaces and parentheses, so
 * the fields after it are split from the last ')'. Returns null when the process is gone.
 */
function readStat(pid) {
    const text = readText(`/proc/${pid}/stat`);
    if (text === null) {
        return null;
    }
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // rest[0] is field 3 (state), so field N is rest[N - 3].
    return {
        pid: Number(pid),
        state: rest[0],
        ppid: Number(rest[1]),
        pgid: Number(rest[2]),
        utimeTicks: Number(rest[11]),
        stimeTicks: Number(rest[12]),
        cutimeTicks: Number(rest[13]),
        cstimeTicks: Number(rest[14]),
        threads: Number(rest[17]),
        startTicks: Number(rest[19]),
        rssBytes: Number(rest[21]) * PAGE_BYTES
    };
}

/** Returns the pids of the direct children of every thread of `pid`. */
function childPids(pid) {
    const tasks = (() => {
        try {
            return fs.readdirSync(`/proc/${pid}/task`);
        } catch {
            return [];
        }
    })();
    const children = [];
    for (const tid of tasks) {
        const text = readText(`/proc/${pid}/task/${tid}/children`);
        if (text) {
            for (const child of text.trim().split(' ')) {
                if (child) {
                    children.push(Number(child));
                }
            }
        }
    }
    return children;
}

/** Returns the stat records of `rootPid` and all its descendants that are alive now. */
function readTree(rootPid) {
    const stats = [];
    const pending = [rootPid];
    while (pending.length > 0) {
        const pid = pending.pop();
        const stat = readStat(pid);
        if (stat !== null && stat.state !== 'Z') {
            stats.push(stat);
            pending.push(...childPids(pid));
        }
    }
    return stats;
}

const sumRssBytes = stats => stats.reduce((total, stat) => total + stat.rssBytes, 0);
const ticksToMs = ticks => (ticks * 1000) / CLOCK_TICKS_PER_S;

/** CPU time (user + system, ms) of the calling process, all threads, from /proc/self/stat. */
function selfCpuMs() {
    const stat = readStat('self');
    return ticksToMs(stat.utimeTicks + stat.stimeTicks);
}

/**
 * CPU time (ms) of every live thread of the calling process, from the scheduler's nanosecond
 * counters in /proc/self/task/<tid>/schedstat: finer than the 10 ms ticks of /proc/self/stat.
 */
function selfThreadsCpuMs() {
    let nanoseconds = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
        const text = readText(`/proc/self/task/${tid}/schedstat`);
        if (text !== null) {
            nanoseconds += Number(text.split(' ')[0]);
        }
    }
    return nanoseconds / 1e6;
}

/** CPU time (ms) of the calling process's main thread, from its schedstat counter. */
function mainThreadCpuMs() {
    const text = readText(`/proc/self/task/${process.pid}/schedstat`);
    return Number(text.split(' ')[0]) / 1e6;
}

/**
 * CPU time (ms) used by the live processes of a tree plus the children they already reaped.
 * Processes that exited without being reaped by a tree member are not counted.
 */
function treeCpuMs(rootPid) {
    let ticks = 0;
    for (const stat of readTree(rootPid)) {
        ticks += stat.utimeTicks + stat.stimeTicks + stat.cutimeTicks + stat.cstimeTicks;
    }
    return ticksToMs(ticks);
}

/** Busy and total CPU time of the whole machine (ms summed over cores), from /proc/stat. */
function machineCpuMs() {
    const line = readText('/proc/stat').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    return {busyMs: ticksToMs(busy), totalMs: ticksToMs(busy + idle + iowait)};
}

/** Returns the pids of all live processes in process group `pgid` (a full /proc scan). */
function groupPids(pgid) {
    const pids = [];
    for (const entry of fs.readdirSync('/proc')) {
        if (/^\d+$/.test(entry)) {
            const stat = readStat(entry);
            if (stat !== null && stat.pgid === pgid && stat.state !== 'Z') {
                pids.push(stat.pid);
            }
        }
    }
    return pids;
}

module.exports = {readStat, readTree, sumRssBytes, selfCpuMs, selfThreadsCpuMs, mainThreadCpuMs, treeCpuMs, machineCpuMs, groupPids, ticksToMs};

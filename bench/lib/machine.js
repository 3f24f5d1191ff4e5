'use strict';
// Describes the machine and the software versions a run measured.
const {execFileSync} = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function firstMatch(file, pattern) {
    try {
        const match = fs.readFileSync(file, 'utf8').match(pattern);
        return match ? match[1].trim() : null;
    } catch {
        return null;
    }
}

function commandOutput(command, args, cwd) {
    try {
        return execFileSync(command, args, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
    } catch {
        return null;
    }
}

function packageVersion(dir) {
    try {
        return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
    } catch {
        return null;
    }
}

/** Describes the package's git state: "git <commit>", with ", uncommitted changes" when there are any. */
function gitState(dir) {
    const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD'], dir);
    if (!commit) {
        return null;
    }
    const dirty = commandOutput('git', ['status', '--porcelain', '--untracked-files=no'], dir);
    return `git ${commit}${dirty ? ', uncommitted changes' : ''}`;
}

/**
 * @param {object} where
 * @param {string} where.oursDir root of this package
 * @param {string} where.originalDir root of the installed @tryghost/job-manager
 */
function describeMachine({oursDir, originalDir}) {
    const memKb = Number(firstMatch('/proc/meminfo', /^MemTotal:\s+(\d+) kB/m));
    const git = gitState(oursDir);
    let breeDir = null;
    try {
        breeDir = path.dirname(require.resolve('bree/package.json', {paths: [originalDir]}));
    } catch {
        // Reported as unknown below.
    }
    return {
        cpu: firstMatch('/proc/cpuinfo', /^model name\s*:(.*)$/m),
        cores: os.availableParallelism(),
        memoryGb: Math.round((memKb / 1024 / 1024) * 10) / 10,
        kernel: os.release(),
        node: process.version,
        rustc: commandOutput('rustc', ['--version']),
        ours: `ferrous-job-manager ${packageVersion(oursDir)}` + (git ? ` (${git})` : ''),
        oursGit: git,
        original: `@tryghost/job-manager ${packageVersion(originalDir)}`,
        bree: breeDir ? packageVersion(breeDir) : null,
        loadAverage: os.loadavg().map(load => Math.round(load * 100) / 100)
    };
}

function machineLines(machine) {
    return [
        `CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, Linux ${machine.kernel}`,
        `Node ${machine.node}; ${machine.rustc || 'rustc not found'}`,
        `Modules: ${machine.ours} vs ${machine.original} (bree ${machine.bree})`,
        `Load average at start: ${machine.loadAverage.join(' ')}`
    ];
}

module.exports = {describeMachine, machineLines, gitState};

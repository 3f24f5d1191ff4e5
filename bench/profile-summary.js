#!/usr/bin/env node
'use strict';
// Prints the functions with the most self time in a .cpuprofile written by `--cpu-prof`. V8's
// own entries, such as (garbage collector), (program) and (idle), are listed like functions.
// Usage: node bench/profile-summary.js FILE.cpuprofile [rows, default 25]
const fs = require('node:fs');

function summarise(file, rowCount) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
    const nodesById = new Map(profile.nodes.map(node => [node.id, node]));
    // Sample intervals differ, so each sample is weighted by the time delta that follows it.
    const selfMs = new Map();
    profile.samples.forEach((id, index) => {
        const deltaUs = profile.timeDeltas[index + 1] || 0;
        selfMs.set(id, (selfMs.get(id) || 0) + deltaUs / 1000);
    });
    const byFunction = new Map();
    for (const [id, ms] of selfMs) {
        const {callFrame} = nodesById.get(id);
        const where = callFrame.url ? `${callFrame.url.replace(/^file:\/\//, '')}:${callFrame.lineNumber + 1}` : '';
        const key = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
        byFunction.set(key, (byFunction.get(key) || 0) + ms);
    }
    const totalMs = [...byFunction.values()].reduce((total, ms) => total + ms, 0);
    const rows = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, rowCount);
    const lines = [`${file}: ${totalMs.toFixed(0)} ms sampled`];
    for (const [key, ms] of rows) {
        lines.push(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${key}`);
    }
    return lines.join('\n');
}

const [file, rows] = process.argv.slice(2);
if (!file) {
    process.stderr.write('Usage: node bench/profile-summary.js FILE.cpuprofile [rows]\n');
    process.exitCode = 2;
} else {
    process.stdout.write(`${summarise(file, Number(rows) || 25)}\n`);
}

'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {spawnSync} = require('node:child_process');

const packageRoot = path.join(__dirname, '..');

/** Runs `body` in a fresh node process and returns its result; fails if it does not exit in time. */
function runHost(body, timeoutMs = 10000) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fjm-exit-'));
    const script = path.join(dir, 'host.js');
    fs.writeFileSync(script, `const JobManager = require(${JSON.stringify(packageRoot)});\n${body}\n`);
    const result = spawnSync(process.execPath, [script], {cwd: dir, encoding: 'utf8', timeout: timeoutMs});
    fs.rmSync(dir, {recursive: true, force: true});
    return result;
}

test('host exits after its inline jobs', () => {
    const result = runHost(`
const jobManager = new JobManager({logger: false});
for (let i = 0; i < 20; i++) {
    jobManager.addJob({job: () => new Promise(resolve => setTimeout(resolve, 5)), offloaded: false});
}
jobManager.addJob({job: () => console.log('last job ran'), offloaded: false});
`);

    assert.equal(result.error, undefined, 'the host did not exit by itself');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /last job ran/);
});

test('host with an idle manager exits at once', () => {
    const result = runHost('new JobManager({logger: false});', 5000);

    assert.equal(result.error, undefined, 'the host did not exit by itself');
    assert.equal(result.status, 0);
});

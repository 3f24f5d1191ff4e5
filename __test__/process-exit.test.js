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

test('host exits after an offloaded job', () => {
    const job = path.join(__dirname, 'jobs', 'slow.js');
    const result = runHost(`
const jobManager = new JobManager({logger: false});
jobManager.awaitCompletion('once').then(() => console.log('job finished'));
jobManager.addJob({name: 'once', job: ${JSON.stringify(job)}, data: {ms: 50}});
`);

    assert.equal(result.error, undefined, 'the host did not exit by itself');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /job finished/);
});

test('recurring job keeps the host until shutdown', () => {
    const job = path.join(__dirname, 'jobs', 'slow.js');
    const result = runHost(`
const jobManager = new JobManager({logger: false});
let runs = 0;
jobManager.bree.on('worker created', () => {
    runs += 1;
    if (runs === 2) {
        jobManager.shutdown().then(() => console.log('shut down after', runs, 'runs'));
    }
});
jobManager.addJob({name: 'tick', at: '* * * * * *', job: ${JSON.stringify(job)}, data: {ms: 10}});
`);

    assert.equal(result.error, undefined, 'the host did not exit after shutdown');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /shut down after 2 runs/);
});

test('job output reaches the host output', () => {
    const result = runHost(`
const jobManager = new JobManager({logger: false});
jobManager.addJob({name: 'talker', job: () => {
    console.log('hello from the job');
    console.error('warning from the job');
}});
`);

    assert.equal(result.status, 0);
    assert.match(result.stdout, /hello from the job/);
    assert.match(result.stderr, /warning from the job/);
});

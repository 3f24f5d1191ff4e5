'use strict';

// Runs examples/ghost-like/app.js twice as a child process on a temporary data folder and checks
// its exit code, its output and the SQLite database it leaves behind.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');

const APP = path.join(__dirname, '..', 'examples', 'ghost-like', 'app.js');
// The analytics job runs on `*/5 * * * * *`, so 8 s always include at least one run.
const FIRST_RUN_SECONDS = 8;
const SECOND_RUN_SECONDS = 2;
// Seeding, shutdown and the summary take a few seconds more than --duration on a slow machine.
const EXIT_GRACE_MS = 30_000;

function runDemo(args, durationSeconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [APP, '--duration', String(durationSeconds), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `The demo did not exit within ${durationSeconds} s + ${EXIT_GRACE_MS / 1000} s.\n` +
            `stdout:\n${stdout}\nstderr:\n${stderr}`,
        ),
      );
    }, durationSeconds * 1000 + EXIT_GRACE_MS);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function describeRun(run) {
  return `exit code ${run.code}, signal ${run.signal}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

describe('ghost-like demo', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghost-like-demo-'));
  const dbPath = path.join(dataDir, 'site.db');
  let firstRun;

  function query(sql, ...params) {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).get(...params);
    } finally {
      db.close();
    }
  }

  function jobStatus(name) {
    const row = query('SELECT status FROM jobs WHERE name = ?', name);
    return row ? row.status : 'no jobs row';
  }

  before(async () => {
    firstRun = await runDemo(['--data-dir', dataDir], FIRST_RUN_SECONDS);
  });

  after(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('first run exits with code 0', () => {
    assert.equal(firstRun.code, 0, describeRun(firstRun));
  });

  it('seeds members and posts', () => {
    assert.ok(query('SELECT COUNT(*) AS n FROM members').n >= 1000, 'members seeded');
    assert.ok(query('SELECT COUNT(*) AS n FROM posts').n >= 10, 'posts seeded');
    assert.ok(query('SELECT COUNT(*) AS n FROM email_events').n >= 1000, 'email events seeded');
  });

  it('inline batches deliver the new newsletter', () => {
    const email = query("SELECT status, recipient_count FROM emails ORDER BY created_at DESC LIMIT 1");

    assert.equal(email.status, 'submitted');
    assert.ok(email.recipient_count >= 1000, `recipient_count ${email.recipient_count}`);
  });

  it('analytics job fills email_stats', () => {
    const stats = query('SELECT COUNT(*) AS n, SUM(delivered_count) AS delivered FROM email_stats');

    assert.ok(stats.n > 0, 'email_stats has rows');
    assert.ok(stats.delivered > 0, 'delivered events counted');
    assert.match(firstRun.stdout, /event\s+email-analytics\.aggregated/);
  });

  it('migration is recorded finished', () => {
    assert.equal(jobStatus('backfill-member-uuids'), 'finished');
    assert.equal(query('SELECT COUNT(*) AS n FROM members WHERE uuid IS NULL').n, 0);
  });

  it('import finishes after a retry', () => {
    assert.equal(jobStatus('import-subscribers'), 'finished');
    assert.match(firstRun.stdout, /FAILED\s+import-subscribers/);
    assert.match(firstRun.stdout, /retry\s+import-subscribers/);
    assert.equal(query("SELECT COUNT(*) AS n FROM members WHERE email LIKE 'imported%'").n, 25);
  });

  it('prints start, finish and summary', () => {
    assert.match(firstRun.stdout, /start\s+email-analytics/);
    assert.match(firstRun.stdout, /finish\s+email-analytics/);
    assert.match(firstRun.stdout, /start\s+send-email-batch/);
    assert.match(firstRun.stdout, /job\s+kind\s+schedule\s+runs\s+failures\s+mean ms\s+next run/);
    assert.match(firstRun.stdout, /^update-check\s+offloaded\s+\d+ \d+ \d+ \* \* \*\s+0\s+0\s+-\s+\d{4}-/m);
  });

  describe('second run', () => {
    let secondRun;

    before(async () => {
      secondRun = await runDemo(['--data-dir', dataDir], SECOND_RUN_SECONDS);
    });

    it('exits with code 0', () => {
      assert.equal(secondRun.code, 0, describeRun(secondRun));
    });

    it('reports the migration already done', () => {
      assert.match(secondRun.stdout, /skip\s+backfill-member-uuids\s+already done/);
      assert.doesNotMatch(secondRun.stdout, /start\s+backfill-member-uuids/);
    });

    it('does not seed again', () => {
      assert.match(secondRun.stdout, /site\.db\s+opened:/);
    });
  });
});

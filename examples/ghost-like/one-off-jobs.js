'use strict';

// The demo's one-off jobs. Their state lives in the jobs table, so a second start of the demo
// on the same database finds them done and does not run them again.

const path = require('node:path');
const { setTimeout: delay } = require('node:timers/promises');
const { JOBS_DIR } = require('./schedule');
const { formatDateTime } = require('./run-log');

const MIGRATION = 'backfill-member-uuids';
const IMPORT = 'import-subscribers';
const MAX_IMPORT_ATTEMPTS = 3;
const RETRY_DELAY_MS = 1000;

async function describeDone(jobModel, name) {
  const record = await jobModel.findOne({ name });
  const status = record.get('status');
  const finishedAt = record.get('finished_at');
  if (status === 'finished' && finishedAt) {
    return `already done: status finished at ${formatDateTime(finishedAt)}, not run again`;
  }
  // The manager treats queued and started as executed too, for example after a crash mid-run.
  return `already executed: status ${status}, not run again`;
}

/**
 * Runs the offloaded migration unless the jobs table records it as executed, then waits for it
 * with awaitOneOffCompletion, which reads the table until the status is finished or failed.
 */
async function runMigration({ jobManager, jobModel, runLog, dbPath }) {
  runLog.register(MIGRATION, { kind: 'one-off', schedule: 'once' });

  if (await jobManager.hasExecutedSuccessfully(MIGRATION)) {
    const text = await describeDone(jobModel, MIGRATION);
    runLog.print('skip', MIGRATION, text);
    runLog.setState(MIGRATION, 'already done');
    return;
  }

  try {
    await jobManager.addOneOffJob({
      name: MIGRATION,
      job: path.join(JOBS_DIR, `${MIGRATION}.js`),
      data: { dbPath },
    });
  } catch (error) {
    // Another app instance on the same database added it between the check and the add.
    runLog.print('skip', MIGRATION, error.message);
    runLog.setState(MIGRATION, 'run elsewhere');
    return;
  }

  const record = await jobManager.awaitOneOffCompletion(MIGRATION);
  runLog.setState(MIGRATION, record.get('status'));
}

/**
 * Runs the inline import as a one-off job and re-adds it after a failure: awaitCompletion
 * rejects, hasExecutedSuccessfully turns false, and addOneOffJob accepts the name again.
 */
async function importSubscribersWithRetry({ jobManager, runLog, importer, signal }) {
  runLog.register(IMPORT, { kind: 'one-off', schedule: 'once', expectedFailures: 1 });

  if (await jobManager.hasExecutedSuccessfully(IMPORT)) {
    runLog.print('skip', IMPORT, 'already done, not run again');
    runLog.setState(IMPORT, 'already done');
    return;
  }

  const job = runLog.track(IMPORT, importer.run.bind(importer), () => `attempt ${importer.attempts + 1}`);
  for (let attempt = 1; attempt <= MAX_IMPORT_ATTEMPTS; attempt += 1) {
    const completion = jobManager.awaitCompletion(IMPORT);
    await jobManager.addOneOffJob({ name: IMPORT, job, data: { count: 25 }, offloaded: false });
    try {
      await completion;
    } catch {
      // The run log has printed the failure.
    }

    if (await jobManager.hasExecutedSuccessfully(IMPORT)) {
      runLog.setState(IMPORT, 'finished');
      return;
    }
    if (attempt < MAX_IMPORT_ATTEMPTS) {
      runLog.print('retry', IMPORT, `failed, adding it again in ${RETRY_DELAY_MS} ms`);
      await delay(RETRY_DELAY_MS, undefined, { signal });
    }
  }
  runLog.setState(IMPORT, 'failed');
}

module.exports = { runMigration, importSubscribersWithRetry, MIGRATION, IMPORT };

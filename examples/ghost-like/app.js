#!/usr/bin/env node
'use strict';

// A small Ghost-like site that drives the job manager through its public API only. It runs an
// inline newsletter batch sender and offloaded recurring jobs on cron, text and daily schedules.
// A one-off migration is persisted in the site's SQLite database, and a one-off import is re-added
// after it fails. Run `node examples/ghost-like/app.js --help` for the options.

const path = require('node:path');
const { parseArgs } = require('node:util');
const { setTimeout: delay } = require('node:timers/promises');

const JobManager = require('../..');
const { createJobModel } = require('../../job-model');
const { openDatabase } = require('./db');
const { seedDatabase, createRandom } = require('./seed');
const { RunLog } = require('./run-log');
const { scheduleRecurringJobs, nextRun } = require('./schedule');
const { runMigration, importSubscribersWithRetry } = require('./one-off-jobs');
const { NewsletterService } = require('./services/newsletter');
const { SubscriberImporter } = require('./services/subscriber-importer');
const { startTraffic } = require('./traffic');

const DEFAULT_DATA_DIR = path.join(__dirname, 'data');
// How long the last one-off flows may take to settle after shutdown before the summary prints.
const FLOW_SETTLE_TIMEOUT_MS = 3000;

const USAGE = `Usage: node examples/ghost-like/app.js [options]

Options:
  --duration <seconds>  stop after the jobs have run this long (default: until Ctrl-C)
  --data-dir <dir>      folder for site.db (default: examples/ghost-like/data)
  --verbose             also print the job manager's info lines
  -h, --help            print this help`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

  let durationMs = null;
  if (values.duration !== undefined) {
    const seconds = Number(values.duration);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      throw new Error(`Invalid --duration "${values.duration}": expected a number of seconds above 0`);
    }
    durationMs = seconds * 1000;
  }

  return {
    durationMs,
    dataDir: path.resolve(values['data-dir'] ?? DEFAULT_DATA_DIR),
    verbose: values.verbose,
    help: values.help,
  };
}

// The manager's own lines. Info lines ("Scheduling job ...") only with --verbose.
function createManagerLogger(runLog, verbose) {
  const format = (args) => args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' ');
  return {
    info: (...args) => verbose && runLog.print('manager', 'info', format(args)),
    warn: (...args) => runLog.print('manager', 'warn', format(args)),
    error: (...args) => runLog.print('manager', 'error', format(args)),
  };
}

// Offloaded job scripts post {type: 'started', pid, at}, {type: 'progress', text} and 'done'.
function handleWorkerMessage(runLog, { name, message }) {
  if (message === 'done') {
    runLog.finishNamed(name);
  } else if (message && message.type === 'started') {
    const where = message.pid === process.pid ? 'worker thread' : `pid ${message.pid}`;
    runLog.start(name, where, message.at);
  } else if (message && message.type === 'progress') {
    runLog.print('info', name, message.text);
  }
}

async function printDatabaseSummary(knex, runLog) {
  const count = async (table, where = {}) =>
    Number((await knex(table).where(where).count({ count: '*' }).first()).count);
  const members = await count('members');
  const withoutUuid = await count('members', { uuid: null });
  const stats = await count('email_stats');
  const tokens = await count('tokens');
  runLog.print(
    'db',
    'site.db',
    `${members} members (${withoutUuid} without uuid), ${stats} email_stats rows, ${tokens} tokens`,
  );
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const runLog = new RunLog();
  const random = createRandom(Date.now());
  const { knex, dbPath } = await openDatabase(options.dataDir);

  const seedStarted = Date.now();
  const seeded = await seedDatabase(knex);
  runLog.print(
    'db',
    'site.db',
    `${seeded.seeded ? `seeded in ${Date.now() - seedStarted} ms` : 'opened'}: ${dbPath}, ` +
      `${seeded.members} members, ${seeded.posts} posts, ${seeded.emailEvents} email events`,
  );

  const jobModel = await createJobModel(knex);
  const jobManager = new JobManager({
    JobModel: jobModel,
    errorHandler: (error, meta) => runLog.failNamed(meta.name, error),
    workerMessageHandler: (message) => handleWorkerMessage(runLog, message),
    domainEvents: {
      dispatchRaw: (type, data) => runLog.print('event', type, JSON.stringify(data)),
    },
    logger: createManagerLogger(runLog, options.verbose),
  });

  const schedules = new Map();
  for (const job of await scheduleRecurringJobs({ jobManager, runLog, dbPath })) {
    schedules.set(job.name, job.at);
  }

  const newsletter = new NewsletterService({
    knex,
    jobManager,
    random,
    trackInline: (name, job, describe) => runLog.track(name, job, describe),
  });
  runLog.register('send-email-batch', { kind: 'inline' });
  await newsletter.publishAndSend();

  const abort = new AbortController();
  const importer = new SubscriberImporter({ knex });
  const reportFlowError = (name) => (error) => {
    if (!abort.signal.aborted) {
      runLog.print('error', name, error.message);
    }
  };
  const flows = [
    runMigration({ jobManager, jobModel, runLog, dbPath }).catch(reportFlowError('migration')),
    importSubscribersWithRetry({ jobManager, runLog, importer, signal: abort.signal }).catch(
      reportFlowError('import'),
    ),
  ];
  const traffic = startTraffic({ knex, random, onError: reportFlowError('traffic') });

  await waitForStop(options.durationMs, runLog);

  abort.abort();
  await traffic.stop();
  runLog.print('stop', 'job-manager', 'shutting down');
  await jobManager.shutdown();
  await Promise.race([Promise.allSettled(flows), delay(FLOW_SETTLE_TIMEOUT_MS, undefined, { ref: false })]);

  await printDatabaseSummary(knex, runLog);
  console.log(`\n${runLog.formatSummary((name) => (schedules.has(name) ? nextRun(schedules.get(name)) : null))}`);
  await knex.destroy();

  const unexpectedFailures = runLog.unexpectedFailureCount();
  if (unexpectedFailures > 0) {
    console.error(`\n${unexpectedFailures} job run(s) failed unexpectedly`);
    process.exitCode = 1;
  }
}

/** Resolves after `durationMs`, or on SIGINT or SIGTERM. A second signal exits at once. */
function waitForStop(durationMs, runLog) {
  return new Promise((resolve) => {
    let timer;
    const stop = (reason) => {
      clearTimeout(timer);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      runLog.print('stop', 'app', reason);
      resolve();
    };
    const onSignal = (signal) => stop(`received ${signal}`);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (durationMs !== null) {
      timer = setTimeout(() => stop(`--duration of ${durationMs / 1000} s reached`), durationMs);
    } else {
      runLog.print('run', 'app', 'press Ctrl-C to stop');
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

'use strict';

// The recurring offloaded jobs of the demo and the next-run times for its summary table.

const path = require('node:path');
const later = require('@breejs/later');
const { formatDateTime } = require('./run-log');

// The job manager evaluates schedules in the process's local time zone, and so does this file.
later.date.localTime();

const JOBS_DIR = path.join(__dirname, 'jobs');

/**
 * Returns a cron expression for a random time of day, as Ghost picks the time of its daily
 * update check at each boot so that sites do not all check at once.
 */
function randomDailyCron(random = Math.random) {
  const second = Math.floor(random() * 60);
  const minute = Math.floor(random() * 60);
  const hour = Math.floor(random() * 24);
  return `${second} ${minute} ${hour} * * *`;
}

function recurringJobs() {
  return [
    { name: 'email-analytics', at: '*/5 * * * * *', script: 'email-analytics.js' },
    { name: 'clean-expired-tokens', at: 'every 10 seconds', script: 'clean-expired-tokens.js' },
    { name: 'update-check', at: randomDailyCron(), script: 'update-check.js' },
  ];
}

/**
 * Returns the next time after `from` that matches a schedule in the job manager's formats: a
 * cron expression with six fields (seconds first) or later.js text such as "every 10 seconds".
 * Returns null when nothing matches. The default `from` is one second ahead, because later.js
 * counts the current second as a match and the manager skips a match less than 1 s away.
 */
function nextRun(at, from = new Date(Date.now() + 1000)) {
  const isCron = at.trim().split(' ').length === 6;
  const schedule = isCron ? later.parse.cron(at, true) : later.parse.text(at);
  const next = later.schedule(schedule).next(1, from);
  return next instanceof Date ? next : null;
}

/** Adds each recurring job to the manager as an offloaded job. Resolves with the definitions. */
async function scheduleRecurringJobs({ jobManager, runLog, dbPath }) {
  const jobs = recurringJobs();
  for (const { name, at, script } of jobs) {
    runLog.register(name, { kind: 'offloaded', schedule: at });
    await jobManager.addJob({ name, at, job: path.join(JOBS_DIR, script), data: { dbPath } });
    runLog.print('added', name, `at "${at}", next run ${formatDateTime(nextRun(at))}`);
  }
  return jobs;
}

module.exports = { scheduleRecurringJobs, nextRun, randomDailyCron, JOBS_DIR };

'use strict';

// Prints each job start, finish and failure as it happens and keeps per-job counts for the
// summary table. Inline jobs are timed by a wrapper around the job function. Offloaded jobs are
// timed by the messages their scripts post ({type: 'started'}, then 'done') and by the errorHandler.

// An offloaded job that throws reaches the errorHandler twice: with its error, then with
// `Worker for job "<name>" exited with code 1`. A failure this soon after the last one of the
// same job, with no run open, is treated as that second report.
const FOLLOW_UP_FAILURE_WINDOW_MS = 2000;

function formatTime(date) {
  const pad = (value, width = 2) => String(value).padStart(width, '0');
  return (
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}`
  );
}

function formatDateTime(date) {
  const pad = (value) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

class RunLog {
  #jobs = new Map();
  #write;

  /** @param {{write?: (line: string) => void}} [options] */
  constructor({ write = (line) => process.stdout.write(`${line}\n`) } = {}) {
    this.#write = write;
  }

  /** Prints one timestamped line: `HH:MM:SS.mmm  <label>  <name>  <text>`. */
  print(label, name, text = '') {
    const line = `${formatTime(new Date())}  ${label.padEnd(7)} ${name.padEnd(24)} ${text}`;
    this.#write(line.trimEnd());
  }

  /**
   * Adds a job to the summary table. `expectedFailures` runs may fail without making the demo
   * exit with an error.
   */
  register(name, { kind, schedule = '-', expectedFailures = 0 }) {
    this.#jobs.set(name, {
      kind,
      schedule,
      expectedFailures,
      runs: 0,
      failures: 0,
      totalMs: 0,
      timedRuns: 0,
      open: [],
      lastFailureAt: 0,
      state: '',
    });
  }

  #job(name) {
    if (!this.#jobs.has(name)) {
      this.register(name, { kind: 'unknown' });
    }
    return this.#jobs.get(name);
  }

  /**
   * Records a run start and returns the run to pass to `finish` or `fail`. `startedAt` (ms since
   * the epoch) lets an offloaded job give its own start time.
   */
  start(name, detail = '', startedAt = Date.now()) {
    const run = { name, startedAt };
    this.#job(name).open.push(run);
    this.print('start', name, detail);
    return run;
  }

  finish(run, detail = '') {
    const job = this.#close(run);
    const ms = Date.now() - run.startedAt;
    job.runs += 1;
    job.totalMs += ms;
    job.timedRuns += 1;
    this.print('finish', run.name, `${ms} ms${detail ? `, ${detail}` : ''}`);
  }

  fail(run, error) {
    const job = this.#close(run);
    const ms = Date.now() - run.startedAt;
    job.runs += 1;
    job.failures += 1;
    job.totalMs += ms;
    job.timedRuns += 1;
    job.lastFailureAt = Date.now();
    this.print('FAILED', run.name, `after ${ms} ms: ${error.message}`);
  }

  #close(run) {
    const job = this.#job(run.name);
    job.open = job.open.filter((openRun) => openRun !== run);
    return job;
  }

  /** Closes the oldest open run of an offloaded job, which has at most one at a time. */
  finishNamed(name, detail) {
    const run = this.#job(name).open[0];
    if (run) {
      this.finish(run, detail);
    } else {
      this.#job(name).runs += 1;
      this.print('finish', name, detail);
    }
  }

  failNamed(name, error) {
    const job = this.#job(name);
    const run = job.open[0];
    if (run) {
      this.fail(run, error);
    } else if (Date.now() - job.lastFailureAt < FOLLOW_UP_FAILURE_WINDOW_MS) {
      this.print('error', name, error.message);
    } else {
      job.runs += 1;
      job.failures += 1;
      job.lastFailureAt = Date.now();
      this.print('FAILED', name, error.message);
    }
  }

  /** Stores the text shown in the summary's "next run" column for one-off jobs. */
  setState(name, state) {
    this.#job(name).state = state;
  }

  /**
   * Wraps an inline job function so that each call is printed and counted. The wrapper passes
   * the manager's single `data` argument through and rethrows failures, so the manager sees them.
   */
  track(name, jobFunction, describe = () => '') {
    return async (data) => {
      const run = this.start(name, describe(data));
      try {
        const result = await jobFunction(data);
        this.finish(run);
        return result;
      } catch (error) {
        this.fail(run, error);
        throw error;
      }
    };
  }

  unexpectedFailureCount() {
    let count = 0;
    for (const job of this.#jobs.values()) {
      count += Math.max(0, job.failures - job.expectedFailures);
    }
    return count;
  }

  /** Returns the summary table as text. `nextRunOf(name)` gives a Date, text or null. */
  formatSummary(nextRunOf) {
    const header = ['job', 'kind', 'schedule', 'runs', 'failures', 'mean ms', 'next run / state'];
    const rows = [...this.#jobs.entries()].map(([name, job]) => {
      const meanMs = job.timedRuns > 0 ? String(Math.round(job.totalMs / job.timedRuns)) : '-';
      const next = nextRunOf(name);
      const nextText = next instanceof Date ? formatDateTime(next) : next || job.state || '-';
      return [name, job.kind, job.schedule, String(job.runs), String(job.failures), meanMs, nextText];
    });
    const widths = header.map((title, column) =>
      Math.max(title.length, ...rows.map((row) => row[column].length)),
    );
    const numeric = new Set([3, 4, 5]);
    const formatRow = (row) =>
      row
        .map((cell, column) =>
          numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
        )
        .join('  ')
        .trimEnd();

    return [formatRow(header), formatRow(widths.map((width) => '-'.repeat(width))), ...rows.map(formatRow)].join(
      '\n',
    );
  }
}

module.exports = { RunLog, formatDateTime };

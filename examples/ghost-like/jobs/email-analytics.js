'use strict';

// Offloaded job: aggregates email events into email_stats, one row per email. It opens the site
// database itself (path in workerData.dbPath) and posts 'done' when finished, as Ghost's jobs do.
// Standalone: node jobs/email-analytics.js <path to site.db>

const { parentPort, workerData } = require('worker_threads');
const Database = require('better-sqlite3');

// `WHERE true` keeps SQLite from reading ON CONFLICT as part of the SELECT.
const AGGREGATE_SQL = `
INSERT INTO email_stats (email_id, delivered_count, opened_count, clicked_count, failed_count, aggregated_at)
SELECT email_id,
       SUM(type = 'delivered'), SUM(type = 'opened'), SUM(type = 'clicked'), SUM(type = 'failed'), ?
FROM email_events
WHERE true
GROUP BY email_id
ON CONFLICT (email_id) DO UPDATE SET
  delivered_count = excluded.delivered_count,
  opened_count = excluded.opened_count,
  clicked_count = excluded.clicked_count,
  failed_count = excluded.failed_count,
  aggregated_at = excluded.aggregated_at`;

function aggregateEmailStats(dbPath) {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
  try {
    const { changes } = db.prepare(AGGREGATE_SQL).run(Date.now());
    const totals = db
      .prepare('SELECT SUM(delivered_count + opened_count + clicked_count + failed_count) AS events FROM email_stats')
      .get();
    return { emails: changes, events: totals.events ?? 0 };
  } finally {
    db.close();
  }
}

const dbPath = workerData ? workerData.dbPath : process.argv[2];
if (parentPort) {
  parentPort.postMessage({ type: 'started', pid: process.pid, at: Date.now() });
}

const stats = aggregateEmailStats(dbPath);

if (parentPort) {
  parentPort.postMessage({ event: { type: 'email-analytics.aggregated', data: stats } });
  parentPort.postMessage('done');
} else {
  console.log(stats);
}

'use strict';

// Offloaded job: the daily update check, scheduled at a random time of day as Ghost schedules
// its own. The demo makes no network request. It records the check time and this package's
// version in the settings table.
// Standalone: node jobs/update-check.js <path to site.db>

const path = require('path');
const { parentPort, workerData } = require('worker_threads');
const Database = require('better-sqlite3');

const { version } = require(path.join(__dirname, '..', '..', '..', 'package.json'));

const dbPath = workerData ? workerData.dbPath : process.argv[2];
if (parentPort) {
  parentPort.postMessage({ type: 'started', pid: process.pid, at: Date.now() });
}

const db = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
const upsert = db.prepare(
  'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
);
upsert.run('last_update_check', new Date().toISOString());
upsert.run('last_checked_version', version);
db.close();

if (parentPort) {
  parentPort.postMessage({ type: 'progress', text: `running version ${version}, no request sent` });
  parentPort.postMessage('done');
}

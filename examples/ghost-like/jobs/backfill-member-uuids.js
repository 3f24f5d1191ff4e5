'use strict';

// Offloaded one-off job: a data migration that gives every member without a uuid a new one.
// The app adds it with addOneOffJob, so the jobs table records it and it runs once per database.
// Standalone: node jobs/backfill-member-uuids.js <path to site.db>

const crypto = require('crypto');
const { parentPort, workerData } = require('worker_threads');
const Database = require('better-sqlite3');

function backfillMemberUuids(dbPath) {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
  try {
    const members = db.prepare('SELECT id FROM members WHERE uuid IS NULL').all();
    const setUuid = db.prepare('UPDATE members SET uuid = ? WHERE id = ? AND uuid IS NULL');
    const fillAll = db.transaction((rows) => {
      for (const { id } of rows) {
        setUuid.run(crypto.randomUUID(), id);
      }
    });
    fillAll(members);
    return members.length;
  } finally {
    db.close();
  }
}

const dbPath = workerData ? workerData.dbPath : process.argv[2];
if (parentPort) {
  parentPort.postMessage({ type: 'started', pid: process.pid, at: Date.now() });
}

const filled = backfillMemberUuids(dbPath);

if (parentPort) {
  parentPort.postMessage({ type: 'progress', text: `set a uuid on ${filled} members` });
  parentPort.postMessage('done');
} else {
  console.log(`set a uuid on ${filled} members`);
}

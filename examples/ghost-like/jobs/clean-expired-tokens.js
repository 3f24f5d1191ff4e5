'use strict';

// Offloaded job: deletes expired sign-in tokens in small batches. On 'cancel' (sent when the
// manager shuts down) it stops after the current batch and still posts 'done', because the
// batches deleted so far are committed and the next run removes the rest.
// Standalone: node jobs/clean-expired-tokens.js <path to site.db>

const { parentPort, workerData } = require('worker_threads');
const Database = require('better-sqlite3');

const BATCH_SIZE = 50;

let cancelled = false;
if (parentPort) {
  parentPort.on('message', (message) => {
    if (message === 'cancel') {
      cancelled = true;
    }
  });
}

async function deleteExpiredTokens(dbPath) {
  const db = new Database(dbPath, { fileMustExist: true, timeout: 5000 });
  try {
    const deleteBatch = db.prepare(
      'DELETE FROM tokens WHERE id IN (SELECT id FROM tokens WHERE expires_at < ? LIMIT ?)',
    );
    const now = Date.now();
    let deleted = 0;
    while (!cancelled) {
      const { changes } = deleteBatch.run(now, BATCH_SIZE);
      deleted += changes;
      if (changes < BATCH_SIZE) {
        break;
      }
      // Lets a 'cancel' message in between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return deleted;
  } finally {
    db.close();
  }
}

(async () => {
  const dbPath = workerData ? workerData.dbPath : process.argv[2];
  if (parentPort) {
    parentPort.postMessage({ type: 'started', pid: process.pid, at: Date.now() });
  }

  const deleted = await deleteExpiredTokens(dbPath);
  const text = `deleted ${deleted} expired tokens${cancelled ? ' before cancelling' : ''}`;

  if (parentPort) {
    parentPort.postMessage({ type: 'progress', text });
    parentPort.postMessage('done');
  } else {
    console.log(text);
  }
})();

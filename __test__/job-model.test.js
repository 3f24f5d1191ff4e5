'use strict';

// The knex JobModel against real databases: a SQLite file, MariaDB on 127.0.0.1:3306 and
// PostgreSQL on 127.0.0.1:5432. A server that is down is started, and a server that still
// cannot be reached fails its tests.

const { describe, it, before, beforeEach, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const knexFactory = require('knex');
const JobManager = require('..');
const { createJobModel, JobModel } = require('../job-model');

const TABLE = `jobs_test_${process.pid}`;
const SERVER_START_TIMEOUT_MS = 30_000;

// Keeps the manager's progress and error lines out of the test output.
const silentLogger = { info() {}, warn() {}, error() {} };

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function canConnect(client, connection) {
  const knex = knexFactory({ client, connection, pool: { min: 0, max: 1 } });
  try {
    await knex.raw('select 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await knex.destroy();
  }
}

// Returns the first connection that works, starting the server once if none works.
async function reachServer({ label, client, connections, startCommand }) {
  let lastError;
  let started = false;
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;

  while (true) {
    for (const connection of connections) {
      const attempt = await canConnect(client, connection);
      if (attempt.ok) {
        return connection;
      }
      lastError = attempt.error;
    }

    if (!started) {
      started = true;
      spawnSync(startCommand[0], startCommand.slice(1), { stdio: 'ignore' });
    } else if (Date.now() > deadline) {
      throw new Error(
        `${label} is not reachable at 127.0.0.1 after running "${startCommand.join(' ')}" ` +
          `and waiting ${SERVER_START_TIMEOUT_MS / 1000} s: ${lastError.message}`,
      );
    }
    await sleep(500);
  }
}

function postgresVersion() {
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  return versions.sort().at(-1) ?? 'missing';
}

const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-model-test-'));

// Each backend's reach() resolves with a knex connection setting that works.
const backends = [
  {
    label: 'SQLite',
    client: 'better-sqlite3',
    duplicateCode: 'SQLITE_CONSTRAINT_UNIQUE',
    async reach() {
      return { filename: path.join(sqliteDir, 'site.db') };
    },
  },
  {
    label: 'MariaDB',
    client: 'mysql2',
    duplicateCode: 'ER_DUP_ENTRY',
    reach() {
      return reachServer({
        label: 'MariaDB',
        client: 'mysql2',
        connections: [{ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' }],
        startCommand: [
          'start-stop-daemon',
          '--start',
          '--oknodo',
          '--background',
          '--exec',
          '/usr/sbin/mariadbd',
        ],
      });
    },
  },
  {
    label: 'PostgreSQL',
    client: 'pg',
    duplicateCode: '23505',
    reach() {
      return reachServer({
        label: 'PostgreSQL',
        client: 'pg',
        connections: ['root', 'postgres'].map((user) => ({
          host: '127.0.0.1',
          port: 5432,
          user,
          database: 'test',
        })),
        startCommand: [
          'pg_ctlcluster',
          '--skip-systemctl-redirect',
          postgresVersion(),
          'main',
          'start',
        ],
      });
    },
  },
];

// Wraps a JobModel and records the status stored in the database after each add and edit.
function recordStatuses(model) {
  const statuses = [];
  return {
    statuses,
    findOne: (filter) => model.findOne(filter),
    add: async (data) => {
      const record = await model.add(data);
      statuses.push(record.get('status'));
      return record;
    },
    edit: async (data, options) => {
      const record = await model.edit(data, options);
      statuses.push(record.get('status'));
      return record;
    },
    destroy: (options) => model.destroy(options),
  };
}

function assertRecentDate(value, label) {
  assert.ok(value instanceof Date, `${label} is a Date`);
  // MySQL datetime columns drop the milliseconds, so allow for that and some clock drift.
  assert.ok(Math.abs(value.getTime() - Date.now()) < 60_000, `${label} is close to now`);
}

after(() => {
  fs.rmSync(sqliteDir, { recursive: true, force: true });
});

for (const backend of backends) {
  describe(`JobModel on ${backend.label}`, () => {
    let knex;
    let model;
    let connection;
    const knexes = [];

    // Opens a knex instance on the test database. A second one acts as a second app instance.
    function connect() {
      const instance = knexFactory({ client: backend.client, connection, useNullAsDefault: true });
      knexes.push(instance);
      return instance;
    }

    let setupError;

    before(async () => {
      try {
        connection = await backend.reach();
        knex = connect();
        model = await createJobModel(knex, { tableName: TABLE });
      } catch (error) {
        setupError = error;
      }
    });

    // Rethrown per test, so that an unreachable server counts as failed tests, not cancelled ones.
    beforeEach(() => {
      if (setupError) {
        throw setupError;
      }
    });

    after(async () => {
      if (model) {
        await knex.schema.dropTableIfExists(TABLE);
        await knex.schema.dropTableIfExists(`${TABLE}_race`);
      }
      for (const instance of knexes) {
        await instance.destroy();
      }
    });

    it('creates the table in Ghost shape', async () => {
      const columns = await knex(TABLE).columnInfo();

      assert.deepEqual(Object.keys(columns).sort(), [
        'created_at',
        'finished_at',
        'id',
        'metadata',
        'name',
        'queue_entry',
        'started_at',
        'status',
        'updated_at',
      ]);
      assert.equal(Number(columns.id.maxLength), 24);
      assert.equal(columns.id.nullable, false);
      assert.equal(Number(columns.name.maxLength), 191);
      assert.equal(columns.name.nullable, false);
      assert.equal(Number(columns.status.maxLength), 50);
      assert.equal(columns.status.nullable, false);
      assert.match(String(columns.status.defaultValue), /queued/);
      for (const column of ['started_at', 'finished_at']) {
        assert.match(columns[column].type, /datetime|timestamp/, `${column} type`);
        assert.equal(columns[column].nullable, true, `${column} nullable`);
      }
      for (const column of ['created_at', 'updated_at']) {
        assert.match(columns[column].type, /datetime|timestamp/, `${column} type`);
        assert.equal(columns[column].nullable, false, `${column} nullable`);
      }
      assert.match(columns.metadata.type, /text/);
      assert.equal(columns.metadata.nullable, true);
      assert.match(columns.queue_entry.type, /int/);
      assert.equal(columns.queue_entry.nullable, true);
    });

    it('createJobModel keeps an existing table', async () => {
      const existing = await model.add({ name: 'kept-across-create' });

      const again = await createJobModel(knex, { tableName: TABLE });
      const found = await again.findOne({ name: 'kept-across-create' });

      assert.ok(again instanceof JobModel);
      assert.equal(found.id, existing.id);
    });

    it('add stores a queued job', async () => {
      const record = await model.add({ name: 'add-defaults' });

      assert.match(record.id, /^[0-9a-f]{24}$/);
      assert.equal(record.get('id'), record.id);
      assert.equal(record.get('name'), 'add-defaults');
      assert.equal(record.get('status'), 'queued');
      assert.equal(record.get('started_at'), null);
      assert.equal(record.get('finished_at'), null);
      assert.equal(record.get('metadata'), null);
      assert.equal(record.get('queue_entry'), null);
      assertRecentDate(record.get('created_at'), 'created_at');
      assertRecentDate(record.get('updated_at'), 'updated_at');
      assert.equal(record.toJSON().name, 'add-defaults');
    });

    it('add keeps given status, metadata and queue entry', async () => {
      const record = await model.add({
        name: 'add-fields',
        status: 'started',
        metadata: { batch: 3 },
        queue_entry: 7,
      });

      assert.equal(record.get('status'), 'started');
      assert.equal(record.get('metadata'), '{"batch":3}');
      assert.equal(Number(record.get('queue_entry')), 7);
    });

    it('findOne by name and id', async () => {
      const added = await model.add({ name: 'find-me' });

      const byName = await model.findOne({ name: 'find-me' });
      const byId = await model.findOne({ id: added.id });

      assert.equal(byName.id, added.id);
      assert.equal(byId.get('name'), 'find-me');
      assert.ok(byName.get('created_at') instanceof Date);
    });

    it('findOne returns null for unknown name', async () => {
      assert.equal(await model.findOne({ name: 'never-added' }), null);
    });

    it('findOne rejects unknown columns', async () => {
      await assert.rejects(model.findOne({ title: 'x' }), {
        name: 'TypeError',
        message: /Unknown job attribute "title"/,
      });
    });

    it('edit updates status, dates and updated_at', async () => {
      const hourAgo = new Date(Date.now() - 3_600_000);
      const added = await model.add({ name: 'edit-me', created_at: hourAgo, updated_at: hourAgo });
      const startedAt = new Date();

      const edited = await model.edit({ status: 'started', started_at: startedAt }, { id: added.id });
      const reread = await model.findOne({ name: 'edit-me' });

      assert.equal(edited.get('status'), 'started');
      assert.equal(reread.get('status'), 'started');
      assert.ok(reread.get('started_at') instanceof Date);
      assert.ok(Math.abs(reread.get('started_at') - startedAt) < 1000, 'started_at round trip');
      assert.ok(reread.get('created_at') < new Date(Date.now() - 3_000_000), 'created_at kept');
      assert.ok(reread.get('updated_at') > new Date(Date.now() - 60_000), 'updated_at moved');
    });

    it('edit rejects unknown id', async () => {
      await assert.rejects(model.edit({ status: 'failed' }, { id: 'ffffffffffffffffffffffff' }), {
        code: 'ERR_JOB_NOT_FOUND',
        message: `Job with id "ffffffffffffffffffffffff" not found in table "${TABLE}"`,
      });
    });

    it('destroy removes the job', async () => {
      const added = await model.add({ name: 'destroy-me' });

      const deleted = await model.destroy({ id: added.id });

      assert.equal(deleted, 1);
      assert.equal(await model.findOne({ name: 'destroy-me' }), null);
    });

    it('add rejects a duplicate name', async () => {
      await model.add({ name: 'only-once' });

      const error = await model.add({ name: 'only-once' }).then(
        () => assert.fail('second add resolved'),
        (rejection) => rejection,
      );

      assert.equal(error.message, 'A job named "only-once" already exists');
      assert.equal(error.code, backend.duplicateCode);
      assert.ok(error.cause instanceof Error, 'driver error kept as cause');
    });

    it('concurrent add of one name: one wins', async () => {
      const otherModel = await createJobModel(connect(), { tableName: TABLE });

      const results = await Promise.allSettled([
        model.add({ name: 'raced', status: 'queued' }),
        otherModel.add({ name: 'raced', status: 'queued' }),
      ]);
      const fulfilled = results.filter((result) => result.status === 'fulfilled');
      const rejected = results.filter((result) => result.status === 'rejected');
      const rows = await knex(TABLE).where({ name: 'raced' });

      assert.equal(fulfilled.length, 1);
      assert.equal(rejected.length, 1);
      assert.equal(rejected[0].reason.message, 'A job named "raced" already exists');
      assert.equal(rows.length, 1);
    });

    it('concurrent createJobModel creates one table', async () => {
      const table = `${TABLE}_race`;
      const otherKnex = connect();

      const models = await Promise.all([
        createJobModel(knex, { tableName: table }),
        createJobModel(otherKnex, { tableName: table }),
      ]);
      await models[0].add({ name: 'after-race' });

      await assert.rejects(models[1].add({ name: 'after-race' }), {
        message: 'A job named "after-race" already exists',
      });
    });

    describe('with a JobManager', () => {
      it('one-off job goes queued, started, finished', async () => {
        const name = 'one-off-success';
        const recorder = recordStatuses(model);
        const jobManager = new JobManager({ JobModel: recorder, logger: silentLogger });
        let statusDuringRun;

        const completion = jobManager.awaitCompletion(name);
        await jobManager.addOneOffJob({
          name,
          offloaded: false,
          job: async () => {
            statusDuringRun = (await model.findOne({ name })).get('status');
          },
        });
        await completion;
        const record = await model.findOne({ name });

        assert.deepEqual(recorder.statuses, ['queued', 'started', 'finished']);
        assert.equal(statusDuringRun, 'started');
        assert.equal(record.get('status'), 'finished');
        assertRecentDate(record.get('started_at'), 'started_at');
        assertRecentDate(record.get('finished_at'), 'finished_at');
        assert.ok(record.get('finished_at') >= record.get('started_at'), 'finished after start');
        assert.equal(await jobManager.hasExecutedSuccessfully(name), true);
        await assert.rejects(jobManager.addOneOffJob({ name, offloaded: false, job: () => {} }), {
          message: `A "${name}" one off job has already been executed.`,
        });
        await jobManager.shutdown();
      });

      it('failed one-off job can be re-added', async () => {
        const name = 'one-off-retry';
        const recorder = recordStatuses(model);
        const jobManager = new JobManager({ JobModel: recorder, logger: silentLogger });
        let attempts = 0;
        const job = async () => {
          attempts += 1;
          if (attempts === 1) {
            throw new Error('first attempt fails');
          }
        };

        const failure = jobManager.awaitCompletion(name);
        await jobManager.addOneOffJob({ name, offloaded: false, job });
        await assert.rejects(failure, { message: 'first attempt fails' });
        const failed = await model.findOne({ name });
        const succeededBeforeRetry = await jobManager.hasExecutedSuccessfully(name);

        const success = jobManager.awaitCompletion(name);
        await jobManager.addOneOffJob({ name, offloaded: false, job });
        await success;
        const finished = await model.findOne({ name });

        assert.equal(failed.get('status'), 'failed');
        assert.equal(succeededBeforeRetry, false);
        assert.equal(finished.get('status'), 'finished');
        assert.equal(finished.id, failed.id);
        assert.equal(attempts, 2);
        assert.deepEqual(recorder.statuses, [
          'queued',
          'started',
          'failed',
          'queued',
          'started',
          'finished',
        ]);
        assert.equal(await jobManager.hasExecutedSuccessfully(name), true);
        await jobManager.shutdown();
      });
    });
  });
}

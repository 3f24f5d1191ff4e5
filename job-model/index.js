'use strict';

// A JobModel for the job manager, stored in a `jobs` table through a knex instance that the
// caller owns. The table has the columns of Ghost's `jobs` table, so one-off job records
// survive restarts and are shared by every app instance that uses the same database.
// Works with the knex clients better-sqlite3/sqlite3, mysql/mysql2 and pg. The module loads no
// database driver itself.

const crypto = require('node:crypto');

const DEFAULT_TABLE_NAME = 'jobs';

const COLUMNS = [
  'id',
  'name',
  'status',
  'started_at',
  'finished_at',
  'created_at',
  'updated_at',
  'metadata',
  'queue_entry',
];
const DATE_COLUMNS = new Set(['started_at', 'finished_at', 'created_at', 'updated_at']);

// A date and time without a zone designator, as SQLite stores it ("2024-05-01 10:00:00.123").
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * Generates a 24-digit hex id shaped like a MongoDB ObjectId, as Ghost's ids are: 4 bytes of
 * Unix time in seconds, then 8 random bytes. Ids made later sort after earlier ones.
 */
function generateObjectId() {
  const id = Buffer.alloc(12);
  id.writeUInt32BE(Math.floor(Date.now() / 1000) >>> 0, 0);
  crypto.randomFillSync(id, 4, 8);
  return id.toString('hex');
}

function dialectOf(knex) {
  const dialect = knex.client.dialect;
  if (dialect === 'sqlite3') {
    return 'sqlite';
  }
  if (dialect === 'mysql') {
    return 'mysql';
  }
  if (dialect === 'postgresql') {
    return 'postgres';
  }
  // NOTE: other knex dialects take the generic path (knex schema builder, dates passed to the
  // driver as Date objects) and have not been tested.
  return dialect;
}

/**
 * A stored job, shaped like the Bookshelf model instances Ghost passes to the job manager:
 * `id`, `get(attribute)`, `attributes` and `toJSON()`. Date columns are `Date` objects or null.
 */
class JobRecord {
  constructor(attributes) {
    this.id = attributes.id;
    this.attributes = attributes;
  }

  get(attribute) {
    return this.attributes[attribute];
  }

  toJSON() {
    return { ...this.attributes };
  }
}

/**
 * The job table's data access with the methods the job manager calls: `findOne`, `add`, `edit`
 * and `destroy`. The constructor expects the table to exist; `createJobModel` creates it first.
 */
class JobModel {
  #knex;
  #dialect;

  /**
   * @param {import('knex').Knex} knex
   * @param {{tableName?: string}} [options]
   */
  constructor(knex, { tableName = DEFAULT_TABLE_NAME } = {}) {
    assertKnex(knex);
    assertTableName(tableName);
    this.#knex = knex;
    this.#dialect = dialectOf(knex);
    this.tableName = tableName;
  }

  /**
   * Finds the first job whose columns equal every value in `filter` (usually `{name}` or `{id}`).
   * Resolves with a JobRecord, or null when no row matches.
   */
  async findOne(filter) {
    const where = this.#toRow(filter, 'findOne');
    if (Object.keys(where).length === 0) {
      throw new TypeError('JobModel.findOne requires a filter such as {name} or {id}');
    }

    const row = await this.#knex(this.tableName).where(where).orderBy('id').first();
    return row ? this.#toRecord(row) : null;
  }

  /**
   * Inserts a job and resolves with the stored record. `status` defaults to `queued`, and `id`,
   * `created_at` and `updated_at` are generated unless given. A name that is already stored
   * rejects with `A job named "<name>" already exists`, keeping the driver's error `code`
   * (`SQLITE_CONSTRAINT_UNIQUE`, `ER_DUP_ENTRY`, `23505`) and the driver error as `cause`.
   */
  async add(data) {
    if (!data || typeof data.name !== 'string' || data.name === '') {
      throw new TypeError('JobModel.add requires a non-empty string name');
    }

    const now = new Date();
    const row = this.#toRow(
      {
        status: 'queued',
        ...data,
        id: data.id ?? generateObjectId(),
        created_at: data.created_at ?? now,
        updated_at: data.updated_at ?? now,
      },
      'add',
    );

    try {
      await this.#knex(this.tableName).insert(row);
    } catch (error) {
      throw await this.#explainInsertError(error, row.name);
    }

    return this.#findById(row.id, row);
  }

  /**
   * Updates the job with the given id and resolves with the stored record. `updated_at` is set
   * to the current time unless `data` gives it, and an `id` in `data` is ignored. Rejects with
   * code `ERR_JOB_NOT_FOUND` when no job has that id.
   */
  async edit(data, { id } = {}) {
    if (id === undefined || id === null) {
      throw new TypeError('JobModel.edit requires the job id: edit(data, {id})');
    }

    const changes = { ...data };
    delete changes.id;
    const row = this.#toRow({ ...changes, updated_at: changes.updated_at ?? new Date() }, 'edit');
    await this.#knex(this.tableName).where({ id }).update(row);

    const record = await this.#findById(id);
    if (!record) {
      const error = new Error(`Job with id "${id}" not found in table "${this.tableName}"`);
      error.code = 'ERR_JOB_NOT_FOUND';
      throw error;
    }
    return record;
  }

  /**
   * Deletes the job with the given id. Resolves with the number of deleted rows (0 or 1).
   */
  async destroy({ id } = {}) {
    if (id === undefined || id === null) {
      throw new TypeError('JobModel.destroy requires the job id: destroy({id})');
    }

    return this.#knex(this.tableName).where({ id }).del();
  }

  async #findById(id, fallbackRow) {
    const row = await this.#knex(this.tableName).where({ id }).first();
    if (row) {
      return this.#toRecord(row);
    }
    return fallbackRow ? this.#toRecord(fallbackRow) : null;
  }

  // A unique violation on insert is turned into an error naming the job only when a row with
  // that name exists, so a (practically impossible) id collision keeps the driver's own error.
  async #explainInsertError(error, name) {
    if (!isUniqueViolation(error)) {
      return error;
    }

    const existing = await this.#knex(this.tableName).where({ name }).first();
    if (!existing) {
      return error;
    }

    const duplicateError = new Error(`A job named "${name}" already exists`, { cause: error });
    duplicateError.code = error.code;
    if (error.errno !== undefined) {
      duplicateError.errno = error.errno;
    }
    return duplicateError;
  }

  // Converts job attributes into column values for the driver: dates become Date objects, or
  // UTC text on SQLite, and a non-string metadata value is stored as JSON text.
  #toRow(data, method) {
    if (data === null || typeof data !== 'object') {
      throw new TypeError(`JobModel.${method} expects an object of job attributes`);
    }

    const row = {};
    for (const [column, value] of Object.entries(data)) {
      if (value === undefined) {
        continue;
      }
      if (!COLUMNS.includes(column)) {
        throw new TypeError(
          `Unknown job attribute "${column}" passed to JobModel.${method}; ` +
            `the columns are ${COLUMNS.join(', ')}`,
        );
      }
      row[column] = this.#toColumnValue(column, value);
    }
    return row;
  }

  #toColumnValue(column, value) {
    if (value === null) {
      return null;
    }
    if (DATE_COLUMNS.has(column)) {
      return this.#toDbDate(column, value);
    }
    if (column === 'metadata' && typeof value !== 'string') {
      return JSON.stringify(value);
    }
    return value;
  }

  #toDbDate(column, value) {
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw new TypeError(`Invalid date for job attribute "${column}": ${String(value)}`);
    }

    // SQLite has no date type. Text in UTC keeps the column readable and sortable, and matches
    // how Ghost stores dates there (Ghost leaves out the milliseconds).
    if (this.#dialect === 'sqlite') {
      return date.toISOString().replace('T', ' ').slice(0, 23);
    }
    return date;
  }

  #toRecord(row) {
    const attributes = { ...row };
    for (const column of DATE_COLUMNS) {
      if (column in attributes) {
        attributes[column] = fromDbDate(attributes[column]);
      }
    }
    return new JobRecord(attributes);
  }
}

/**
 * Converts a date column value as the drivers return it into a Date: mysql2 and pg return Date
 * objects, SQLite returns text or, for values that knex bound as Date, milliseconds since the epoch.
 * NOTE: zoneless text is read as UTC. A mysql2 connection configured with `dateStrings: true`
 * returns text in the connection's time zone, which is then misread unless that zone is UTC.
 */
function fromDbDate(value) {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return new Date(Number(value));
  }
  if (typeof value === 'string' && ZONELESS_DATE_TIME.test(value)) {
    return new Date(`${value.replace(' ', 'T')}Z`);
  }
  return new Date(value);
}

function isUniqueViolation(error) {
  // PostgreSQL SQLSTATE unique_violation
  if (error.code === '23505') {
    return true;
  }
  // MySQL and MariaDB
  if (error.code === 'ER_DUP_ENTRY' || error.errno === 1062) {
    return true;
  }
  // better-sqlite3 reports extended codes, node-sqlite3 only SQLITE_CONSTRAINT
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return true;
  }
  return error.code === 'SQLITE_CONSTRAINT' && /UNIQUE constraint failed/.test(error.message);
}

function assertKnex(knex) {
  if (typeof knex !== 'function' || !knex.schema || !knex.client) {
    throw new TypeError('Expected a knex instance, such as require("knex")({client, connection})');
  }
}

function assertTableName(tableName) {
  if (typeof tableName !== 'string' || tableName === '') {
    throw new TypeError(`tableName must be a non-empty string, received ${String(tableName)}`);
  }
}

function defineJobsTable(table) {
  table.string('id', 24).notNullable().primary();
  table.string('name', 191).notNullable().unique();
  table.string('status', 50).notNullable().defaultTo('queued');
  table.dateTime('started_at').nullable();
  table.dateTime('finished_at').nullable();
  table.dateTime('created_at').notNullable();
  table.dateTime('updated_at').notNullable();
  table.text('metadata').nullable();
  table.integer('queue_entry').unsigned().nullable();
}

// knex creates a table with one statement and its unique index with another. MySQL cannot roll
// DDL back, and on SQLite a transaction around both would keep the write lock across awaits.
// For these two dialects one statement creates both, so no second app instance can insert a
// duplicate name into a table that is still missing its index.
const CREATE_TABLE_STATEMENTS = {
  mysql: `CREATE TABLE IF NOT EXISTS ?? (
  id varchar(24) NOT NULL,
  name varchar(191) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'queued',
  started_at datetime NULL,
  finished_at datetime NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  metadata text NULL,
  queue_entry int unsigned NULL,
  PRIMARY KEY (id),
  UNIQUE KEY ?? (name)
) DEFAULT CHARSET=utf8mb4`,
  sqlite: `CREATE TABLE IF NOT EXISTS ?? (
  id varchar(24) NOT NULL PRIMARY KEY,
  name varchar(191) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'queued',
  started_at datetime NULL,
  finished_at datetime NULL,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  metadata text NULL,
  queue_entry integer NULL,
  CONSTRAINT ?? UNIQUE (name)
)`,
};

/**
 * Creates the jobs table unless it exists. Safe when several processes start at once.
 */
async function ensureJobsTable(knex, tableName) {
  if (await knex.schema.hasTable(tableName)) {
    return;
  }

  try {
    const statement = CREATE_TABLE_STATEMENTS[dialectOf(knex)];
    if (statement) {
      await knex.raw(statement, [tableName, `${tableName}_name_unique`]);
    } else {
      // PostgreSQL runs DDL in transactions, so the table and its unique index appear together.
      await knex.transaction((trx) => trx.schema.createTable(tableName, defineJobsTable));
    }
  } catch (error) {
    // Another process may have created the table between the check and the CREATE.
    if (await knex.schema.hasTable(tableName)) {
      return;
    }
    throw error;
  }
}

/**
 * Creates the jobs table if it is missing and returns a JobModel for it.
 *
 * @param {import('knex').Knex} knex a knex instance for SQLite, MySQL/MariaDB or PostgreSQL
 * @param {{tableName?: string}} [options] `tableName` defaults to `jobs`
 * @returns {Promise<JobModel>}
 */
async function createJobModel(knex, { tableName = DEFAULT_TABLE_NAME } = {}) {
  assertKnex(knex);
  assertTableName(tableName);
  await ensureJobsTable(knex, tableName);
  return new JobModel(knex, { tableName });
}

module.exports = {
  createJobModel,
  ensureJobsTable,
  JobModel,
  JobRecord,
  generateObjectId,
};

'use strict';

// The demo site's SQLite database: a small part of Ghost's schema (members, posts, emails and
// email events) plus the aggregated stats, sign-in tokens and settings that the jobs work on.

const fs = require('node:fs');
const path = require('node:path');
const knexFactory = require('knex');

const DATABASE_FILE = 'site.db';

/**
 * Opens (and creates, when missing) `<dataDir>/site.db` with knex on better-sqlite3.
 * WAL mode lets the offloaded jobs, which open the file themselves, read while the app writes.
 */
async function openDatabase(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const dbPath = path.join(dataDir, DATABASE_FILE);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: dbPath },
    useNullAsDefault: true,
  });
  await knex.raw('PRAGMA journal_mode = WAL');
  await createSiteTables(knex);
  return { knex, dbPath };
}

async function createTableUnlessExists(knex, name, define) {
  if (!(await knex.schema.hasTable(name))) {
    await knex.schema.createTable(name, define);
  }
}

async function createSiteTables(knex) {
  await createTableUnlessExists(knex, 'members', (table) => {
    table.string('id', 24).primary();
    // Filled by the one-off migration `backfill-member-uuids`.
    table.string('uuid', 36).nullable();
    table.string('email', 191).notNullable().unique();
    table.string('name', 191).notNullable();
    table.string('status', 50).notNullable().defaultTo('free');
    table.bigInteger('created_at').notNullable();
  });

  await createTableUnlessExists(knex, 'posts', (table) => {
    table.string('id', 24).primary();
    table.string('title', 191).notNullable();
    table.string('slug', 191).notNullable().unique();
    table.bigInteger('published_at').notNullable();
  });

  await createTableUnlessExists(knex, 'emails', (table) => {
    table.string('id', 24).primary();
    table.string('post_id', 24).notNullable().references('posts.id');
    table.string('subject', 191).notNullable();
    table.string('status', 50).notNullable().defaultTo('pending');
    table.integer('recipient_count').notNullable().defaultTo(0);
    table.bigInteger('created_at').notNullable();
  });

  await createTableUnlessExists(knex, 'email_events', (table) => {
    table.increments('id');
    table.string('email_id', 24).notNullable().index();
    table.string('member_id', 24).notNullable();
    // delivered, opened, clicked or failed
    table.string('type', 50).notNullable();
    table.bigInteger('created_at').notNullable();
  });

  // Written only by the offloaded job jobs/email-analytics.js.
  await createTableUnlessExists(knex, 'email_stats', (table) => {
    table.string('email_id', 24).primary();
    table.integer('delivered_count').notNullable();
    table.integer('opened_count').notNullable();
    table.integer('clicked_count').notNullable();
    table.integer('failed_count').notNullable();
    table.bigInteger('aggregated_at').notNullable();
  });

  await createTableUnlessExists(knex, 'tokens', (table) => {
    table.increments('id');
    table.string('member_id', 24).notNullable();
    table.string('token', 64).notNullable();
    // Milliseconds since the epoch, compared with Date.now() by jobs/clean-expired-tokens.js.
    table.bigInteger('expires_at').notNullable().index();
  });

  await createTableUnlessExists(knex, 'settings', (table) => {
    table.string('key', 50).primary();
    table.text('value');
  });
}

module.exports = { openDatabase, DATABASE_FILE };

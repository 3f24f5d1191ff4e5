'use strict';

// Fills an empty site database with members, posts, sent newsletters and their email events.
// A seeded pseudo-random generator makes every fresh database the same.

const crypto = require('node:crypto');
const { generateObjectId } = require('../../job-model');

const MEMBER_COUNT = 3000;
const POST_COUNT = 24;
const SENT_EMAIL_COUNT = 20;
const RECIPIENTS_PER_EMAIL = 300;
const OPEN_RATE = 0.4;
const CLICK_RATE = 0.1;
const DAY_MS = 24 * 60 * 60 * 1000;
const INSERT_CHUNK_SIZE = 400;

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Thompson', 'Hamilton'];

/** Returns a function giving numbers in [0, 1), the same sequence for the same seed (mulberry32). */
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

function buildMembers(random, now) {
  return Array.from({ length: MEMBER_COUNT }, (_, index) => ({
    id: generateObjectId(),
    // Left empty on purpose: the one-off job backfill-member-uuids fills it.
    uuid: null,
    email: `member${index + 1}@example.com`,
    name: `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`,
    status: random() < 0.15 ? 'paid' : 'free',
    created_at: now - Math.floor(random() * 365) * DAY_MS,
  }));
}

function buildPosts(now) {
  return Array.from({ length: POST_COUNT }, (_, index) => ({
    id: generateObjectId(),
    title: `Weekly notes #${index + 1}`,
    slug: `weekly-notes-${index + 1}`,
    published_at: now - (POST_COUNT - index) * 7 * DAY_MS,
  }));
}

function buildEmailEvents(random, email, members) {
  const events = [];
  for (let i = 0; i < RECIPIENTS_PER_EMAIL; i += 1) {
    const member = pick(random, members);
    const sentAt = email.created_at + i * 10;
    events.push({ email_id: email.id, member_id: member.id, type: 'delivered', created_at: sentAt });
    if (random() < OPEN_RATE) {
      events.push({ email_id: email.id, member_id: member.id, type: 'opened', created_at: sentAt + 60_000 });
    }
    if (random() < CLICK_RATE) {
      events.push({ email_id: email.id, member_id: member.id, type: 'clicked', created_at: sentAt + 90_000 });
    }
  }
  return events;
}

async function countRows(knex, table) {
  const row = await knex(table).count({ count: '*' }).first();
  return Number(row.count);
}

/**
 * Seeds the database unless it already has members. Resolves with whether it seeded and the row
 * counts afterwards.
 */
async function seedDatabase(knex, { seed = 20240501 } = {}) {
  const alreadySeeded = (await countRows(knex, 'members')) > 0;

  if (!alreadySeeded) {
    const random = createRandom(seed);
    const now = Date.now();
    const members = buildMembers(random, now);
    const posts = buildPosts(now);
    const emails = posts.slice(0, SENT_EMAIL_COUNT).map((post) => ({
      id: generateObjectId(),
      post_id: post.id,
      subject: post.title,
      status: 'submitted',
      recipient_count: RECIPIENTS_PER_EMAIL,
      created_at: post.published_at,
    }));
    const events = emails.flatMap((email) => buildEmailEvents(random, email, members));
    const tokens = members.slice(0, 200).map((member, index) => ({
      member_id: member.id,
      token: crypto.randomBytes(16).toString('hex'),
      // Half of them expired already, for the first run of clean-expired-tokens.
      expires_at: index % 2 === 0 ? now - DAY_MS : now + DAY_MS,
    }));

    await knex.transaction(async (trx) => {
      await trx.batchInsert('members', members, INSERT_CHUNK_SIZE);
      await trx.batchInsert('posts', posts, INSERT_CHUNK_SIZE);
      await trx.batchInsert('emails', emails, INSERT_CHUNK_SIZE);
      await trx.batchInsert('email_events', events, INSERT_CHUNK_SIZE);
      await trx.batchInsert('tokens', tokens, INSERT_CHUNK_SIZE);
    });
  }

  return {
    seeded: !alreadySeeded,
    members: await countRows(knex, 'members'),
    posts: await countRows(knex, 'posts'),
    emailEvents: await countRows(knex, 'email_events'),
  };
}

module.exports = { seedDatabase, createRandom };

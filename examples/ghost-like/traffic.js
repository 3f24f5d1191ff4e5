'use strict';

// Simulated site activity while the demo runs: members open and click recent newsletters and
// request sign-in links whose tokens expire after a few seconds. It gives the analytics and
// cleanup jobs new rows on every run.

const crypto = require('node:crypto');

const TICK_MS = 500;
const TOKEN_LIFETIME_MS = { min: 2000, max: 8000 };

async function simulateTick(knex, random) {
  const now = Date.now();
  const emails = await knex('emails').select('id').orderBy('created_at', 'desc').limit(3);
  const members = await knex('members').select('id').orderByRaw('random()').limit(6);
  if (emails.length === 0 || members.length === 0) {
    return;
  }

  const events = members.map((member, index) => ({
    email_id: emails[index % emails.length].id,
    member_id: member.id,
    type: random() < 0.8 ? 'opened' : 'clicked',
    created_at: now,
  }));
  const tokens = members.slice(0, 3).map((member) => ({
    member_id: member.id,
    token: crypto.randomBytes(16).toString('hex'),
    expires_at:
      now + TOKEN_LIFETIME_MS.min + Math.floor(random() * (TOKEN_LIFETIME_MS.max - TOKEN_LIFETIME_MS.min)),
  }));
  await knex('email_events').insert(events);
  await knex('tokens').insert(tokens);
}

/**
 * Starts writing activity every 500 ms. Returns `stop()`, which resolves once the tick in
 * progress (if any) has finished, so the database can be closed after it.
 */
function startTraffic({ knex, random, onError }) {
  let timer;
  let stopped = false;
  let current = Promise.resolve();

  const tick = () => {
    current = simulateTick(knex, random)
      .catch(onError)
      .finally(() => {
        if (!stopped) {
          timer = setTimeout(tick, TICK_MS);
        }
      });
  };
  timer = setTimeout(tick, TICK_MS);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

module.exports = { startTraffic };

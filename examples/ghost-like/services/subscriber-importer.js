'use strict';

// Imports newsletter subscribers from an uploaded file. The first attempt in each process fails
// because the upload is "not complete yet", so the demo can show a one-off job being re-added
// after a failure.

const crypto = require('node:crypto');
const { generateObjectId } = require('../../../job-model');

class SubscriberImporter {
  #knex;
  #attempts = 0;

  constructor({ knex }) {
    this.#knex = knex;
  }

  get attempts() {
    return this.#attempts;
  }

  /** Inserts `count` members, skipping addresses that already exist. */
  async run({ count }) {
    this.#attempts += 1;
    if (this.#attempts === 1) {
      throw new Error('Import file subscribers.csv is still being uploaded, try again later');
    }

    const now = Date.now();
    const members = Array.from({ length: count }, (_, index) => ({
      id: generateObjectId(),
      uuid: crypto.randomUUID(),
      email: `imported${index + 1}@example.com`,
      name: `Imported subscriber ${index + 1}`,
      status: 'free',
      created_at: now,
    }));
    await this.#knex('members').insert(members).onConflict('email').ignore();
  }
}

module.exports = { SubscriberImporter };

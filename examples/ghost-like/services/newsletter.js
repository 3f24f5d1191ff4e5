'use strict';

// Publishes a post and sends it to every member in batches. Ghost's BatchSendingService adds one
// inline job per email with `job: this.emailJob.bind(this)`. This service adds one inline job per
// batch, each a bound method too, so that the output shows the queue running three at a time.

const { setTimeout: delay } = require('node:timers/promises');
const { generateObjectId } = require('../../../job-model');

const BATCH_SIZE = 500;
const FAILED_DELIVERY_RATE = 0.01;
const INSERT_CHUNK_SIZE = 400;

class NewsletterService {
  #knex;
  #jobManager;
  #random;
  #trackInline;

  /**
   * @param {object} options
   * @param {import('knex').Knex} options.knex
   * @param {object} options.jobManager
   * @param {() => number} options.random
   * @param {(name: string, job: Function, describe: Function) => Function} [options.trackInline]
   *   wraps each batch job function, the demo uses it to print runs
   */
  constructor({ knex, jobManager, random, trackInline = (name, job) => job }) {
    this.#knex = knex;
    this.#jobManager = jobManager;
    this.#random = random;
    this.#trackInline = trackInline;
  }

  /** Publishes the next "Weekly notes" post, creates its email and queues one job per batch. */
  async publishAndSend() {
    const now = Date.now();
    const postCount = Number((await this.#knex('posts').count({ count: '*' }).first()).count);
    const post = {
      id: generateObjectId(),
      title: `Weekly notes #${postCount + 1}`,
      slug: `weekly-notes-${postCount + 1}-${now}`,
      published_at: now,
    };
    const email = {
      id: generateObjectId(),
      post_id: post.id,
      subject: post.title,
      status: 'sending',
      recipient_count: 0,
      created_at: now,
    };
    await this.#knex('posts').insert(post);
    await this.#knex('emails').insert(email);

    const memberCount = Number((await this.#knex('members').count({ count: '*' }).first()).count);
    const batchCount = Math.ceil(memberCount / BATCH_SIZE);
    const job = this.#trackInline(
      'send-email-batch',
      this.sendBatch.bind(this),
      (data) => `"${post.title}" batch ${data.batch}/${data.batchCount}`,
    );

    for (let batch = 1; batch <= batchCount; batch += 1) {
      await this.#jobManager.addJob({
        name: 'send-email-batch',
        job,
        data: { emailId: email.id, batch, batchCount, offset: (batch - 1) * BATCH_SIZE },
        offloaded: false,
      });
    }
    return { post, email, batchCount };
  }

  /** Sends one batch: records a delivered (or failed) email event per member. */
  async sendBatch({ emailId, batch, batchCount, offset }) {
    const members = await this.#knex('members').select('id').orderBy('id').offset(offset).limit(BATCH_SIZE);

    // Stands in for the request to the email provider's API.
    await delay(80 + Math.floor(this.#random() * 120));

    const now = Date.now();
    const events = members.map((member) => ({
      email_id: emailId,
      member_id: member.id,
      type: this.#random() < FAILED_DELIVERY_RATE ? 'failed' : 'delivered',
      created_at: now,
    }));
    await this.#knex.batchInsert('email_events', events, INSERT_CHUNK_SIZE);
    await this.#knex('emails').where({ id: emailId }).increment('recipient_count', events.length);
    if (batch === batchCount) {
      await this.#knex('emails').where({ id: emailId }).update({ status: 'submitted' });
    }
  }
}

module.exports = { NewsletterService };

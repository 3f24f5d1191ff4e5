import type { Knex } from 'knex';

/** Statuses the job manager writes. Other text is stored and returned as given. */
export type JobStatus = 'queued' | 'started' | 'finished' | 'failed';

/** One row of the jobs table as read back. Date columns are `Date` objects. */
export interface JobAttributes {
  /** 24 hex digits, shaped like a MongoDB ObjectId. */
  id: string;
  /** Unique job name, at most 191 characters. */
  name: string;
  status: JobStatus | string;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Text; objects passed to `add` or `edit` are stored as JSON text. */
  metadata: string | null;
  queue_entry: number | null;
}

/** Values accepted by `add`, `edit` and `findOne`. Dates may be `Date`, epoch ms or ISO text. */
export type JobInput = {
  [K in keyof JobAttributes]?: K extends `${string}_at`
    ? Date | number | string | null
    : K extends 'metadata'
      ? string | object | null
      : JobAttributes[K];
};

export interface JobModelOptions {
  /** Table name, `jobs` by default. */
  tableName?: string;
}

/** A stored job, shaped like the Bookshelf model instances Ghost passes to the job manager. */
export class JobRecord {
  constructor(attributes: JobAttributes);
  readonly id: string;
  readonly attributes: JobAttributes;
  get<K extends keyof JobAttributes>(attribute: K): JobAttributes[K];
  toJSON(): JobAttributes;
}

/** The jobs table's data access with the methods the job manager calls. */
export class JobModel {
  /** Expects the table to exist. `createJobModel` creates it first. */
  constructor(knex: Knex, options?: JobModelOptions);
  readonly tableName: string;
  /** Resolves with the first job whose columns equal every value in `filter`, or null. */
  findOne(filter: JobInput): Promise<JobRecord | null>;
  /**
   * Inserts a job (`status` defaults to `queued`) and resolves with the stored record.
   * A stored name rejects with `A job named "<name>" already exists`, keeping the driver's
   * `code` (`SQLITE_CONSTRAINT_UNIQUE`, `ER_DUP_ENTRY` or `23505`) and the driver error as `cause`.
   */
  add(data: JobInput & { name: string }): Promise<JobRecord>;
  /**
   * Updates the job, sets `updated_at` to now unless given, and resolves with the stored record.
   * Rejects with code `ERR_JOB_NOT_FOUND` when no job has that id.
   */
  edit(data: JobInput, options: { id: string }): Promise<JobRecord>;
  /** Deletes the job and resolves with the number of deleted rows (0 or 1). */
  destroy(options: { id: string }): Promise<number>;
}

/** Creates the jobs table unless it exists. Safe when several processes start at once. */
export function ensureJobsTable(knex: Knex, tableName: string): Promise<void>;

/** Creates the jobs table if it is missing and resolves with a JobModel for it. */
export function createJobModel(knex: Knex, options?: JobModelOptions): Promise<JobModel>;

/** Generates a 24-digit hex id: 4 bytes of Unix time in seconds, then 8 random bytes. */
export function generateObjectId(): string;

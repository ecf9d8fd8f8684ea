/**
 * Background jobs: a durable queue kept in PostgreSQL (issue 15 «Notifications»: letters are sent
 * in the background, retried with backoff while the SMTP server is down, never lost across a
 * restart; the nightly clean-up of files and the e-mail digests run on a schedule).
 *
 * The library is pg-boss (MIT, maintained since 2016, ~hundreds of thousands of downloads a week):
 * jobs are rows in its own schema `pgboss` of the app's database, taken with
 * `SELECT … FOR UPDATE SKIP LOCKED`, so no second service (Redis) is needed and a job is inserted
 * in the same transaction as the row it is about. It brings retries with exponential backoff,
 * expiry of jobs whose worker died, cron schedules kept in the database (one process fires each
 * tick), and its own schema migrations. Version 10 is the last line that runs on Node 20 (11+
 * needs Node 22), which is what the project and its Dockerfile use.
 *
 * Lifecycle (src/server.ts): startQueue() after the migrations, before requests are served; it
 * installs or upgrades pg-boss's schema, creates the queues and, with `work: true`, runs the
 * workers and the cron schedules. stopQueue() on SIGINT/SIGTERM, after the HTTP server drained and
 * before the database is closed: running jobs finish (up to 10 s), then its connections close.
 * With WEB_CONCURRENCY > 1 the primary process runs the workers and schedules; the HTTP workers
 * only attach (attachQueue()) and add jobs. pg-boss's locking would also make several working
 * processes safe (each job is fetched by one; each cron tick is sent once), but one is enough.
 *
 * Jobs are added with enqueue() inside the caller's Prisma transaction (pg-boss's `db` option runs
 * its INSERT through that transaction): the job exists exactly when the rows it is about were
 * committed.
 */
import PgBoss from "pg-boss";
import { config } from "../config.ts";
import { pgPool, prisma, reportDatabaseError, type Db } from "./db.ts";

/** Every job of the product and its data. */
export interface JobTypes {
  /** Send one letter of the delivery log (EmailDelivery.id). */
  "email-send": { deliveryId: number };
  /** Delete StoredFile rows linked to nothing for a day and content no row references. */
  "files-cleanup": Record<string, never>;
  /** The e-mail digests of notifications (marks) set to «раз в день» / «раз в неделю». */
  "digest-daily": Record<string, never>;
  "digest-weekly": Record<string, never>;
  /** Tomorrow's changes of the timetable told to families and teachers (evening, school time). */
  "timetable-changes": Record<string, never>;
  /** The journal's notifications to families: new marks and today's absences (every minute), forecasts of «2» (mornings). */
  "journal-mark-notices": Record<string, never>;
  "journal-absence-notices": Record<string, never>;
  "journal-forecast-notices": Record<string, never>;
  /** A base backup of the embedded database, then its verification (nightly, or «Создать копию сейчас»). */
  backup: Record<string, never>;
}
export type JobName = keyof JobTypes;
export const JOB_NAMES: readonly JobName[] = [
  "email-send",
  "files-cleanup",
  "digest-daily",
  "digest-weekly",
  "timetable-changes",
  "journal-mark-notices",
  "journal-absence-notices",
  "journal-forecast-notices",
  "backup",
];

export interface JobContext {
  id: string;
  /** Retries already made (0 on the first attempt). */
  retryCount: number;
  retryLimit: number;
  /** This is the last attempt: a failure now is final. */
  lastAttempt: boolean;
}

export interface JobDefinition<N extends JobName = JobName> {
  name: N;
  /** Throws to fail the attempt (pg-boss retries with backoff until the limit). */
  handler: (data: JobTypes[N], job: JobContext) => Promise<void>;
  /** A cron schedule in the school's time zone (SCHOOL_TIMEZONE, Moscow by default): «0 18 * * *». */
  cron?: string;
  /** Workers of this queue in this process. */
  concurrency?: number;
  /** Jobs a worker takes at once and runs side by side (default 1). */
  batchSize?: number;
  /** Retries; default JOB_RETRY_LIMIT. */
  retryLimit?: number;
  /** pg-boss's queue policy: «stately» keeps at most one job waiting and one running (a backup asked for twice runs once). Default standard. */
  policy?: "standard" | "stately";
  /** A running job not finished in this time is failed (default 15 minutes). */
  expireInSeconds?: number;
}

/** Any job's definition (a union over the names, so each handler keeps its own data type). */
export type AnyJobDefinition = { [N in JobName]: JobDefinition<N> }[JobName];

/** A definition with the handler's data type checked against its name. */
export function defineJob<N extends JobName>(def: JobDefinition<N>): JobDefinition<N> {
  return def;
}

const SCHEMA = "pgboss";
/** Cron schedules run on the school's clock (SCHOOL_TIMEZONE, as src/lib/dates.ts). */
const TIME_ZONE = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";

let boss: PgBoss | undefined;
let mode: "off" | "producer" | "running" = "off";
/** This process's workers per queue (to wake them). */
const workerIds = new Map<JobName, string[]>();

/** Retry and polling settings (default: JOB_RETRY_LIMIT, JOB_RETRY_DELAY_SECONDS, JOB_POLL_SECONDS); tests make them short. */
export interface QueueTuning {
  retryLimit?: number;
  retryDelaySeconds?: number;
  pollSeconds?: number;
}

function newBoss(url: string, work: boolean, cfg = { jobRetryLimit: config().jobRetryLimit, jobRetryDelaySeconds: config().jobRetryDelaySeconds }): PgBoss {
  const b = new PgBoss({
    connectionString: url,
    schema: SCHEMA,
    application_name: "journal-queue",
    max: 3,
    supervise: work,
    schedule: work,
    migrate: true,
    retryLimit: cfg.jobRetryLimit,
    retryDelay: cfg.jobRetryDelaySeconds,
    retryBackoff: true,
    // Finished jobs are kept a week (the delivery log keeps what matters for longer).
    deleteAfterDays: 7,
  });
  // pg-boss reports a lost database on every poll of every queue: one line per message per 10 s.
  b.on("error", (err: Error) => reportDatabaseError("Очередь заданий", err));
  return b;
}

/**
 * Starts the queue on the database at `url`: installs or upgrades pg-boss's schema, creates the
 * queues of `jobs` (with the retry settings), and with `work` runs their workers and schedules.
 */
export async function startQueue(opts: { url: string; jobs: readonly AnyJobDefinition[]; work: boolean; tuning?: QueueTuning }): Promise<void> {
  if (boss) return;
  const c = config();
  const cfg = {
    jobRetryLimit: opts.tuning?.retryLimit ?? c.jobRetryLimit,
    jobRetryDelaySeconds: opts.tuning?.retryDelaySeconds ?? c.jobRetryDelaySeconds,
    jobPollSeconds: opts.tuning?.pollSeconds ?? c.jobPollSeconds,
  };
  const b = newBoss(opts.url, opts.work, cfg);
  await b.start();
  for (const def of opts.jobs) {
    const settings = {
      name: def.name,
      policy: def.policy ?? "standard",
      retryLimit: def.retryLimit ?? cfg.jobRetryLimit,
      retryDelay: cfg.jobRetryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: def.expireInSeconds ?? 15 * 60,
    };
    await b.createQueue(def.name, settings);
    await b.updateQueue(def.name, settings);
  }
  if (opts.work) {
    for (const def of opts.jobs) {
      const ids: string[] = [];
      workerIds.set(def.name, ids);
      for (let i = 0; i < (def.concurrency ?? 1); i++) ids.push(await runWorker(b, def, cfg.jobPollSeconds));
      if (def.cron) await b.schedule(def.name, def.cron, {}, { tz: TIME_ZONE });
      else await b.unschedule(def.name);
    }
  }
  boss = b;
  mode = opts.work ? "running" : "producer";
}

/**
 * One worker of a queue: takes up to `batchSize` jobs at a time and runs them side by side. Each
 * job succeeds or fails on its own (a failed one is failed by id, so pg-boss retries it alone; the
 * rest are completed when the batch returns). A full batch means more may be waiting: the worker
 * then asks again at once instead of pausing for the polling interval.
 */
async function runWorker(b: PgBoss, def: AnyJobDefinition, pollSeconds: number): Promise<string> {
  const batchSize = def.batchSize ?? 1;
  const handler = def.handler as (data: unknown, ctx: JobContext) => Promise<void>;
  let workerId = "";
  workerId = await b.work<JobTypes[JobName]>(def.name, { includeMetadata: true, batchSize, pollingIntervalSeconds: pollSeconds }, async (jobs) => {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          await handler(job.data, { id: job.id, retryCount: job.retryCount, retryLimit: job.retryLimit, lastAttempt: job.retryCount >= job.retryLimit });
        } catch (err) {
          const e = err as Error;
          await b.fail(def.name, job.id, { message: e?.message ?? String(err), stack: e?.stack ?? null });
        }
      }),
    );
    if (jobs.length === batchSize && workerId) b.notifyWorker(workerId);
  });
  return workerId;
}

/**
 * An HTTP worker process of a cluster: adds jobs to the queue the primary started (the schema and
 * the queues exist), runs none. Opens no connection of its own: jobs go in through the caller's.
 */
export function attachQueue(url: string): void {
  if (boss) return;
  boss = newBoss(url, false);
  mode = "producer";
}

/** Stops the workers (running jobs may finish, up to `timeoutMs`) and closes the queue's connections. */
export async function stopQueue(timeoutMs = 10_000): Promise<void> {
  const b = boss;
  boss = undefined;
  const wasRunning = mode !== "off";
  mode = "off";
  workerIds.clear();
  if (!b || !wasRunning) return;
  await b.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true }).catch(() => {});
}

/** Jobs can be added in this process. */
export function queueReady(): boolean {
  return mode !== "off";
}

/** pg-boss's statements through a Prisma client or transaction (its `db` option). */
function through(db: Db): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const args = values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await db.$queryRawUnsafe<unknown[]>(text, ...args) };
    },
  };
}

export interface EnqueueOptions {
  /** The transaction the job belongs to (default: the app's client, a statement of its own). */
  db?: Db;
  /** Run no earlier than this. */
  startAfter?: Date;
  /** With the queue's policy «stately»: at most one waiting job with this key (pg-boss singletonKey). */
  singletonKey?: string;
}

/** Adds a job; throws when the queue is not started in this process (see queueReady()). */
export async function enqueue<N extends JobName>(name: N, data: JobTypes[N], options: EnqueueOptions = {}): Promise<string | null> {
  if (!boss) throw new Error("Очередь заданий не запущена");
  const send: PgBoss.SendOptions = { db: through(options.db ?? prisma) };
  if (options.startAfter) send.startAfter = options.startAfter;
  if (options.singletonKey) send.singletonKey = options.singletonKey;
  return boss.send(name, data, send);
}

/** Adds many jobs of one kind in one statement (a digest for a whole school). */
export async function enqueueMany<N extends JobName>(name: N, items: JobTypes[N][], options: { db?: Db } = {}): Promise<void> {
  if (!items.length) return;
  if (!boss) throw new Error("Очередь заданий не запущена");
  await boss.insert(
    items.map((data) => ({ name, data })),
    { db: through(options.db ?? prisma) },
  );
}

/** Wakes this process's idle workers of a queue (call after the transaction that added jobs committed). */
export function wakeWorkers(name: JobName): void {
  if (mode !== "running" || !boss) return;
  for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
}

export const JOB_STATES = ["created", "retry", "active", "completed", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The queue's state for the delivery log: jobs per queue and state (finished jobs of the last week). */
export async function queueCounts(): Promise<{ name: JobName; counts: Record<JobState, number>; schedule: string | null }[]> {
  const empty = (): Record<JobState, number> => ({ created: 0, retry: 0, active: 0, completed: 0, failed: 0, cancelled: 0 });
  const out = new Map<string, { name: JobName; counts: Record<JobState, number>; schedule: string | null }>(
    JOB_NAMES.map((n) => [n, { name: n, counts: empty(), schedule: null }]),
  );
  const installed = await pgPool().query<{ ok: boolean }>(`SELECT to_regclass('${SCHEMA}.job') IS NOT NULL AS ok`);
  if (!installed.rows[0]?.ok) return [...out.values()];
  const { rows } = await pgPool().query<{ name: string; state: JobState; n: string }>(
    `SELECT name, state::text AS state, count(*) AS n FROM ${SCHEMA}.job GROUP BY name, state`,
  );
  for (const r of rows) {
    const q = out.get(r.name);
    if (q && r.state in q.counts) q.counts[r.state] = Number(r.n);
  }
  const schedules = await pgPool().query<{ name: string; cron: string }>(`SELECT name, cron FROM ${SCHEMA}.schedule`);
  for (const s of schedules.rows) {
    const q = out.get(s.name);
    if (q) q.schedule = s.cron;
  }
  return [...out.values()];
}

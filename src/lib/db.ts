/**
 * The database: one pg pool shared by Prisma (through the driver adapter) and
 * by the session store and raw report queries.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { config } from "../config.ts";

export type { PrismaClient };
export { Prisma } from "../generated/prisma/client.ts";
/** A client or a transaction client: services accept either. */
export type Db = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// DATE columns come back as Date at UTC midnight (Prisma does the same); keep pg's raw
// reads consistent with it.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => new Date(v + "T00:00:00Z"));

/**
 * The circuit breaker in front of new connections: when the database cannot be reached, pages must
 * answer 503 at once (never wait for a client's timeout) and the app must not hammer a server that
 * is starting up with a connection per request. After a failed connection attempt every new
 * connection fails immediately until a back-off has passed (250 ms, doubling to 2 s); then one
 * attempt probes the server while the others still fail fast. A connection that cannot be made in
 * CONNECT_TIMEOUT_MS (a server that does not answer at all) counts as failed; not less, since a
 * server whose two cores are busy may take a second or two to start a connection (a soak with
 * 1 s refused a burst of new connections at the start of its load).
 */
const CONNECT_TIMEOUT_MS = 5000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 2000;
const breaker = { openUntil: 0, backoff: 0, probing: false, attempts: 0, refused: 0, downSince: 0 };

/** Connection attempts made and refused by the breaker, and whether the database is down now (tests, metrics). */
export function connectionStats(): { attempts: number; refused: number; down: boolean } {
  return { attempts: breaker.attempts, refused: breaker.refused, down: breaker.downSince > 0 };
}

class DatabaseUnavailableError extends Error {
  code = "ECONNREFUSED";
  constructor() {
    super("База данных недоступна (повторная попытка соединения позже)");
  }
}

/** pg's client with a bounded connection time and the breaker (the pool creates clients of this class). */
class GuardedClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }

  // pg-pool calls connect(callback); the promise form is kept for completeness.
  override connect(): Promise<pg.Client>;
  override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
  override connect(cb?: unknown): Promise<pg.Client> | void {
    const callback = cb as ((err: Error | null, c?: pg.Client) => void) | undefined;
    const now = Date.now();
    if (breaker.downSince && (now < breaker.openUntil || breaker.probing)) {
      breaker.refused++;
      const err = new DatabaseUnavailableError();
      if (callback) {
        process.nextTick(() => callback(err));
        return;
      }
      return Promise.reject(err);
    }
    breaker.attempts++;
    const probe = breaker.downSince > 0;
    if (probe) breaker.probing = true;
    const done = (err: Error | null | undefined) => {
      if (probe) breaker.probing = false;
      if (err) {
        breaker.backoff = Math.min(BACKOFF_MAX_MS, breaker.backoff ? breaker.backoff * 2 : BACKOFF_FIRST_MS);
        breaker.openUntil = Date.now() + breaker.backoff;
        breaker.downSince ||= Date.now();
      } else {
        breaker.backoff = 0;
        breaker.openUntil = 0;
        breaker.downSince = 0;
      }
    };
    if (callback) {
      super.connect((err: Error | null, c?: pg.Client) => {
        done(err);
        callback(err, c);
      });
      return;
    }
    return super.connect().then(
      (c) => {
        done(null);
        return c;
      },
      (err: Error) => {
        done(err);
        throw err;
      },
    );
  }
}

let client: PrismaClient | undefined;
let pool: pg.Pool | undefined;
/** Two connections that always run a prepared statement on its generic plan (genericPlanPool). */
let genericPool: pg.Pool | undefined;

export function connectDatabase(url: string): void {
  if (client) return;
  closing = false;
  Object.assign(breaker, { openUntil: 0, backoff: 0, probing: false, downSince: 0 });
  // connectionTimeoutMillis bounds a wait for a free connection when all are busy (the client's own
  // connection time is GuardedClient's).
  pool = new pg.Pool({ connectionString: url, max: config().dbPoolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000, Client: GuardedClient });
  // A dropped connection (database restart) must not crash the process. The pool's idle
  // connections all drop at once then: one line for the burst, not one per connection.
  pool.on("error", (err) => reportPoolError(err.message));
  // A client checked out of the pool has no error listener (the pool keeps one only on idle
  // clients): a connection dropped between two queries of a transaction would be an uncaught
  // exception that ends the process. The next query on it fails, the request answers 503 and
  // the pool discards the client on release.
  pool.on("connect", (client) => client.on("error", (err) => reportPoolError(err.message)));
  client = new PrismaClient({ adapter: new PrismaPg(pool) });
  genericPool = new pg.Pool({
    connectionString: url,
    max: 2,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    Client: GuardedClient,
    options: "-c plan_cache_mode=force_generic_plan",
  });
  genericPool.on("error", (err) => reportPoolError(err.message));
  genericPool.on("connect", (client) => client.on("error", (err) => reportPoolError(err.message)));
}

/** Set while disconnecting: pool.end() does not wait for the sockets to close, and a server stopped
 * right after it ends the last ones with an error that is no news to anyone. */
let closing = false;
function reportPoolError(message: string): void {
  if (!closing) reportDatabaseError("Ошибка соединения с базой данных", message);
}

/** Caches of what was read from the database (forgetOnDisconnect). */
const caches = new Set<() => void>();

/**
 * A module that keeps rows read from the database (a school's name, say) registers how to forget
 * them: disconnectDatabase() does, so a database connected next (each test file has its own) is
 * never answered from another's.
 */
export function forgetOnDisconnect(clear: () => void): void {
  caches.add(clear);
}

const lastReported = new Map<string, number>();
/**
 * A failed read beside the page (the header's counts, the session store's pruning): one line per
 * place and message every 10 s, never an error object with its stack (a database stopped under
 * load fails hundreds of them a second, and the page itself answers 503).
 */
export function reportDatabaseError(where: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const key = `${where}\n${message}`;
  const now = Date.now();
  if (now - (lastReported.get(key) ?? 0) < 10_000) return;
  lastReported.set(key, now);
  if (lastReported.size > 100) lastReported.clear();
  console.error(`${where}:`, message);
}

export async function disconnectDatabase(): Promise<void> {
  closing = true;
  for (const clear of caches) clear();
  await client?.$disconnect();
  await pool?.end();
  await genericPool?.end();
  client = undefined;
  pool = undefined;
  genericPool = undefined;
}

// ---------------------------------------------------------------- the read replica (replica.ts)

/** The replica's client and pool, when DATABASE_REPLICA_URL is set. */
let replica: { client: PrismaClient; pool: pg.Pool } | undefined;
/** Set around a request handler that reads from the replica (replica.ts fromReplica). */
const onReplica = new AsyncLocalStorage<true>();

/** A pool and a client on the read replica; `prisma` and pgPool() use them inside runOnReplica(). */
export function connectReplicaPool(url: string): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max: config().dbPoolSize, idleTimeoutMillis: 30_000, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  p.on("error", () => {}); // a replica that goes away is found by the lag check and bypassed
  p.on("connect", (c) => c.on("error", () => {}));
  replica = { client: new PrismaClient({ adapter: new PrismaPg(p) }), pool: p };
  return p;
}

export async function disconnectReplicaPool(): Promise<void> {
  const r = replica;
  replica = undefined;
  await r?.client.$disconnect();
  await r?.pool.end();
}

/** Runs `fn` with `prisma` and pgPool() reading from the replica (for reads only: the replica refuses writes). */
export function runOnReplica<T>(fn: () => T): T {
  return replica ? onReplica.run(true, fn) : fn();
}

/**
 * An error that says the server is away, restarting or refusing: the error handler answers 503,
 * and a read on the replica is retried on the primary. ENOENT on PostgreSQL's socket path
 * (…/.s.PGSQL.<port>) means the server is away as well.
 */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  // Node's and PostgreSQL's codes, and Prisma's for the same (its driver adapter maps a closed or unreachable server to P1017, P1001, P1002).
  const codes = ["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "08001", "08003", "P1001", "P1002", "P1017"];
  if (e?.code && codes.includes(e.code)) return true;
  if (
    /Connection terminated|connect ECONNREFUSED|Can't reach database|\.s\.PGSQL\.|timeout exceeded when trying to connect|^timeout expired$|terminating connection due to administrator command|the database system is (?:shutting down|starting up|in recovery mode)|server closed the connection unexpectedly|Client has encountered a connection error and is not queryable|Server has closed the connection/i.test(
      e?.message ?? "",
    )
  )
    return true;
  return e?.cause !== undefined && e.cause !== err && isConnectionError(e.cause);
}

export function pgPool(): pg.Pool {
  if (replica && onReplica.getStore()) return replica.pool;
  if (!pool) throw new Error("База данных не подключена");
  return pool;
}

/**
 * For a small statement run on every page whose custom plan costs more to make than to run (the
 * header's unread counts: planning 0.44 ms, execution 0.35 ms on the large school). PostgreSQL keeps
 * re-planning such a statement when its range parameters make the generic plan's estimate look
 * dearer; on these two connections it plans once per connection. Only for statements whose plan
 * does not depend on the values (one index for every user).
 */
export function genericPlanPool(): pg.Pool {
  if (!genericPool) throw new Error("База данных не подключена");
  return genericPool;
}

/** The Prisma client; throws if connectDatabase() has not run. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = replica && onReplica.getStore() ? replica.client : client;
    if (!c) throw new Error("База данных не подключена");
    const value: unknown = Reflect.get(c, prop, c);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(c) : value;
  },
});

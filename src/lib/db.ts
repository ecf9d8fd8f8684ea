/**
 * The database: one pg pool shared by Prisma (through the driver adapter) and
 * by the session store and raw report queries.
 */
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

let client: PrismaClient | undefined;
let pool: pg.Pool | undefined;
/** Two connections that always run a prepared statement on its generic plan (genericPlanPool). */
let genericPool: pg.Pool | undefined;

export function connectDatabase(url: string): void {
  if (client) return;
  closing = false;
  pool = new pg.Pool({ connectionString: url, max: config().dbPoolSize, idleTimeoutMillis: 30_000 });
  // A dropped connection (database restart) must not crash the process. The pool's idle
  // connections all drop at once then: one line for the burst, not one per connection.
  pool.on("error", (err) => reportPoolError(err.message));
  // A client checked out of the pool has no error listener (the pool keeps one only on idle
  // clients): a connection dropped between two queries of a transaction would be an uncaught
  // exception that ends the process. The next query on it fails, the request answers 503 and
  // the pool discards the client on release.
  pool.on("connect", (client) => client.on("error", (err) => reportPoolError(err.message)));
  client = new PrismaClient({ adapter: new PrismaPg(pool) });
  genericPool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 30_000, options: "-c plan_cache_mode=force_generic_plan" });
  genericPool.on("error", (err) => reportPoolError(err.message));
  genericPool.on("connect", (client) => client.on("error", (err) => reportPoolError(err.message)));
}

let lastPoolError = { message: "", at: 0 };
/** Set while disconnecting: pool.end() does not wait for the sockets to close, and a server stopped
 * right after it ends the last ones with an error that is no news to anyone. */
let closing = false;
function reportPoolError(message: string): void {
  if (closing) return;
  const now = Date.now();
  if (message === lastPoolError.message && now - lastPoolError.at < 10_000) return;
  lastPoolError = { message, at: now };
  console.error("Ошибка соединения с базой данных:", message);
}

export async function disconnectDatabase(): Promise<void> {
  closing = true;
  await client?.$disconnect();
  await pool?.end();
  await genericPool?.end();
  client = undefined;
  pool = undefined;
  genericPool = undefined;
}

export function pgPool(): pg.Pool {
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
    if (!client) throw new Error("База данных не подключена");
    const value: unknown = Reflect.get(client, prop, client);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/**
 * The read replica for the evening peak (issue 20): with DATABASE_REPLICA_URL set, the pages
 * families read (the diary week, marks, statistics) and the heavy reports read from a streaming
 * replica, while every write and every read of a browser that wrote in the last few seconds go to
 * the primary (read-your-writes). A replica that lags more than REPLICA_MAX_LAG_SECONDS, or does
 * not answer, is bypassed until it catches up; a read that fails on it is run again on the primary,
 * so a replica going away fails no request.
 *
 * The lag is measured against the primary, not by the replica's own clock: every second the
 * primary's WAL position is noted, then the replica's replayed position read; the replica has
 * everything the primary had at the last check whose position it has reached, and lags by the
 * time since then (an idle primary is no lag; a replica cut off from the primary is).
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { connectReplicaPool, disconnectReplicaPool, isConnectionError, pgPool, runOnReplica } from "./db.ts";

export interface ReplicaOptions {
  /** Reads go to the primary while the replica is further behind than this. */
  maxLagSeconds: number;
  /** A browser that wrote reads from the primary for this long afterwards. */
  recentWriteSeconds: number;
  /** How often the lag is measured (default 1 s). */
  checkEveryMs?: number;
}

/** The cookie a write sets: while it lives, this browser's reads go to the primary. */
export const WROTE_COOKIE = "journal_wrote";

interface State {
  opts: ReplicaOptions;
  timer: NodeJS.Timeout;
  /** The primary's WAL position at each recent check. */
  history: { at: number; lsn: bigint }[];
  usable: boolean;
  lagSeconds: number | null;
  /** Why the replica is bypassed, for the server page. */
  problem: string | null;
  reads: number;
  primaryReads: number;
  fallbacks: number;
  checking: boolean;
}

let state: State | undefined;

function parseLsn(text: string): bigint {
  const [hi, lo] = text.split("/");
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** One lag measurement (exported for tests: they check at once instead of waiting for the timer). */
export async function checkReplica(): Promise<void> {
  const s = state;
  if (!s || s.checking) return;
  s.checking = true;
  try {
    const now = Date.now();
    const primary = await pgPool().query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
    s.history.push({ at: now, lsn: parseLsn(primary.rows[0]!.lsn) });
    const keep = now - (s.opts.maxLagSeconds + 10) * 1000;
    while (s.history.length > 2 && s.history[0]!.at < keep) s.history.shift();
    const r = await runOnReplica(() =>
      pgPool().query<{ standby: boolean; lsn: string | null }>("SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn"),
    );
    const row = r.rows[0]!;
    if (!row.standby || !row.lsn) throw new Error("это не реплика (сервер не в режиме восстановления)");
    const replayed = parseLsn(row.lsn);
    let caughtUp: number | null = null;
    for (const h of s.history) if (h.lsn <= replayed) caughtUp = h.at;
    const lag = (Date.now() - (caughtUp ?? s.history[0]!.at)) / 1000;
    s.lagSeconds = caughtUp === s.history[s.history.length - 1]!.at ? 0 : Math.round(lag * 10) / 10;
    s.usable = caughtUp !== null && s.lagSeconds <= s.opts.maxLagSeconds;
    s.problem = s.usable ? null : `отстаёт более чем на ${s.opts.maxLagSeconds} с`;
  } catch (err) {
    s.usable = false;
    s.lagSeconds = null;
    s.problem = `не отвечает: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    s.checking = false;
  }
}

/** Starts reading from the replica at `url` (server.ts, with DATABASE_REPLICA_URL); the replica is used once a check has passed. */
export async function connectReplica(url: string, opts: ReplicaOptions): Promise<void> {
  if (state) return;
  connectReplicaPool(url);
  const timer = setInterval(() => void checkReplica(), opts.checkEveryMs ?? 1000);
  timer.unref();
  state = { opts, timer, history: [], usable: false, lagSeconds: null, problem: "ещё не проверена", reads: 0, primaryReads: 0, fallbacks: 0, checking: false };
  await checkReplica();
}

export async function disconnectReplica(): Promise<void> {
  if (!state) return;
  clearInterval(state.timer);
  state = undefined;
  await disconnectReplicaPool();
}

/** What the server page and /metrics show of the replica. */
export type ReplicaStatus = Pick<State, "usable" | "lagSeconds" | "problem" | "reads" | "primaryReads" | "fallbacks"> & { configured: boolean };

/** For the server page and /metrics. */
export function replicaStatus(): ReplicaStatus {
  if (!state) return { configured: false, usable: false, lagSeconds: null, problem: null, reads: 0, primaryReads: 0, fallbacks: 0 };
  const { usable, lagSeconds, problem, reads, primaryReads, fallbacks } = state;
  return { configured: true, usable, lagSeconds, problem, reads, primaryReads, fallbacks };
}

function wroteRecently(req: Request): boolean {
  return (req.headers.cookie ?? "").includes(`${WROTE_COOKIE}=`);
}

/**
 * Middleware (app.ts, before the routes): a request that may write marks its browser for
 * recentWriteSeconds, so that browser's next reads come from the primary and see the write.
 */
export function noteWrites(req: Request, res: Response, next: NextFunction): void {
  if (state && req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS") {
    res.cookie(WROTE_COOKIE, "1", { maxAge: state.opts.recentWriteSeconds * 1000, httpOnly: true, sameSite: "lax", path: "/" });
  }
  next();
}

/**
 * Wraps a read-only route handler: it runs on the replica when one is usable and the browser has
 * not written lately, else on the primary. If the replica fails under it (before anything was
 * sent), the replica is set aside and the handler runs again on the primary.
 */
export function fromReplica(handler: (req: Request, res: Response, next: NextFunction) => unknown): RequestHandler {
  return async (req, res, next) => {
    const s = state;
    if (!s || !s.usable || wroteRecently(req)) {
      if (s) s.primaryReads++;
      return handler(req, res, next);
    }
    s.reads++;
    try {
      return await runOnReplica(() => handler(req, res, next));
    } catch (err) {
      const conflict = (err as { code?: string }).code === "40001" || /conflict with recovery|read-only transaction/i.test(String((err as Error)?.message));
      if (res.headersSent || !(isConnectionError(err) || conflict)) throw err;
      if (isConnectionError(err)) {
        s.usable = false;
        s.problem = "не отвечает";
      }
      s.fallbacks++;
      return handler(req, res, next);
    }
  };
}

/**
 * Measuring one scenario: the server time of BENCH_SAMPLES sequential requests, then the same
 * request under autocannon in a forked process (bench/load-worker.ts) for BENCH_DURATION seconds.
 */
import path from "node:path";
import { OPTS } from "./env.ts";
import { forkJob } from "./fork.ts";
import type { LoadJob, LoadResult } from "./load-worker.ts";
import { log, writeResult } from "./results.ts";
import { drain, type Timed } from "./servers.ts";
import type { Session } from "./session.ts";
import { percentile } from "./stats.ts";

export interface Cell {
  path: string;
  body: Record<string, unknown>;
  /** The value the next save of this cell writes (flips 5 ↔ 4, so each save is a change). */
  value: number;
}

export interface Scenario {
  key: string;
  title: string;
  target: Timed;
  method: "GET" | "POST";
  path: string;
  session?: Session;
  cells?: Cell[];
  /** Issue 3's goal for the server time at the median, ms. */
  goal?: number;
  /** Why the scenario cannot run (no route, no data). */
  skip?: string;
  /** Extra request headers (the API's Authorization, If-None-Match); they override the defaults. */
  headers?: Record<string, string>;
}

export interface Row {
  scenario: Scenario;
  note?: string;
  serverMedian?: number;
  clientMedian?: number;
  load?: LoadResult;
  loadServerMedian?: number;
  /** A scenario timed only as sequential runs (sign-in, year close): their p95 and what they did. */
  single?: { p95: number; note: string };
}

function headersOf(sc: Scenario): Record<string, string> {
  const h: Record<string, string> = { accept: sc.method === "POST" ? "application/json" : "text/html" };
  if (sc.session) h.cookie = sc.session.header();
  if (sc.method === "POST") {
    h["content-type"] = "application/json";
    h["x-csrf-token"] = sc.session?.csrf ?? "";
  }
  return { ...h, ...sc.headers };
}

let cellCursor = 0;
async function once(sc: Scenario): Promise<{ status: number; ms: number; body: string }> {
  let url = sc.target.base + sc.path;
  let body: string | undefined;
  if (sc.cells) {
    const cell = sc.cells[cellCursor++ % sc.cells.length]!;
    url = sc.target.base + cell.path;
    body = JSON.stringify({ ...cell.body, value: cell.value });
    cell.value = cell.value === 5 ? 4 : 5;
  }
  const t0 = performance.now();
  const res = await fetch(url, { method: sc.method, headers: headersOf(sc), body, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - t0, body: text };
}

/** The scenario's request under autocannon in a forked process, against `base` (the scenario's own server or the cluster). */
export function loadInWorker(sc: Scenario, base: string, durationSec = OPTS.duration): Promise<LoadResult> {
  return forkJob<LoadJob, LoadResult>(path.join(import.meta.dirname, "load-worker.ts"), {
    url: base + sc.path,
    method: sc.method,
    headers: headersOf(sc),
    durationSec,
    connections: OPTS.connections,
    ...(sc.cells ? { cells: sc.cells.map((c) => ({ ...c })) } : {}),
  });
}

export async function measure(sc: Scenario): Promise<Row> {
  if (sc.skip) return { scenario: sc, note: sc.skip };
  const probe = await once(sc);
  if (probe.status === 404) return { scenario: sc, note: "нет маршрута" };
  if (probe.status >= 400 || (sc.method === "POST" && !/"ok"\s*:\s*true/.test(probe.body))) {
    return { scenario: sc, note: `ошибка: ответ ${probe.status} ${probe.body.slice(0, 120).replace(/\s+/g, " ")}` };
  }
  for (let i = 0; i < 10; i++) await once(sc); // warm-up
  const client: number[] = [];
  sc.target.rec.times = [];
  sc.target.rec.on = true;
  let failed = 0;
  for (let i = 0; i < OPTS.samples; i++) {
    const r = await once(sc);
    client.push(r.ms);
    if (r.status >= 400) failed++;
  }
  sc.target.rec.on = false;
  const server = [...sc.target.rec.times].sort((a, b) => a - b);
  client.sort((a, b) => a - b);

  sc.target.rec.times = [];
  sc.target.rec.on = true;
  const stopProfile = process.env.BENCH_PROFILE ? await startProfile() : undefined;
  const load = await loadInWorker(sc, sc.target.base);
  await drain(sc.target);
  sc.target.rec.on = false;
  if (stopProfile) log(`  профиль: ${await stopProfile(sc.key)}`);
  const underLoad = [...sc.target.rec.times].sort((a, b) => a - b);
  return {
    scenario: sc,
    note: failed ? `${failed} из ${OPTS.samples} одиночных запросов с ошибкой` : undefined,
    serverMedian: percentile(server, 50),
    clientMedian: percentile(client, 50),
    load,
    loadServerMedian: percentile(underLoad, 50),
  };
}

/** BENCH_PROFILE=1: a V8 CPU profile of the server process during each load run (open in Chrome DevTools). */
async function startProfile(): Promise<(key: string) => Promise<string>> {
  const inspector = await import("node:inspector/promises");
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (key) => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    return path.relative(process.cwd(), writeResult(`${key}.cpuprofile`, JSON.stringify(profile)));
  };
}

/**
 * The servers under measurement, all on 127.0.0.1: the app and a bare Express app in this process,
 * each with a timer around every request, and the production start as a cluster in its own process.
 */
import http from "node:http";
import path from "node:path";
import express from "express";
import { freePort } from "./prepare.ts";

export interface Timed {
  base: string;
  server: http.Server;
  /** Server-side times (ms) of the requests served while `on`. */
  rec: { on: boolean; times: number[] };
  /** Requests being served now. */
  active(): number;
}

/** Listens on 127.0.0.1:0 with a timer around every request (request in → last byte out). */
export function listenTimed(handler: http.RequestListener): Promise<Timed> {
  const rec = { on: false, times: [] as number[] };
  const server = http.createServer();
  let active = 0;
  server.on("request", (_req, res) => {
    active++;
    res.once("close", () => active--);
    if (!rec.on) return;
    const t0 = process.hrtime.bigint();
    res.once("finish", () => rec.times.push(Number(process.hrtime.bigint() - t0) / 1e6));
  });
  server.on("request", handler);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, rec, active: () => active }),
    ),
  );
}

/** The bare Express app (GET / answers «ok»), the floor under every page; more routes may be added to `app`. */
export async function listenBare(): Promise<{ app: express.Express; timed: Timed }> {
  const app = express();
  app.get("/", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  return { app, timed: await listenTimed(app) };
}

/** Waits (at most a minute) until the servers have answered every request still queued after a load run. */
export async function drain(...targets: Timed[]): Promise<void> {
  for (let i = 0; i < 600 && targets.some((t) => t.active() > 0); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Drains and closes the servers. */
export async function closeTimed(...targets: Timed[]): Promise<void> {
  await drain(...targets);
  for (const s of targets.map((t) => t.server)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
}

/**
 * The production start (`src/server.ts` with WEB_CONCURRENCY workers) on the
 * benchmark database, for the throughput of both cores. Sessions live in
 * PostgreSQL and the secret is shared, so the signed-in cookies work there too.
 */
export async function startCluster(
  url: string,
  workers: number,
  extraEnv: Record<string, string> = {},
): Promise<{ base: string; pid: number; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "../src/server.ts")], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", WEB_CONCURRENCY: String(workers), ...extraEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("работает")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`кластер завершился с кодом ${code}: ${out.slice(-500)}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // it ended by itself
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/**
 * Once per e2e run: a fresh embedded PostgreSQL in a temporary folder, every
 * migration applied, the demo school seeded (src/seed seedDemo, as the first
 * `npm start` does), and the app itself (src/app.ts createApp) listening on a
 * free port of 127.0.0.1. The test files get the app's address and the
 * database URL through vitest's provide/inject.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { TestProject } from "vitest/node";
import { DEFAULT_TEST_NOW } from "../../support/clock.ts";

declare module "vitest" {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    e2eDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const started = Date.now();
  // Before the app's config is first read (it is parsed once per process).
  process.env.NODE_ENV = "test";
  process.env.TEST_NOW ??= DEFAULT_TEST_NOW;
  process.env.ARGON2_MEMORY_KIB ??= "1024";
  process.env.LOGIN_RATE_LIMIT ??= "10000";
  process.env.SESSION_SECRET ??= "e2e-secret-e2e-secret-e2e-secret-0123";
  process.env.COOKIE_SECURE = "false";

  const { startEmbeddedDb } = await import("../../../src/lib/embedded-db.ts");
  const { applyMigrations } = await import("../../../src/lib/migrate.ts");

  let url = process.env.E2E_DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDb>> | undefined;
  let tmp: string | undefined;
  if (!url) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journal-e2e-db-"));
    const { freePort } = await import("../../../src/lib/ports.ts");
    const port = await freePort();
    embedded = await startEmbeddedDb({ dataDir: tmp, port, persistent: false, quiet: true });
    await embedded.createDatabase("journal_e2e");
    url = embedded.url("journal_e2e");
  }
  process.env.DATABASE_URL = url;
  const { connectDatabase, disconnectDatabase } = await import("../../../src/lib/db.ts");
  try {
    await applyMigrations(url);
    connectDatabase(url);
    const { isSeeded, seedDemo } = await import("../../../src/seed/index.ts");
    if (!(await isSeeded("demo"))) await seedDemo("demo");
  } catch (err) {
    // Leave no PostgreSQL running behind a failed start.
    await disconnectDatabase().catch(() => {});
    await embedded?.stop().catch(() => {});
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }

  const { createApp } = await import("../../../src/app.ts");
  const app = createApp();
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  console.log(`e2e: app on ${baseUrl}, database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  project.provide("e2eBaseUrl", baseUrl);
  project.provide("e2eDatabaseUrl", url);

  return async () => {
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await disconnectDatabase().catch(() => {});
    await embedded?.stop().catch(() => {});
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}

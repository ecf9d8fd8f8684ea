/**
 * Once per test run: a real PostgreSQL (embedded, or the server in
 * TEST_DATABASE_URL) with a template database that has every migration applied.
 * Each test file then gets its own copy of the template (setup-file.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { EmbeddedDbError, startEmbeddedDb, type EmbeddedDb } from "../../src/lib/embedded-db.ts";
import { applyMigrations } from "../../src/lib/migrate.ts";
import { freePort } from "../../src/lib/ports.ts";
import { DEFAULT_TEST_NOW } from "./clock.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dbServerUrl: string;
    templateDb: string;
  }
}

const TEMPLATE = `journal_test_template_${process.pid}`;

/**
 * The test run's PostgreSQL server: the one in TEST_DATABASE_URL, or an embedded one in a
 * temporary folder (tests/harness starts it the same way to check the run's exit code).
 */
export async function startTestDbServer(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { serverUrl: external, stop: async () => {} };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journal-test-db-"));
  const port = await freePort();
  let embedded: EmbeddedDb;
  try {
    embedded = await startEmbeddedDb({ dataDir: tmp, port, persistent: false, quiet: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return {
    serverUrl: embedded.url("postgres"),
    stop: async () => {
      await embedded.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  process.env.TEST_NOW ??= DEFAULT_TEST_NOW;
  const { serverUrl, stop } = await startTestDbServer().catch((err: unknown) => {
    if (!(err instanceof EmbeddedDbError)) throw err;
    // A start that cannot succeed says what to do in one sentence, as `npm start` does (no stack trace).
    console.error(`Не удалось запустить PostgreSQL для тестов: ${err.message}`);
    process.exit(1);
  });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${TEMPLATE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
  await admin.end();
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${TEMPLATE}`;
  await applyMigrations(templateUrl.toString());

  project.provide("dbServerUrl", serverUrl);
  project.provide("templateDb", TEMPLATE);

  return async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'journal_test_%'`);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => {});
    await c.end();
    await stop();
  };
}

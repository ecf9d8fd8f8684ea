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
import { startEmbeddedDb, type EmbeddedDb } from "../../src/lib/embedded-db.ts";
import { applyMigrations } from "../../src/lib/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    dbServerUrl: string;
    templateDb: string;
  }
}

const TEMPLATE = `journal_test_template_${process.pid}`;

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDb | undefined;
  let tmp: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journal-test-db-"));
    const port = 55000 + Math.floor(Math.random() * 4000);
    embedded = await startEmbeddedDb({ dataDir: tmp, port, persistent: false, quiet: true });
    serverUrl = embedded.url("postgres");
  }
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
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}

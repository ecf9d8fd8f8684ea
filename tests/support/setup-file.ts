/**
 * Before each test file: its own database copied from the migrated template,
 * so files never see each other's data and never touch the dev database.
 *
 * The files of a worker share its modules (vitest.config.ts: isolate: false), so each file also
 * starts from the state a process of its own would have: the environment as the worker found it,
 * the configuration read again, the clock at TEST_NOW; and after it nothing of it is left running
 * or remembered (the queue, the test app, caches of its database: see file-state.ts).
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { DEFAULT_TEST_NOW } from "./clock.ts";
import { resetFileState } from "./file-state.ts";

const env = { ...process.env };

process.env.NODE_ENV = "test";
process.env.TEST_NOW ??= DEFAULT_TEST_NOW;
process.env.ARGON2_MEMORY_KIB ??= "1024";
process.env.LOGIN_RATE_LIMIT ??= "1000";
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret-0123";

const serverUrl = inject("dbServerUrl");
const template = inject("templateDb");
const dbName = `journal_test_${crypto.randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}" TEMPLATE "${template}"`);
await admin.end();

const url = new URL(serverUrl);
url.pathname = `/${dbName}`;
process.env.DATABASE_URL = url.toString();

const { resetConfig } = await import("../../src/config.ts");
const { setClock } = await import("../../src/lib/clock.ts");
const { connectDatabase, disconnectDatabase } = await import("../../src/lib/db.ts");
const { stopQueue } = await import("../../src/lib/queue.ts");
resetConfig();
setClock(process.env.TEST_NOW);
connectDatabase(url.toString());

afterAll(async () => {
  await resetFileState();
  await stopQueue();
  await disconnectDatabase();
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await c.end();
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
});

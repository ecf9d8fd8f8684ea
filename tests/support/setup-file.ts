/**
 * Before each test file: its own database copied from the migrated template,
 * so files never see each other's data and never touch the dev database.
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { DEFAULT_TEST_NOW } from "./clock.ts";

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

const { connectDatabase, disconnectDatabase } = await import("../../src/lib/db.ts");
connectDatabase(url.toString());

afterAll(async () => {
  await disconnectDatabase();
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await c.end();
});

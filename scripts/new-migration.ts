/**
 * Creates a new migration offline, schema to schema (the schema engine cannot
 * introspect a live database here; see ../shared/notes/stack.md):
 *   npm run db:migration -- add_lessons
 * Compares prisma/schema.prisma with the snapshot taken at the last migration
 * (prisma/migrations/schema.snapshot.prisma) and writes the SQL difference.
 * The CLI needs some database to talk to, so a throwaway embedded one is started.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedDb } from "../src/lib/embedded-db.ts";
import { freePort } from "../src/lib/ports.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Использование: npm run db:migration -- <имя_латиницей>");
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const snapshot = path.join(root, "prisma/migrations/schema.snapshot.prisma");
const schema = path.join(root, "prisma/schema.prisma");

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "journal-migration-"));
const db = await startEmbeddedDb({ dataDir: tmp, port: await freePort(), persistent: false, quiet: true });
try {
  const from = fs.existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    process.execPath,
    [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"],
    { cwd: root, env: { ...process.env, DATABASE_URL: db.url("postgres") }, stdio: ["ignore", "pipe", "ignore"] },
  ).toString();
  if (!sql.split("\n").some((l) => l.trim() && !l.trim().startsWith("--"))) {
    console.log("Схема не изменилась: миграция не нужна.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(root, "prisma/migrations", `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    fs.copyFileSync(schema, snapshot);
    console.log(`Создана миграция ${path.relative(root, dir)}/migration.sql — проверьте её перед коммитом.`);
  }
} finally {
  await db.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

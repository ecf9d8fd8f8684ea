/**
 * Applies prisma/migrations with `prisma migrate deploy` (the engine-free CLI). The CLI takes
 * about ten seconds to start here even when there is nothing to do, so a database whose
 * `_prisma_migrations` already lists every migration folder, finished and with the same
 * checksum as the file, is left alone without starting it (every restart, every test server).
 */
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const migrationsDir = path.join(root, "prisma/migrations");

/** Every migration folder with its checksum as Prisma records it (SHA-256 of migration.sql). */
function migrationFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of fs.readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (fs.existsSync(file)) files.set(name, crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
  }
  return files;
}

/** True when every migration is applied, finished, not rolled back and unchanged since. */
async function upToDate(databaseUrl: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: databaseUrl });
  try {
    await c.connect();
    const { rows } = await c.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const [name, checksum] of migrationFiles()) if (applied.get(name) !== checksum) return false;
    return true;
  } catch {
    return false; // no table yet, or the database is unreachable: the CLI says what is wrong
  } finally {
    await c.end().catch(() => {});
  }
}

export async function applyMigrations(databaseUrl: string): Promise<void> {
  if (await upToDate(databaseUrl)) return;
  try {
    await run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`Не удалось применить миграции базы данных:\n${e.stdout ?? ""}${e.stderr ?? ""}`, { cause: err });
  }
}

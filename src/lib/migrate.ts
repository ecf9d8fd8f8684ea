/** Applies prisma/migrations with `prisma migrate deploy` (the engine-free CLI). */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export async function applyMigrations(databaseUrl: string): Promise<void> {
  try {
    await run(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`Не удалось применить миграции базы данных:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

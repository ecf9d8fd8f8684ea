/**
 * Starts the app. With no DATABASE_URL: an embedded PostgreSQL with its data
 * in ./data (kept between runs), migrations applied, the demo school seeded on
 * the first run, the demo logins printed. Ctrl-C stops everything cleanly.
 */
import type { Server } from "node:http";
import { config, ConfigError } from "./config.ts";
import { connectDatabase, disconnectDatabase } from "./lib/db.ts";
import { startEmbeddedDb, type EmbeddedDb } from "./lib/embedded-db.ts";
import { applyMigrations } from "./lib/migrate.ts";

async function main() {
  const cfg = config();
  let embedded: EmbeddedDb | undefined;
  let url = cfg.databaseUrl;
  if (!url) {
    console.log(`Запуск встроенной PostgreSQL (данные в ${cfg.dataDir}) ...`);
    embedded = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true });
    if (!(await embedded.databaseExists("journal"))) await embedded.createDatabase("journal");
    url = embedded.url("journal");
  }
  console.log("Применение миграций ...");
  await applyMigrations(url);
  connectDatabase(url);

  if (embedded) {
    const { isSeeded, seedDemo, printDemoLogins } = await import("./seed/index.ts");
    if (!(await isSeeded())) {
      console.log("Первый запуск: создаётся демонстрационная школа ...");
      await seedDemo();
    }
    await printDemoLogins();
  }

  const { createApp } = await import("./app.ts");
  const app = createApp();
  const server: Server = await new Promise((resolve) => {
    const s = cfg.host ? app.listen(cfg.port, cfg.host, () => resolve(s)) : app.listen(cfg.port, () => resolve(s));
  });
  console.log(`Электронный журнал работает: http://localhost:${cfg.port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nПолучен ${signal}: остановка ...`);
    server.close();
    server.closeAllConnections?.();
    await disconnectDatabase().catch(() => {});
    if (embedded) await embedded.stop().catch(() => {});
    console.log("Остановлено.");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error("Не удалось запустить приложение:", err instanceof Error ? err.message : err);
  process.exit(1);
});

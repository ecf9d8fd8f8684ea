/**
 * npm run seed        — the demo school (idempotent: does nothing if it exists)
 * npm run seed:large  — the large benchmark school
 * Uses DATABASE_URL, or the embedded database in ./data when it is not set.
 */
import { config } from "../src/config.ts";
import { connectDatabase, disconnectDatabase } from "../src/lib/db.ts";
import { startEmbeddedDb } from "../src/lib/embedded-db.ts";
import { applyMigrations } from "../src/lib/migrate.ts";

const large = process.argv.includes("--large");
const cfg = config();
let url = cfg.databaseUrl;
const embedded = url ? undefined : await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true });
try {
  if (embedded) {
    const dbName = large ? "journal_large" : "journal";
    if (!(await embedded.databaseExists(dbName))) await embedded.createDatabase(dbName);
    url = embedded.url(dbName);
  }
  await applyMigrations(url!);
  connectDatabase(url!);
  const { isSeeded, seedDemo, printDemoLogins } = await import("../src/seed/index.ts");
  if (await isSeeded()) console.log("Школа уже создана: повторный запуск ничего не меняет.");
  else {
    const t = Date.now();
    await seedDemo(large ? "large" : "demo");
    console.log(`Готово за ${((Date.now() - t) / 1000).toFixed(1)} с.`);
  }
  if (!large) await printDemoLogins();
} finally {
  await disconnectDatabase();
  await embedded?.stop();
}

/**
 * npm run seed        — the demo school (idempotent: does nothing if it exists)
 * npm run seed:large  — the large benchmark school (about 1,100 students, 40 classes, 90 staff),
 *                       in a database of its own (journal_large) on the embedded server
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (./data) when it is not set.
 */
import { config } from "../src/config.ts";
import { connectDatabase, disconnectDatabase, pgPool } from "../src/lib/db.ts";
import { startEmbeddedDb } from "../src/lib/embedded-db.ts";
import { applyMigrations } from "../src/lib/migrate.ts";

/**
 * pg's pool.end() resolves before its connections have closed; wait for them,
 * so stopping the embedded server right after does not log a dropped connection.
 */
async function closeDatabase(): Promise<void> {
  let closed: Promise<void> = Promise.resolve();
  try {
    const pool = pgPool();
    const open = pool.totalCount;
    let removed = 0;
    if (open) closed = new Promise((resolve) => pool.on("remove", () => ++removed >= open && resolve()));
  } catch {
    // Not connected: nothing to wait for.
  }
  await disconnectDatabase();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 3000))]);
}

const large = process.argv.includes("--large");
const size = large ? "large" : "demo";
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
  const { seedDemo, printDemoLogins } = await import("../src/seed/index.ts");
  const t = Date.now();
  const result = await seedDemo(size);
  const j = result.journal;
  if (!j.skipped)
    console.log(
      `Журнал заполнен за ${j.seconds.toFixed(1)} с: ${j.lessons} уроков, ${j.marks} отметок, ${j.attendance} записей посещаемости, ${j.finalMarks} итоговых.`,
    );
  if (!result.created) console.log("Школа уже создана: повторный запуск ничего не меняет.");
  else {
    const c = result.counts;
    console.log(
      `Создана школа (id ${result.schoolId}) за ${((Date.now() - t) / 1000).toFixed(1)} с: ` +
        `${c.classes} классов, ${c.students} учеников, ${c.parents} родителей, ${c.staff} сотрудников (${c.teachers} учителей), ` +
        `${c.teachingLoads} строк нагрузки, ${c.subgroups} подгрупп, ${c.users} учётных записей.`,
    );
  }
  await printDemoLogins(large ? "bench" : "demo");
} finally {
  await closeDatabase();
  await embedded?.stop();
}

/**
 * The benchmark's own database: an embedded PostgreSQL in BENCH_DATA_DIR
 * (default ./data/bench) holding the large school (seedSchool("large") +
 * seedJournal). Seeded once and reused while the seed code and migrations are
 * unchanged (a fingerprint in seed.json); BENCH_RESEED=1 forces a new seed.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startEmbeddedDb, type EmbeddedDb } from "../src/lib/embedded-db.ts";
import { applyMigrations } from "../src/lib/migrate.ts";
import { freePort } from "../src/lib/ports.ts";

export { freePort };

const root = path.resolve(import.meta.dirname, "..");
export const DB_NAME = "journal_bench";

export interface SeedInfo {
  fingerprint: string;
  seededAt: string;
  /** The day the journal was seeded up to. */
  until: string;
  schoolId: number;
  schoolSeconds: number;
  journalSeconds: number;
  counts: Record<string, number>;
}

export interface BenchDb {
  url: string;
  embedded: EmbeddedDb;
  seed: SeedInfo;
  reused: boolean;
}

/** What the seeded data depends on: the seed code and the migrations. */
function fingerprint(): string {
  const hash = crypto.createHash("sha256");
  const files = [
    ...fs
      .readdirSync(path.join(root, "src/seed"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join(root, "src/seed", f)),
    path.join(root, "src/modules/journal/journal.text.ts"),
    path.join(root, "bench/prepare.ts"),
  ].sort();
  for (const f of files) if (fs.existsSync(f)) hash.update(f).update(fs.readFileSync(f));
  for (const m of fs.readdirSync(path.join(root, "prisma/migrations")).sort()) hash.update(m);
  return hash.digest("hex").slice(0, 16);
}

export async function prepareBenchDb(log: (line: string) => void): Promise<BenchDb> {
  const dataDir = path.resolve(process.env.BENCH_DATA_DIR || path.join(root, "data/bench"));
  const port = Number(process.env.BENCH_PG_PORT) || (await freePort());
  const markerFile = path.join(dataDir, "seed.json");
  log(`PostgreSQL для замера: ${dataDir} (порт ${port})`);
  const embedded = await startEmbeddedDb({ dataDir, port, persistent: true, quiet: true });
  const url = embedded.url(DB_NAME);
  const { connectDatabase } = await import("../src/lib/db.ts");

  const wanted = fingerprint();
  const marker = fs.existsSync(markerFile) ? (JSON.parse(fs.readFileSync(markerFile, "utf8")) as SeedInfo) : null;
  const reuse = !process.env.BENCH_RESEED && marker?.fingerprint === wanted && (await embedded.databaseExists(DB_NAME));
  if (reuse) {
    await applyMigrations(url);
    connectDatabase(url);
    await analyze();
    log(`База уже заполнена ${marker.seededAt.slice(0, 10)} (данные по ${marker.until}): используется повторно.`);
    return { url, embedded, seed: marker, reused: true };
  }

  log("Создание крупной школы (seedSchool + seedJournal) ...");
  fs.rmSync(markerFile, { force: true });
  await embedded.dropDatabase(DB_NAME);
  await embedded.createDatabase(DB_NAME);
  await applyMigrations(url);
  connectDatabase(url);
  const { seedSchool } = await import("../src/seed/school.ts");
  const { seedJournal } = await import("../src/seed/journal.ts");
  const { isoDate, today } = await import("../src/lib/dates.ts");
  let t = performance.now();
  const school = await seedSchool("large");
  const schoolSeconds = (performance.now() - t) / 1000;
  log(`  школа: ${schoolSeconds.toFixed(1)} с`);
  t = performance.now();
  const until = today();
  const journal = await seedJournal(school.schoolId, "large", { until });
  // The rest of the year from the timetable, as `npm run seed:large` does (the teacher's week ahead is ready).
  const { seedFutureLessons } = await import("../src/seed/timetable.ts");
  await seedFutureLessons(school.schoolId, until);
  // Calendar-thematic plans drawn from the journal, as the demo school's (issue 16): the journal's «по плану»
  // indicator, «Выполнение программы» and the КТП import are measured with them.
  const { seedThematicPlans } = await import("../src/seed/plan-ktp.ts");
  const plans = await seedThematicPlans(school.schoolId, "bench");
  // GIA results of the graduating classes (issue 17): what «Анализ результатов ГИА» (report-gia) reads.
  const { seedGraduates } = await import("../src/seed/graduates.ts");
  await seedGraduates(school.schoolId, { confirmFinals: false });
  const journalSeconds = (performance.now() - t) / 1000;
  log(
    `  журнал: ${journalSeconds.toFixed(1)} с — уроков ${journal.lessons}, отметок ${journal.marks}, пропусков ${journal.attendance}; КТП ${JSON.stringify(plans)}`,
  );
  const seed: SeedInfo = {
    fingerprint: wanted,
    seededAt: new Date().toISOString(),
    until: isoDate(until),
    schoolId: school.schoolId,
    schoolSeconds,
    journalSeconds,
    counts: {
      ...Object.fromEntries(Object.entries(school.counts).filter(([, v]) => typeof v === "number")),
      lessons: journal.lessons,
      works: journal.works,
      marks: journal.marks,
      attendance: journal.attendance,
      finalMarks: journal.finalMarks,
    },
  };
  await analyze();
  fs.writeFileSync(markerFile, JSON.stringify(seed, null, 2));
  return { url, embedded, seed, reused: false };
}

/**
 * Planner statistics for every table, as autovacuum keeps them on a running server. Without them a
 * freshly seeded database plans joins over a thousand pupils as over one row (the administrator's
 * home took 130 ms instead of 13), which measures the missing statistics, not the page.
 */
async function analyze(): Promise<void> {
  const { pgPool } = await import("../src/lib/db.ts");
  await pgPool().query("ANALYZE");
}

/** The rows of a raw SQL statement on the app's pg pool. */
export type Query = <T extends object>(sql: string, params?: unknown[]) => Promise<T[]>;

/** Raw SQL on the pool prepareBenchDb connected (imported late: the app's modules load after its environment is set). */
export async function benchQuery(): Promise<Query> {
  const { pgPool } = await import("../src/lib/db.ts");
  const pool = pgPool();
  return async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;
}

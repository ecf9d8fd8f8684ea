/**
 * Integrity check of an archived (closed) academic year, R-INT-1:
 *   npx tsx scripts/verify-year.ts <yearId> [--db journal]   — recomputes the seal in the database
 *   npx tsx scripts/verify-year.ts --file archive.json.gz    — checks an exported archive file offline
 * The database is DATABASE_URL, else the embedded one in DATA_DIR (port EMBEDDED_PG_PORT;
 * database «journal», or --db NAME, e.g. journal_large). Prints what changed, if anything.
 * Exit code: 0 intact, 1 changed or not sealed, 2 wrong usage or unreadable input.
 */
import fs from "node:fs";
import pg from "pg";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error("Использование:\n  npx tsx scripts/verify-year.ts <id учебного года> [--db имя_базы]\n  npx tsx scripts/verify-year.ts --file архив.json.gz");
  process.exit(2);
}

type Report = import("../src/modules/year-close/integrity.service.ts").IntegrityReport;

function print(title: string, r: Report): number {
  console.log(title);
  if (!r.sealed) {
    console.log("Год не запечатан: печать создаётся при закрытии учебного года.");
    return 1;
  }
  console.log(`Алгоритм: ${r.algorithm}`);
  console.log(`Корневой хеш печати:   ${r.rootHash}`);
  console.log(`Пересчитанный хеш:     ${r.currentRoot}`);
  if (r.counts)
    console.log(
      `Уроков: ${r.counts.lessons}, отметок: ${r.counts.marks}, посещаемость: ${r.counts.attendance}, итоговых: ${r.counts.finalMarks}, решений: ${r.counts.decisions}`,
    );
  if (!r.sealIntact) console.log("ВНИМАНИЕ: листья печати не сходятся с её корнем — изменена сама печать.");
  if (r.ok) {
    console.log("ЦЕЛОСТНОСТЬ ПОДТВЕРЖДЕНА: данные не менялись с момента закрытия года.");
    return 0;
  }
  console.log(`ЦЕЛОСТНОСТЬ НАРУШЕНА: изменений ${r.total}.`);
  for (const d of r.differences) console.log(`  - ${d.text}`);
  if (r.total > r.differences.length) console.log(`  … и ещё ${r.total - r.differences.length}`);
  return 1;
}

const file = opt("--file");
if (file) {
  const { verifyArchive } = await import("../src/modules/year-close/integrity.service.ts");
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch (e) {
    usage(`Не удалось прочитать файл ${file}: ${(e as Error).message}`);
  }
  let report: ReturnType<typeof verifyArchive>;
  try {
    report = verifyArchive(body);
  } catch (e) {
    console.error(`Файл не является архивом года: ${(e as Error).message}`);
    process.exit(2);
  }
  process.exit(print(`Архив ${file}: ${report.school?.name ?? ""}, учебный год ${report.year?.name ?? ""}`, report));
}

const yearId = Number(args.find((a) => /^\d+$/.test(a)));
if (!Number.isSafeInteger(yearId) || yearId < 1) usage();

const { config } = await import("../src/config.ts");
const { connectDatabase, disconnectDatabase, prisma } = await import("../src/lib/db.ts");
const cfg = config();
let url = cfg.databaseUrl;
let stop: (() => Promise<void>) | undefined;
if (!url) {
  const dbName = opt("--db") ?? "journal";
  url = `postgresql://journal:journal@localhost:${cfg.embeddedPgPort}/${dbName}`;
  const probe = new pg.Client({ connectionString: url });
  const running = await probe.connect().then(
    () => true,
    () => false,
  );
  await probe.end().catch(() => {});
  if (!running) {
    const { startEmbeddedDb } = await import("../src/lib/embedded-db.ts");
    const db = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true, quiet: true });
    stop = () => db.stop();
  }
}
let code = 2;
try {
  connectDatabase(url);
  const { verifyYear } = await import("../src/modules/year-close/integrity.service.ts");
  const year = await prisma.academicYear.findUnique({ where: { id: yearId }, include: { school: true } });
  if (!year) {
    console.error(`Учебный год с id ${yearId} не найден`);
  } else {
    const report = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL work_mem = '128MB'");
        return verifyYear(tx, year.schoolId, year.id);
      },
      { timeout: 300_000 },
    );
    code = print(`${year.school.name}, учебный год ${year.name} (id ${year.id}):`, report);
  }
} finally {
  await disconnectDatabase();
  // pg's pool.end() resolves before its connections close; let them go before stopping the server.
  if (stop) await new Promise((r) => setTimeout(r, 500));
  await stop?.();
}
process.exit(code);

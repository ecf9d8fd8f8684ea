/**
 * Benchmark of closing the year on the large school (about 1,100 students):
 *   npm run seed:large   (with DATA_DIR=/tmp/data-yearclose EMBEDDED_PG_PORT=54377)
 *   DATA_DIR=/tmp/data-yearclose EMBEDDED_PG_PORT=54377 npx tsx tests/year-close/bench-close.ts
 * Works on a copy (journal_large_close) of journal_large, so it can be repeated. Untimed
 * preparation: year final marks from the period marks. Timed: the pre-close check, the
 * acknowledgement, the default decisions and the closing with its seal, as of 1 June 2027.
 */
import { config } from "../../src/config.ts";
import { connectDatabase, disconnectDatabase, prisma } from "../../src/lib/db.ts";
import { startEmbeddedDb } from "../../src/lib/embedded-db.ts";
import { applyMigrations } from "../../src/lib/migrate.ts";
import { parseIsoDate } from "../../src/lib/dates.ts";

const cfg = config();
const db = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true, quiet: true });
try {
  await applyMigrations(db.url("journal_large"));
  await db.dropDatabase("journal_large_close");
  await db.createDatabase("journal_large_close", "journal_large");
  connectDatabase(db.url("journal_large_close"));
  const { loadActor } = await import("../../src/access/actor.ts");
  const { preCloseCheck, acknowledge } = await import("../../src/modules/year-close/check.service.ts");
  const { fillDefaultDecisions } = await import("../../src/modules/year-close/decisions.service.ts");
  const { closeYear } = await import("../../src/modules/year-close/close.service.ts");
  const { verifyYear } = await import("../../src/modules/year-close/integrity.service.ts");

  const user = await prisma.user.findUniqueOrThrow({ where: { login: "bench.admin" } });
  const actor = (await loadActor(user.id))!;
  const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId: actor.schoolId, status: "CURRENT" } });
  // Untimed: year marks as the rounded mean of the numeric period marks.
  const made = await prisma.$executeRaw`
    INSERT INTO "FinalMark" ("schoolId", "studentId", "subjectId", "yearId", kind, value, "updatedAt")
    SELECT f."schoolId", f."studentId", f."subjectId", f."yearId", 'YEAR', round(avg(f.value::int))::text, now()
    FROM "FinalMark" f WHERE f."yearId" = ${year.id} AND f.kind = 'PERIOD' AND f.value ~ '^[1-5]$'
    GROUP BY 1, 2, 3, 4 ON CONFLICT DO NOTHING`;
  const students = await prisma.$queryRaw<{ n: number }[]>`SELECT count(DISTINCT m."studentId")::int AS n FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" WHERE c."yearId" = ${year.id}`;
  console.log(`Школа: ${students[0]!.n} учеников; годовых отметок подготовлено: ${made}`);

  const asOf = parseIsoDate("2027-06-01")!;
  const t0 = performance.now();
  const check = await preCloseCheck(prisma, actor.schoolId, year.id);
  const t1 = performance.now();
  await acknowledge(prisma, actor.schoolId, year.id, actor.userId, check.items.map((i) => i.key));
  const added = await fillDefaultDecisions(actor, year.id, { orderNumber: "101-уч", orderDate: parseIsoDate("2027-05-30")! });
  const t2 = performance.now();
  const r = await closeYear(actor, year.id, { asOf });
  const t3 = performance.now();
  const s = (ms: number) => (ms / 1000).toFixed(2) + " с";
  console.log(`Проверка перед закрытием: ${s(t1 - t0)} (пунктов: ${check.items.length}, без решения: ${check.missingDecisions})`);
  console.log(`Принятие пунктов и решения по умолчанию (${added}): ${s(t2 - t1)}`);
  console.log(`Закрытие года с печатью: ${s(t3 - t2)}`);
  console.log(`ИТОГО: ${s(t3 - t0)}`);
  if (r.status === "DONE") console.log(JSON.stringify(r.stats));
  const t4 = performance.now();
  const v = await verifyYear(prisma, actor.schoolId, year.id);
  console.log(`Проверка целостности: ${v.ok ? "в порядке" : "НАРУШЕНА"} за ${s(performance.now() - t4)}`);
} finally {
  await disconnectDatabase();
  await db.stop();
}

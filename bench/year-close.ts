/**
 * The year-close scenario of `npm run bench` (issue 7's goal: under 15 s for a
 * school of about 1,100 students), in its own process: bench/run.ts copies the
 * large school's database (the year of journal data stays untouched), forks this
 * file with the copy's URL and gets the timings back.
 *
 * Untimed preparation: year final marks as the rounded mean of the period marks
 * (the large school's journal ends today, the year in June). Timed, through the
 * same services the administrator's pages call: the pre-close check, the
 * acknowledgement of its items, the council's default decisions, and the closing
 * itself (promotion orders, carry-over into the next year, the seal), as of
 * 1 June 2027; then the seal is verified.
 */
import { connectDatabase, disconnectDatabase, prisma } from "../src/lib/db.ts";
import { parseIsoDate } from "../src/lib/dates.ts";

export interface YearCloseJob {
  url: string;
}

export interface YearCloseResult {
  students: number;
  yearMarksPrepared: number;
  checkItems: number;
  decisions: number;
  /** Seconds of each timed step and in all. */
  checkSec: number;
  decisionsSec: number;
  closeSec: number;
  totalSec: number;
  verifySec: number;
  verified: boolean;
  status: string;
}

export async function benchYearClose(job: YearCloseJob): Promise<YearCloseResult> {
  connectDatabase(job.url);
  try {
    const { loadActor } = await import("../src/access/actor.ts");
    const { preCloseCheck, acknowledge } = await import("../src/modules/year-close/check.service.ts");
    const { fillDefaultDecisions } = await import("../src/modules/year-close/decisions.service.ts");
    const { closeYear } = await import("../src/modules/year-close/close.service.ts");
    const { verifyYear } = await import("../src/modules/year-close/integrity.service.ts");

    const user = await prisma.user.findUniqueOrThrow({ where: { login: "bench.admin" } });
    const actor = (await loadActor(user.id))!;
    const year = await prisma.academicYear.findFirstOrThrow({ where: { schoolId: actor.schoolId, status: "CURRENT" } });
    const yearMarksPrepared = await prisma.$executeRaw`
      INSERT INTO "FinalMark" ("schoolId", "studentId", "subjectId", "yearId", kind, value, "updatedAt")
      SELECT f."schoolId", f."studentId", f."subjectId", f."yearId", 'YEAR', round(avg(f.value::int))::text, now()
      FROM "FinalMark" f WHERE f."yearId" = ${year.id} AND f.kind = 'PERIOD' AND f.value ~ '^[1-5]$'
      GROUP BY 1, 2, 3, 4 ON CONFLICT DO NOTHING`;
    const [count] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT m."studentId")::int AS n FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId" WHERE c."yearId" = ${year.id}`;

    const asOf = parseIsoDate("2027-06-01")!;
    const t0 = performance.now();
    const check = await preCloseCheck(prisma, actor.schoolId, year.id);
    const t1 = performance.now();
    await acknowledge(
      prisma,
      actor.schoolId,
      year.id,
      actor.userId,
      check.items.map((i) => i.key),
    );
    const decisions = await fillDefaultDecisions(actor, year.id, { orderNumber: "101-уч", orderDate: parseIsoDate("2027-05-30")! });
    const t2 = performance.now();
    const closed = await closeYear(actor, year.id, { asOf });
    const t3 = performance.now();
    const verified = await verifyYear(prisma, actor.schoolId, year.id);
    const t4 = performance.now();
    return {
      students: count?.n ?? 0,
      yearMarksPrepared,
      checkItems: check.items.length,
      decisions,
      checkSec: (t1 - t0) / 1000,
      decisionsSec: (t2 - t1) / 1000,
      closeSec: (t3 - t2) / 1000,
      totalSec: (t3 - t0) / 1000,
      verifySec: (t4 - t3) / 1000,
      verified: verified.ok,
      status: closed.status,
    };
  } finally {
    await disconnectDatabase();
  }
}

if (process.send) {
  process.once("message", (job: YearCloseJob) => {
    benchYearClose(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
    );
  });
}

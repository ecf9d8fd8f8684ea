/**
 * The demo school's ВПР (issue 17, 002 §2): in every class of grades 5–8, a ВПР in «Русский язык» and in
 * «Математика» written three weeks ago (or two weeks into the year), with the scales of the all-Russian works
 * and each pupil's score (about one in twelve did not write), entered by the subject's teacher of the class.
 * The marks follow the scale (diagnostics.service markOfScore). Idempotent: a school with any work is left alone.
 */
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";
import { markOfScore } from "../modules/diagnostics/diagnostics.service.ts";

const SCALES: Record<string, { maxScore: number; score3: number; score4: number; score5: number; title: string }> = {
  "Русский язык": { maxScore: 45, score3: 18, score4: 29, score5: 39, title: "ВПР по русскому языку" },
  Математика: { maxScore: 20, score3: 5, score4: 10, score5: 15, title: "ВПР по математике" },
};

export async function seedDiagnostics(schoolId: number, now: Date = today()): Promise<{ works: number; results: number }> {
  if (await prisma.diagnosticWork.count({ where: { schoolId } })) return { works: 0, results: 0 };
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  if (!year) return { works: 0, results: 0 };
  const subjects = await prisma.subject.findMany({ where: { schoolId, name: { in: Object.keys(SCALES) } } });
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId, yearId: year.id, grade: { gte: 5, lte: 8 } },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  const earliest = addDays(year.startDate, 14);
  const day = addDays(now, -21) < earliest ? earliest : addDays(now, -21);
  let works = 0;
  let results = 0;
  for (const [ci, cls] of classes.entries())
    for (const [si, subject] of subjects.entries()) {
      const load = await prisma.teachingLoad.findFirst({ where: { schoolId, yearId: year.id, classId: cls.id, subjectId: subject.id } });
      if (!load) continue;
      const author = await prisma.user.findFirst({ where: { schoolId, personId: load.teacherId }, select: { id: true } });
      const scale = SCALES[subject.name]!;
      const date = addDays(day, si);
      const work = await prisma.diagnosticWork.create({
        data: {
          schoolId,
          yearId: year.id,
          classId: cls.id,
          subjectId: subject.id,
          kind: "VPR",
          title: `${scale.title}, ${cls.grade} класс`,
          date,
          maxScore: scale.maxScore,
          score3: scale.score3,
          score4: scale.score4,
          score5: scale.score5,
          createdById: author?.id ?? null,
        },
      });
      works++;
      const members = await prisma.classMembership.findMany({
        where: { schoolId, classId: cls.id, fromDate: { lte: date }, OR: [{ toDate: null }, { toDate: { gte: date } }] },
        select: { studentId: true },
        orderBy: { studentId: "asc" },
      });
      const rows = members
        .filter((_, i) => (i + ci + si) % 12 !== 5)
        .map((m, i) => {
          // A spread around 60 % of the maximum, steady from one run to the next.
          const share = 0.25 + ((m.studentId * 37 + i * 11 + si * 7 + ci * 5) % 71) / 100;
          const score = Math.min(scale.maxScore, Math.round(scale.maxScore * share));
          return { schoolId, workId: work.id, studentId: m.studentId, score, mark: markOfScore(scale, score) };
        });
      await prisma.diagnosticResult.createMany({ data: rows });
      results += rows.length;
    }
  return { works, results };
}

/**
 * GIA results and the certificate's final marks of the graduating classes (issue 17, R-GIA-1, R-REG-8).
 * The demo school has no archived year, so the current year's 9th and 11th classes get them: two pupils of
 * three have chosen exams with results (ОГЭ: Русский язык, Математика and two electives; ЕГЭ: Русский
 * язык, Математика of a level and an elective), each linked to the school subject it is compared with
 * (Математика → Алгебра in grades 7–11). The exam mark follows the pupil's first-quarter mark in the
 * subject, a grade up or down for some. In the demo school, the first half of each class (by name) also
 * has year marks (the first-quarter marks, a stand-in in December) and its final marks confirmed by
 * demo.deputy on /graduates («Подтвердить предложенные», which stores the exam marks too), so the
 * certificate sheet is partly filled. Idempotent: a school with any GIA result is left alone.
 */
import { loadActor } from "../access/actor.ts";
import { prisma } from "../lib/db.ts";
import { clock } from "../lib/clock.ts";
import { compareNames } from "../lib/names.ts";
import { confirmProposedFinals } from "../modules/graduates/graduates.service.ts";

const OGE_ELECTIVES = ["Обществознание", "Биология", "Информатика", "География", "Химия", "Физика"];
const EGE_ELECTIVES = ["Обществознание", "Физика", "История", "Биология", "Информатика", "Химия"];
/** The school subject a GIA subject is compared with, when the names differ. */
const SCHOOL_SUBJECT: Record<string, string> = {
  Математика: "Алгебра",
  "Математика (профильный уровень)": "Алгебра",
  "Математика (базовый уровень)": "Алгебра",
};

/** A small deterministic spread (−1, 0, 0, +1) from the pupil and the subject. */
const spread = (a: number, b: number) => [-1, 0, 0, 1][(a * 7 + b * 13) % 4]!;
const clamp = (m: number) => Math.min(5, Math.max(2, m));

/** A test score that fits the mark: ОГЭ primary points (up to ~33), ЕГЭ test points (up to 100). */
function scoreOf(level: "OGE" | "EGE", mark: number, k: number): number {
  const ranges: Record<number, [number, number]> =
    level === "OGE" ? { 2: [3, 7], 3: [8, 14], 4: [15, 22], 5: [23, 33] } : { 2: [20, 35], 3: [36, 56], 4: [57, 71], 5: [72, 98] };
  const [lo, hi] = ranges[mark]!;
  return lo + (k % (hi - lo + 1));
}

export async function seedGraduates(schoolId: number, opts: { confirmFinals: boolean }): Promise<{ exams: number; finals: number }> {
  if (await prisma.giaExam.count({ where: { schoolId, resultEnteredAt: { not: null } } })) return { exams: 0, finals: 0 };
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" }, orderBy: { startDate: "desc" } });
  if (!year) return { exams: 0, finals: 0 };
  const enteredBy = await prisma.user.findFirst({ where: { schoolId, roles: { some: { role: "DEPUTY" } } }, orderBy: { id: "asc" }, select: { id: true } });
  const subjects = new Map((await prisma.subject.findMany({ where: { schoolId, gradingMode: "MARKS" } })).map((s) => [s.name, s.id]));
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId, yearId: year.id, grade: { in: [9, 11] } },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  let exams = 0;
  const firstHalf: number[] = [];
  for (const cls of classes) {
    const members = await prisma.classMembership.findMany({
      where: { schoolId, classId: cls.id, toDate: null },
      include: { student: { include: { person: true } } },
    });
    const pupils = members.map((m) => m.student).sort((a, b) => compareNames(a.person, b.person));
    firstHalf.push(...pupils.slice(0, Math.ceil(pupils.length / 2)).map((p) => p.id));
    const periodMarks = await prisma.finalMark.findMany({
      where: { schoolId, yearId: year.id, kind: "PERIOD", studentId: { in: pupils.map((p) => p.id) } },
      orderBy: { periodId: "asc" },
      select: { studentId: true, subjectId: true, value: true },
    });
    const quarter = new Map<string, string>();
    for (const f of periodMarks) if (!quarter.has(`${f.studentId}:${f.subjectId}`)) quarter.set(`${f.studentId}:${f.subjectId}`, f.value);
    const level = cls.grade === 9 ? "OGE" : "EGE";
    for (const [i, p] of pupils.entries()) {
      if (i % 3 === 2) continue; // a third of the class has not chosen yet
      const electives = level === "OGE" ? [OGE_ELECTIVES[i % 6]!, OGE_ELECTIVES[(i + 2) % 6]!] : [EGE_ELECTIVES[i % 6]!];
      const names = ["Русский язык", level === "OGE" ? "Математика" : i % 2 ? "Математика (базовый уровень)" : "Математика (профильный уровень)", ...electives];
      const reg = await prisma.giaRegistration.upsert({
        where: { studentId_yearId: { studentId: p.id, yearId: year.id } },
        create: { schoolId, studentId: p.id, yearId: year.id, level },
        update: {},
      });
      const rows = names.map((subjectName, k) => {
        const subjectId = subjects.get(SCHOOL_SUBJECT[subjectName] ?? subjectName) ?? null;
        const q = subjectId ? Number(quarter.get(`${p.id}:${subjectId}`)) : NaN;
        const mark = clamp((Number.isInteger(q) && q >= 2 ? q : 4) + spread(p.id, k));
        return {
          schoolId,
          registrationId: reg.id,
          subjectName,
          subjectId,
          score: scoreOf(level, mark, p.id + k),
          mark: String(mark),
          resultEnteredAt: clock.now(),
          resultEnteredById: enteredBy?.id ?? null,
        };
      });
      exams += (await prisma.giaExam.createMany({ data: rows, skipDuplicates: true })).count;
    }
    if (opts.confirmFinals) {
      // The year marks of the first half (their first-quarter marks), so the rule has something to propose.
      const yearMarks = [...quarter.entries()].filter(([key, v]) => firstHalf.includes(Number(key.split(":")[0])) && /^[2-5]$/.test(v));
      await prisma.finalMark.createMany({
        data: yearMarks.map(([key, value]) => {
          const [studentId, subjectId] = key.split(":").map(Number) as [number, number];
          return { schoolId, studentId, subjectId, yearId: year.id, kind: "YEAR" as const, periodId: null, value };
        }),
        skipDuplicates: true,
      });
    }
  }
  let finals = 0;
  const deputy = opts.confirmFinals ? await prisma.user.findFirst({ where: { schoolId, login: "demo.deputy" }, select: { id: true } }) : null;
  const actor = deputy && (await loadActor(deputy.id));
  if (actor) for (const cls of classes) finals += await confirmProposedFinals(actor, cls.id);
  return { exams, finals };
}

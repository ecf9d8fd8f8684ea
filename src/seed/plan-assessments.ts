/**
 * The demo school's schedule of assessment procedures (R-PLN-6), after the journal, the year's
 * lessons and the КТП are seeded:
 *   - the classes of demo.parent's children and of demo.student: the schedule of the current study
 *     period (the next one when today is past the last) is published by demo.deputy, with a few
 *     assessments the teachers planned on free days, never on a first or last lesson, each in its
 *     own main subject and within the 2.5-week and 10 % rules (diagnostic works only in grade 1,
 *     which has no marks), so that no rule is broken by them;
 *   - two other classes: a few planned assessments, two of them on one day in one class — the
 *     deputy accepted that as a justified exception (a control work moved after a quarantine).
 * Planned works that would still break a rule (the journal and the plans already fill some days)
 * are dropped again. Idempotent: a school that has any planned assessment is left as it is.
 */
import { prisma } from "../lib/db.ts";
import { isoDate, today } from "../lib/dates.ts";
import { loadYearSchedule, periodsOfGrade, type SchedulePeriod } from "../modules/planning/assessments.data.ts";
import { frequencyLimit } from "../modules/planning/assessments.rules.ts";

/** Subjects the demo plans assessments in (not PE, arts or music). */
const CORE =
  /^(Русский язык|Литературное чтение|Математика|Алгебра|Геометрия|Окружающий мир|Английский язык|Литература|История|Обществознание|География|Биология|Физика|Химия|Информатика)/;

export interface AssessmentSeedCounts {
  planned: number;
  published: number;
  exceptions: number;
  skipped: boolean;
}

interface Slot {
  date: Date;
  number: number;
  subjectId: number;
  subgroupId: number;
  teacherId: number;
}

const TITLES: Record<string, string[]> = {
  "Контрольная работа": ["Контрольная работа № 2", "Контрольная работа за четверть", "Контрольная работа по разделу"],
  Тест: ["Тест по разделу", "Итоговый тест"],
  "Диагностическая работа": ["Диагностическая работа"],
  Диктант: ["Контрольный диктант"],
};

/** Lessons of the class in [from, to] that are neither the first nor the last of their day, by date. */
async function middleLessons(schoolId: number, classId: number, from: Date, to: Date): Promise<Slot[]> {
  const lessons = await prisma.lesson.findMany({
    where: { schoolId, classId, date: { gte: from, lte: to }, number: { not: null } },
    select: { date: true, number: true, subjectId: true, subgroupId: true, teacherId: true },
    orderBy: [{ date: "asc" }, { number: "asc" }],
  });
  const bounds = new Map<string, [number, number]>();
  for (const l of lessons) {
    const k = isoDate(l.date);
    const b = bounds.get(k);
    bounds.set(k, b ? [Math.min(b[0], l.number!), Math.max(b[1], l.number!)] : [l.number!, l.number!]);
  }
  return lessons
    .filter((l) => {
      const [first, last] = bounds.get(isoDate(l.date))!;
      return l.number! > first && l.number! < last;
    })
    .map((l) => ({ date: l.date, number: l.number!, subjectId: l.subjectId, subgroupId: l.subgroupId ?? 0, teacherId: l.teacherId }));
}

/** The period of the grade that contains the day, else the next one. */
function periodFor(periods: readonly SchedulePeriod[], day: Date): SchedulePeriod | null {
  return periods.find((p) => p.startDate <= day && day <= p.endDate) ?? periods.find((p) => p.startDate > day) ?? null;
}

export async function seedPlanAssessments(schoolId: number, day: Date = today()): Promise<AssessmentSeedCounts> {
  const none = (skipped: boolean): AssessmentSeedCounts => ({ planned: 0, published: 0, exceptions: 0, skipped });
  if (await prisma.plannedAssessment.findFirst({ where: { schoolId }, select: { id: true } })) return none(true);
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  if (!year) return none(false);
  const types = await prisma.assignmentType.findMany({ where: { schoolId, isAssessment: true, archived: false }, select: { id: true, name: true } });
  if (!types.length) return none(false);
  const deputy = await prisma.user.findFirst({ where: { schoolId, roles: { some: { role: "DEPUTY" } } }, orderBy: { id: "asc" }, select: { personId: true } });
  if (!deputy) return none(false);

  // The families' classes: demo.parent's children and demo.student.
  const family = await prisma.user.findMany({ where: { schoolId, login: { in: ["demo.parent", "demo.student"] } }, select: { personId: true } });
  const personIds = family.map((u) => u.personId);
  const students = await prisma.student.findMany({
    where: { schoolId, OR: [{ personId: { in: personIds } }, { parentLinks: { some: { parentId: { in: personIds } } } }] },
    select: { id: true },
  });
  const memberships = await prisma.classMembership.findMany({
    where: {
      schoolId,
      studentId: { in: students.map((s) => s.id) },
      class: { yearId: year.id },
      fromDate: { lte: day },
      OR: [{ toDate: null }, { toDate: { gte: day } }],
    },
    select: { classId: true },
  });
  const familyClassIds = [...new Set(memberships.map((m) => m.classId))];
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId, yearId: year.id },
    select: { id: true, grade: true },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  const others = classes.filter((c) => !familyClassIds.includes(c.id) && c.grade >= 5).slice(0, 2);
  const chosen = [...classes.filter((c) => familyClassIds.includes(c.id)), ...others];
  const schedule = await loadYearSchedule(
    schoolId,
    year.id,
    chosen.map((c) => c.id),
    day,
  );
  if (!schedule) return none(false);
  const busy = new Set(schedule.entries.map((e) => `${e.classId}:${isoDate(e.date)}`));
  const countOf = new Map<string, number>();
  const datesOf = new Map<string, number[]>();
  for (const e of schedule.entries) {
    const k = `${e.classId}:${e.subjectId}:${e.periodId}`;
    countOf.set(k, (countOf.get(k) ?? 0) + 1);
    const list = datesOf.get(`${e.classId}:${e.subjectId}`) ?? [];
    list.push(e.date.getTime());
    datesOf.set(`${e.classId}:${e.subjectId}`, list);
  }
  const typeId = new Map(types.map((t) => [t.name, t.id]));
  /**
   * Whether one more assessment of the subject on the slot's day stays within the rules: the period's
   * count within the 2.5-week limit, and the year's count within 10 % of the year's lessons.
   */
  const fits = (classId: number, slot: Slot, period: SchedulePeriod) => {
    if (!CORE.test(schedule.subjects.get(slot.subjectId)?.name ?? "")) return false;
    if ((countOf.get(`${classId}:${slot.subjectId}:${period.id}`) ?? 0) + 1 > frequencyLimit(period.startDate, period.endDate)) return false;
    // The share is of the whole year: one more anywhere moves the year's later ones up a place.
    const inYear = (datesOf.get(`${classId}:${slot.subjectId}`) ?? []).length;
    return (inYear + 1) * 10 <= schedule.facts.yearLessons(classId, slot.subjectId);
  };

  let n = 0;
  const rows: { classId: number; slot: Slot; typeId: number; title: string }[] = [];
  /** A kind of work for the subject: diagnostics in grade 1 (no marks there), dictations in Russian, else control works and tests. */
  const pick = (c: { id: number; grade: number }, slot: Slot): boolean => {
    const subject = schedule.subjects.get(slot.subjectId)?.name ?? "";
    const name = c.grade === 1 ? "Диагностическая работа" : subject === "Русский язык" ? "Диктант" : n % 3 === 2 ? "Тест" : "Контрольная работа";
    const id = typeId.get(name) ?? (c.grade === 1 ? undefined : typeId.get("Контрольная работа"));
    if (id === undefined) return false;
    const titles = TITLES[name] ?? [name];
    rows.push({ classId: c.id, slot, typeId: id, title: titles[n % titles.length]! });
    n++;
    return true;
  };
  let published = 0;
  let pair: { classId: number; first: Slot; second: Slot } | null = null;
  for (const c of chosen) {
    const period = periodFor(periodsOfGrade(schedule.periods, c.grade), day);
    if (!period) continue;
    const from = period.startDate > day ? period.startDate : new Date(day.getTime() + 86_400_000);
    const slots = await middleLessons(schoolId, c.id, from, period.endDate);
    const takenDays = new Set<string>();
    const takenSubjects = new Set<number>();
    const wanted = familyClassIds.includes(c.id) ? 4 : 2;
    const free = (slot: Slot) =>
      !busy.has(`${c.id}:${isoDate(slot.date)}`) && !takenDays.has(isoDate(slot.date)) && !takenSubjects.has(slot.subjectId) && fits(c.id, slot, period);
    for (const slot of slots) {
      if (takenSubjects.size >= wanted) break;
      if (!free(slot) || !pick(c, slot)) continue;
      takenDays.add(isoDate(slot.date));
      takenSubjects.add(slot.subjectId);
    }
    if (familyClassIds.includes(c.id)) {
      await prisma.assessmentPublication.create({ data: { schoolId, classId: c.id, periodId: period.id, publishedById: deputy.personId } });
      published++;
    } else if (!pair) {
      // Two works on one free day in one of the other classes: the accepted exception.
      for (const a of slots) {
        if (!free(a)) continue;
        const b = slots.find((x) => x.date.getTime() === a.date.getTime() && x.subjectId !== a.subjectId && free(x));
        if (!b || !pick(c, a) || !pick(c, b)) continue;
        pair = { classId: c.id, first: a, second: b };
        break;
      }
    }
  }
  const created: { id: number; classId: number; date: Date }[] = [];
  for (const r of rows)
    created.push(
      await prisma.plannedAssessment.create({
        data: {
          schoolId,
          classId: r.classId,
          subgroupId: r.slot.subgroupId,
          subjectId: r.slot.subjectId,
          date: r.slot.date,
          lessonNumber: r.slot.number,
          assignmentTypeId: r.typeId,
          title: r.title,
          createdById: r.slot.teacherId,
        },
      }),
    );
  let exceptions = 0;
  let exceptionId: number | null = null;
  if (pair) {
    exceptionId = (
      await prisma.assessmentException.create({
        data: {
          schoolId,
          classId: pair.classId,
          subjectId: pair.second.subjectId,
          date: pair.second.date,
          rule: "one-per-day",
          reason: "Контрольная работа перенесена после карантина в классе; согласовано с родителями на собрании",
          acceptedById: deputy.personId,
        },
      })
    ).id;
    exceptions++;
  }
  // Whatever still breaks a rule (the journal's and the plans' works fill some days) is dropped again.
  const after = await loadYearSchedule(
    schoolId,
    year.id,
    chosen.map((c) => c.id),
    day,
  );
  const broken = new Set<number>();
  for (const e of after?.entries ?? []) if (e.warnings.some((w) => !w.exception)) for (const i of e.items) if (i.plannedId !== null) broken.add(i.plannedId);
  // The excepted pair goes as a whole when either of its works breaks another rule.
  const pairIds = pair ? created.filter((p) => p.classId === pair.classId && p.date.getTime() === pair.first.date.getTime()).map((p) => p.id) : [];
  if (exceptionId !== null && pairIds.some((id) => broken.has(id))) {
    for (const id of pairIds) broken.add(id);
    await prisma.assessmentException.delete({ where: { id: exceptionId } });
    exceptions--;
  }
  if (broken.size) await prisma.plannedAssessment.deleteMany({ where: { id: { in: [...broken] } } });
  return { planned: created.length - broken.size, published, exceptions, skipped: false };
}

/**
 * «Создать нагрузку по учебному плану» (R-PLN-2): for every class of a year, one load row per
 * subject of its curriculum, two (one per subgroup) for the subjects the plan splits — the
 * subgroups «1 группа» and «2 группа» are created when the class has none for that subject.
 * Existing rows are kept: a subject (or a subgroup of it) that already has load is skipped, so a
 * second run adds nothing.
 *
 * TeachingLoad.teacherId is required, so a row is created only when its teacher is known: the
 * teacher who taught the subject to the same class last year (the class one grade lower with the
 * same letter; for a subgroup, the subgroup of the same name), or — in grades 1–4 — the class
 * teacher when they teach that subject in the primary grades. The other rows are not written and
 * are listed as «нужно назначить учителя» (the deputy adds them at /setup/load).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText, fullName } from "../../lib/names.ts";
import { assertCurriculumWritable } from "./curriculum.policy.ts";
import { curriculumKey, loadCurricula } from "./curriculum.service.ts";
import { hoursText } from "./curriculum.text.ts";

export const NEW_SUBGROUP_NAMES = ["1 группа", "2 группа"] as const;

export interface PlannedRow {
  classId: number;
  className: string;
  subjectId: number;
  subject: string;
  /** An existing subgroup, or null (the whole class, or a subgroup to be created: subgroupName set). */
  subgroupId: number | null;
  subgroupName: string | null;
  hours: number;
  hoursText: string;
  teacherId: number | null;
  teacher: string | null;
  /** Why this teacher: taught it last year, or the class teacher of a primary class. */
  source: "last-year" | "class-teacher" | null;
}

export interface LoadCreationPlan {
  rows: PlannedRow[];
  newSubgroups: { classId: number; className: string; subjectId: number; subject: string; name: string }[];
  /** Classes of the year whose grade and profile have no curriculum. */
  noPlan: string[];
}

/** Teachers of the school now: the TEACHER role and not dismissed. */
async function currentTeachers(db: Db, schoolId: number, day: Date) {
  const people = await db.person.findMany({
    where: {
      schoolId,
      user: { is: { roles: { some: { role: "TEACHER" } } } },
      OR: [{ staff: { is: null } }, { staff: { is: { OR: [{ dismissedAt: null }, { dismissedAt: { gt: day } }] } } }],
    },
  });
  return new Map(people.map((p) => [p.id, fullName(p)]));
}

/** The teacher of the rows with the most hours (ties: the first by id). */
function mainTeacher(rows: readonly { teacherId: number; hoursPerWeek: unknown; id: number }[]): number | null {
  const sorted = [...rows].sort((a, b) => Number(b.hoursPerWeek) - Number(a.hoursPerWeek) || a.id - b.id);
  return sorted[0]?.teacherId ?? null;
}

/** What the creation would write for a year (db: prisma for the preview, the transaction for the commit). */
export async function planLoadCreation(db: Db, schoolId: number, year: { id: number; startDate: Date }, day: Date): Promise<LoadCreationPlan> {
  const [classes, curricula, loads, subgroups, subjects, teachers, previous] = await Promise.all([
    db.schoolClass.findMany({ where: { schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { letter: "asc" }] }),
    loadCurricula(db, schoolId, year.id),
    db.teachingLoad.findMany({ where: { schoolId, yearId: year.id } }),
    db.subgroup.findMany({ where: { schoolId, class: { yearId: year.id } } }),
    db.subject.findMany({ where: { schoolId }, select: { id: true, name: true } }),
    currentTeachers(db, schoolId, day),
    db.academicYear.findFirst({ where: { schoolId, startDate: { lt: year.startDate } }, orderBy: { startDate: "desc" } }),
  ]);
  const [prevClasses, prevLoads] = previous
    ? await Promise.all([
        db.schoolClass.findMany({ where: { schoolId, yearId: previous.id } }),
        db.teachingLoad.findMany({ where: { schoolId, yearId: previous.id }, include: { subgroup: true, class: { select: { grade: true } } } }),
      ])
    : [[], []];
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const plans = new Map(curricula.map((c) => [curriculumKey(c.grade, c.profile), c]));
  const prevClassOf = new Map(prevClasses.map((c) => [`${c.grade}|${c.letter}`, c.id]));
  // Primary teachers by subject: who teaches it in grades 1–4 this year or last year.
  const primary = new Set(
    [...loads.filter((l) => classes.find((c) => c.id === l.classId)!.grade <= 4), ...prevLoads.filter((l) => l.class.grade <= 4)].map(
      (l) => `${l.teacherId}|${l.subjectId}`,
    ),
  );

  const plan: LoadCreationPlan = { rows: [], newSubgroups: [], noPlan: [] };
  for (const cls of classes) {
    const curriculum = plans.get(curriculumKey(cls.grade, cls.profile));
    const name = className(cls);
    if (!curriculum) {
      plan.noPlan.push(cls.profile ? `${name} (профиль «${cls.profile}»)` : name);
      continue;
    }
    const own = loads.filter((l) => l.classId === cls.id);
    const prevId = prevClassOf.get(`${cls.grade - 1}|${cls.letter}`);
    const lastYear = (subjectId: number, group: string | null): number | null => {
      const rows = prevLoads.filter((l) => l.classId === prevId && l.subjectId === subjectId);
      const byGroup = group ? rows.filter((l) => l.subgroup?.name === group) : [];
      const whole = rows.filter((l) => l.subgroupId === null);
      const only = new Set(rows.map((l) => l.teacherId)).size === 1 ? rows[0]!.teacherId : null;
      return mainTeacher(byGroup) ?? mainTeacher(whole) ?? (group ? null : only);
    };
    const teacherFor = (subjectId: number, group: string | null): Pick<PlannedRow, "teacherId" | "teacher" | "source"> => {
      const last = lastYear(subjectId, group);
      if (last !== null && teachers.has(last)) return { teacherId: last, teacher: teachers.get(last)!, source: "last-year" };
      const lead = cls.classTeacherId;
      if (!group && cls.grade <= 4 && lead && teachers.has(lead) && primary.has(`${lead}|${subjectId}`))
        return { teacherId: lead, teacher: teachers.get(lead)!, source: "class-teacher" };
      return { teacherId: null, teacher: null, source: null };
    };
    for (const item of curriculum.items) {
      const rows = own.filter((l) => l.subjectId === item.subjectId);
      const base = {
        classId: cls.id,
        className: name,
        subjectId: item.subjectId,
        subject: subjectName.get(item.subjectId) ?? "—",
        hours: item.hours,
        hoursText: hoursText(item.hours),
      };
      if (!item.split) {
        if (!rows.length) plan.rows.push({ ...base, subgroupId: null, subgroupName: null, ...teacherFor(item.subjectId, null) });
        continue;
      }
      if (rows.some((l) => l.subgroupId === null)) continue;
      const groups = subgroups.filter((g) => g.classId === cls.id && g.subjectId === item.subjectId).sort((a, b) => compareText(a.name, b.name));
      const targets: { id: number | null; name: string }[] = groups.length
        ? groups.map((g) => ({ id: g.id, name: g.name }))
        : NEW_SUBGROUP_NAMES.map((n) => ({ id: null, name: n }));
      if (!groups.length)
        for (const n of NEW_SUBGROUP_NAMES)
          plan.newSubgroups.push({ classId: cls.id, className: name, subjectId: item.subjectId, subject: base.subject, name: n });
      for (const g of targets)
        if (g.id === null || !rows.some((l) => l.subgroupId === g.id))
          plan.rows.push({ ...base, subgroupId: g.id, subgroupName: g.name, ...teacherFor(item.subjectId, g.name) });
    }
  }
  return plan;
}

/** The preview of the creation for a year of the actor's school. */
export async function previewLoadCreation(actor: Actor, year: { id: number; startDate: Date }, day: Date) {
  return planLoadCreation(prisma, actor.schoolId, year, day);
}

/**
 * Creates the load from the curriculum in one transaction (the year locked against other setup
 * writes; NotFound, Locked for a closed year): the missing subgroups, then the rows whose teacher is
 * known. Audited (entity "teaching-load"). Returns what was written and the rows left to assign.
 */
export async function createLoadFromCurriculum(actor: Actor, yearId: number, day: Date) {
  return prisma.$transaction(async (tx) => {
    const years = await tx.$queryRaw<{ id: number; name: string; status: string; startDate: Date }[]>`
      SELECT "id", "name", "status"::text AS "status", "startDate" FROM "AcademicYear" WHERE "id" = ${yearId} AND "schoolId" = ${actor.schoolId} FOR NO KEY UPDATE`;
    const year = years[0];
    if (!year) throw new NotFound();
    assertCurriculumWritable(year, "Учебный год закрыт: нагрузку менять нельзя");
    const plan = await planLoadCreation(tx, actor.schoolId, year, day);
    const created = new Map<string, number>();
    for (const g of plan.newSubgroups) {
      const row = await tx.subgroup.create({ data: { schoolId: actor.schoolId, classId: g.classId, subjectId: g.subjectId, name: g.name } });
      created.set(`${g.classId}|${g.subjectId}|${g.name}`, row.id);
    }
    const ready = plan.rows.filter((r) => r.teacherId !== null);
    await tx.teachingLoad.createMany({
      data: ready.map((r) => ({
        schoolId: actor.schoolId,
        yearId: year.id,
        teacherId: r.teacherId!,
        classId: r.classId,
        subgroupId: r.subgroupId ?? (r.subgroupName ? created.get(`${r.classId}|${r.subjectId}|${r.subgroupName}`)! : null),
        subjectId: r.subjectId,
        hoursPerWeek: r.hours,
      })),
    });
    const needTeacher = plan.rows.filter((r) => r.teacherId === null);
    if (ready.length || plan.newSubgroups.length)
      await audit(tx, {
        schoolId: actor.schoolId,
        actorId: actor.userId,
        entity: "teaching-load",
        entityId: year.id,
        action: "create",
        newValue: { year: year.name, fromCurriculum: true, rows: ready.length, subgroups: plan.newSubgroups.length, needTeacher: needTeacher.length },
      });
    return { created: ready.length, subgroups: plan.newSubgroups.length, needTeacher, noPlan: plan.noPlan };
  });
}

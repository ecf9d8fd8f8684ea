/**
 * GET /journal: the actor's journals (teaching load rows of the year: class or subgroup ×
 * subject), lessons the actor substitutes, the journals of the own class, and for staff
 * who may view all journals (R-ACL-2) a picker of any class and subject.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText, shortName } from "../../lib/names.ts";

function journalUrl(classId: number, subjectId: number, subgroupId: number | null): string {
  return `/journal/${classId}/${subjectId}${subgroupId ? `?subgroup=${subgroupId}` : ""}`;
}

const byClassThenSubject = (a: { grade: number; letter: string; subject: string }, b: { grade: number; letter: string; subject: string }) =>
  a.grade - b.grade || compareText(a.letter, b.letter) || compareText(a.subject, b.subject);

/** The journal list for the actor in the chosen year (the current one by default; 404 for another school's year). */
export async function listJournals(actor: Actor, yearId: number | null, now: Date = today()) {
  const years = await prisma.academicYear.findMany({
    where: { schoolId: actor.schoolId },
    orderBy: { startDate: "desc" },
    select: { id: true, name: true, status: true },
  });
  const year = yearId !== null ? years.find((y) => y.id === yearId) : (years.find((y) => y.status === "CURRENT") ?? years[0]);
  if (yearId !== null && !year) throw new NotFound();
  if (!year) return { years, year: null, own: [], substitutions: [], ledClasses: [], classes: [], subjects: [], archive: [] };

  const [loads, subs, led, classes, subjects] = await Promise.all([
    prisma.teachingLoad.findMany({
      where: { schoolId: actor.schoolId, yearId: year.id, teacherId: actor.personId },
      include: { class: true, subject: true, subgroup: true },
    }),
    prisma.lesson.findMany({
      where: { schoolId: actor.schoolId, substituteId: actor.personId, date: { gte: addDays(now, -actor.lockDays) }, class: { yearId: year.id } },
      include: { class: true, subject: true, subgroup: true, teacher: { select: { lastName: true, firstName: true, middleName: true } } },
      orderBy: [{ date: "desc" }, { number: "asc" }],
      take: 50,
    }),
    prisma.schoolClass.findMany({
      where: { schoolId: actor.schoolId, yearId: year.id, classTeacherId: actor.personId },
      // A cross-class group the class hosts is not the class's journal (R-JRN-13): its teacher lists it.
      include: {
        teachingLoads: {
          where: { OR: [{ subgroupId: null }, { subgroup: { kind: null } }] },
          include: { subject: true, subgroup: true, teacher: { select: { lastName: true, firstName: true, middleName: true } } },
        },
      },
    }),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, select: { id: true, grade: true, letter: true } }),
    // A past year's subjects stay in the picker even when archived since (issue 7).
    prisma.subject.findMany({
      where: { schoolId: actor.schoolId, OR: [{ archived: false }, { teachingLoads: { some: { yearId: year.id } } }] },
      orderBy: [{ sortOrder: "asc" }, { name: "asc" }],
      select: { id: true, name: true },
    }),
  ]);

  const own = loads
    .map((l) => ({
      grade: l.class.grade,
      letter: l.class.letter,
      className: className(l.class),
      subject: l.subject.name,
      subgroup: l.subgroup?.name ?? null,
      hours: Number(l.hoursPerWeek),
      url: journalUrl(l.classId, l.subjectId, l.subgroupId),
    }))
    .sort(byClassThenSubject);
  const archive = year.status === "CLOSED" ? await archiveJournals(actor.schoolId, year.id) : [];
  return {
    years,
    year,
    own,
    archive,
    substitutions: subs.map((l) => ({
      id: l.id,
      date: l.date,
      number: l.number,
      className: className(l.class),
      subject: l.subject.name,
      subgroup: l.subgroup?.name ?? null,
      teacher: shortName(l.teacher),
      url: `/journal/lessons/${l.id}`,
    })),
    ledClasses: led.map((c) => ({
      id: c.id,
      name: className(c),
      journals: c.teachingLoads
        .map((l) => ({
          grade: c.grade,
          letter: c.letter,
          subject: l.subject.name,
          subgroup: l.subgroup?.name ?? null,
          teacher: shortName(l.teacher),
          url: journalUrl(c.id, l.subjectId, l.subgroupId),
        }))
        .sort(byClassThenSubject),
    })),
    classes: classes.sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter)).map((c) => ({ value: c.id, label: className(c) })),
    subjects: subjects.map((s) => ({ value: s.id, label: s.name })),
  };
}

/**
 * Issue 7: every journal of a closed year — class (or subgroup) × subject from the year's teaching
 * load and its lessons — grouped by class, for browsing the archive (the grids open read-only).
 */
async function archiveJournals(schoolId: number, yearId: number) {
  const [loads, lessons] = await Promise.all([
    prisma.teachingLoad.findMany({ where: { schoolId, yearId }, select: { classId: true, subjectId: true, subgroupId: true } }),
    prisma.lesson.groupBy({ by: ["classId", "subjectId", "subgroupId"], where: { schoolId, class: { yearId } } }),
  ]);
  const keys = new Map<string, { classId: number; subjectId: number; subgroupId: number | null }>();
  for (const k of [...loads, ...lessons]) keys.set(`${k.classId}:${k.subjectId}:${k.subgroupId ?? ""}`, k);
  if (!keys.size) return [];
  const list = [...keys.values()];
  const [classes, subjects, subgroups] = await Promise.all([
    prisma.schoolClass.findMany({ where: { schoolId, yearId }, select: { id: true, grade: true, letter: true } }),
    prisma.subject.findMany({ where: { schoolId, id: { in: [...new Set(list.map((k) => k.subjectId))] } }, select: { id: true, name: true, sortOrder: true } }),
    prisma.subgroup.findMany({ where: { schoolId, id: { in: list.flatMap((k) => (k.subgroupId ? [k.subgroupId] : [])) } }, select: { id: true, name: true } }),
  ]);
  const subjectOf = new Map(subjects.map((x) => [x.id, x]));
  const groupOf = new Map(subgroups.map((g) => [g.id, g.name]));
  return classes
    .sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter))
    .map((c) => ({
      id: c.id,
      name: className(c),
      journals: list
        .filter((k) => k.classId === c.id && subjectOf.has(k.subjectId))
        .map((k) => ({
          subject: subjectOf.get(k.subjectId)!.name,
          order: subjectOf.get(k.subjectId)!.sortOrder,
          subgroup: k.subgroupId ? (groupOf.get(k.subgroupId) ?? null) : null,
          url: journalUrl(c.id, k.subjectId, k.subgroupId),
        }))
        .sort((a, b) => a.order - b.order || compareText(a.subject, b.subject) || compareText(a.subgroup ?? "", b.subgroup ?? "")),
    }))
    .filter((c) => c.journals.length);
}

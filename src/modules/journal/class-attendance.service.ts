/**
 * The class teacher's attendance pages (R-JRN-9): all lessons of one day of the own class,
 * to turn «Н» into «Б», «УП» or «НП» (audited), and the totals of days and lessons missed
 * per student for a period or the year.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { Forbidden, NotFound, ValidationError } from "../../lib/errors.ts";
import { className, compareNames, fullName, shortName } from "../../lib/names.ts";
import { field, type FieldErrors } from "../../lib/validation.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";
import { periodsForGrade } from "../setup/years.service.ts";
import { writeAttendance } from "./attendance.service.ts";
import { cellKey, onField, reads } from "./journal.context.ts";
import { canUseClassPages, decideLessonEdit, teachesJournal, wasMemberOn, type MembershipSpan } from "./journal.policy.ts";
import { attendanceCode } from "./journal.schemas.ts";
import { pgTransaction } from "./journal.sql.ts";
import { ABSENCE_CODES, ATTENDANCE_LABELS } from "./journal.text.ts";
import { accessOf, correctedCells } from "./grid.service.ts";

/**
 * The class for the class pages: NotFound outside the school, Forbidden unless the actor is
 * its class teacher or a deputy/administrator (R-JRN-9).
 */
export async function classForPages(actor: Actor, classId: number) {
  const cls = await prisma.schoolClass.findFirst({ where: { id: classId, schoolId: actor.schoolId }, include: { year: true } });
  if (!cls) throw new NotFound("Класс не найден");
  if (!canUseClassPages(actor, cls.classTeacherId)) throw new Forbidden("Эта страница доступна классному руководителю класса");
  return { ...cls, name: className(cls) };
}

function spansBy<T extends { studentId: number; fromDate: Date; toDate: Date | null }>(rows: T[], key: (r: T) => string): Map<string, MembershipSpan[]> {
  const map = new Map<string, MembershipSpan[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k) ?? [];
    list.push({ fromDate: r.fromDate, toDate: r.toDate });
    map.set(k, list);
  }
  return map;
}

/** Students and the lessons of the class in [from, to], with who belongs to which lesson (class or subgroup roster on its date). */
async function classLessons(db: Db, schoolId: number, classId: number, from: Date, to: Date) {
  const overlap = { fromDate: { lte: to }, OR: [{ toDate: null }, { toDate: { gte: from } }] };
  const [members, subMembers, lessons] = await reads(db, [
    () => db.classMembership.findMany({ where: { schoolId, classId, ...overlap }, include: { student: { include: { person: true } } } }),
    () =>
      db.subgroupMembership.findMany({
        where: { schoolId, subgroup: { classId }, ...overlap },
        select: { studentId: true, subgroupId: true, fromDate: true, toDate: true },
      }),
    () =>
      db.lesson.findMany({
        where: { schoolId, classId, date: { gte: from, lte: to } },
        orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
        include: {
          subject: { select: { name: true, shortName: true } },
          subgroup: { select: { name: true } },
          attendances: { select: { studentId: true, code: true } },
        },
      }),
  ]);
  const classSpans = spansBy(members, (m) => String(m.studentId));
  const subSpans = spansBy(subMembers, (m) => `${m.subgroupId}:${m.studentId}`);
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  const belongs = (studentId: number, l: { date: Date; subgroupId: number | null }) =>
    wasMemberOn(classSpans.get(String(studentId)) ?? [], l.date) &&
    (l.subgroupId === null || wasMemberOn(subSpans.get(`${l.subgroupId}:${studentId}`) ?? [], l.date));
  return { students, lessons, belongs };
}

/** R-JRN-9: the day's lessons of the class × its students, with attendance and who may change each lesson. */
export async function dailyAttendance(actor: Actor, classId: number, date: Date, now: Date = today()) {
  const cls = await classForPages(actor, classId);
  const [{ students, lessons, belongs }, loads, school, exemptions] = await Promise.all([
    classLessons(prisma, actor.schoolId, classId, date, date),
    prisma.teachingLoad.findMany({
      where: { schoolId: actor.schoolId, classId, teacherId: actor.personId },
      select: { teacherId: true, classId: true, subgroupId: true, subjectId: true },
    }),
    prisma.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { lockDays: true } }),
    prisma.exemption.findMany({
      where: { schoolId: actor.schoolId, fromDate: { lte: date }, toDate: { gte: date }, student: { memberships: { some: { classId } } } },
    }),
  ]);
  const keys = students.flatMap((s) => lessons.map((l) => cellKey.attendance(l.id, s.id)));
  const history = await correctedCells(actor.schoolId, ["attendance"], keys);
  const cols = lessons.map((l) => {
    const facts = {
      classId,
      subgroupId: l.subgroupId,
      subjectId: l.subjectId,
      date: l.date,
      substituteId: l.substituteId,
      yearStatus: cls.year.status,
      yearName: cls.year.name,
      classTeacherId: cls.classTeacherId,
    };
    return {
      id: l.id,
      number: l.number,
      subject: l.subject.name,
      short: l.subject.shortName,
      subgroup: l.subgroup?.name ?? null,
      access: accessOf(decideLessonEdit(actor, facts, teachesJournal(actor, loads, facts), "attendance", now, school.lockDays)),
    };
  });
  const rows = students.map((s) => ({
    id: s.id,
    name: fullName(s.person),
    short: shortName(s.person),
    exempt: exemptions.filter((e) => e.studentId === s.id).map((e) => e.subjectId),
    cells: lessons.map((l) => {
      const code = l.attendances.find((a) => a.studentId === s.id)?.code ?? null;
      return { member: belongs(s.id, l), code, label: code ? ATTENDANCE_LABELS[code] : "", hist: history.has(`attendance|${cellKey.attendance(l.id, s.id)}`) };
    }),
  }));
  return { cls, date, cols, rows, anyEditable: cols.some((c) => c.access !== "ro"), needsReason: cols.some((c) => c.access === "reason") };
}

/**
 * Saves the daily attendance form: `att_<lessonId>_<studentId>` per cell and `day_<studentId>`
 * (one code for all of the student's lessons that day). All values are checked first; then
 * every changed cell goes through writeAttendance in one transaction — all or nothing, each
 * lesson's rules re-asserted on the locked lesson, each change audited.
 */
export async function saveDailyAttendance(actor: Actor, classId: number, date: Date, body: Record<string, unknown>, now: Date = today()): Promise<number> {
  await classForPages(actor, classId);
  const reason = field.optionalText(500).safeParse(body.reason);
  if (!reason.success) throw new ValidationError({ reason: reason.error.issues[0]!.message });
  const { students, lessons, belongs } = await classLessons(prisma, actor.schoolId, classId, date, date);
  const errors: FieldErrors = {};
  const changes: { field: string; lessonId: number; studentId: number; code: AttendanceCode | null }[] = [];
  for (const s of students) {
    const day = attendanceCode.safeParse(body[`day_${s.id}`]);
    if (!day.success) errors[`day_${s.id}`] = day.error.issues[0]!.message;
    for (const l of lessons) {
      if (!belongs(s.id, l)) continue;
      const name = `att_${l.id}_${s.id}`;
      const raw = day.success && day.data ? day.data : body[name];
      if (raw === undefined) continue;
      const p = attendanceCode.safeParse(raw);
      if (!p.success) errors[name] = p.error.issues[0]!.message;
      else if (p.data !== (l.attendances.find((a) => a.studentId === s.id)?.code ?? null))
        changes.push({ field: name, lessonId: l.id, studentId: s.id, code: p.data });
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  // Each write locks its lesson: always in the same order, so two saves of the same day cannot deadlock.
  changes.sort((a, b) => a.lessonId - b.lessonId);
  return pgTransaction(async (c) => {
    let changed = 0;
    for (const { field: name, lessonId, studentId, code } of changes)
      if ((await onField(name, () => writeAttendance(c, actor, lessonId, { studentId, code, reason: reason.data }, now))).changed) changed++;
    return changed;
  });
}

export interface AbsenceTotals {
  lessons: number;
  ill: number;
  valid: number;
  invalid: number;
  unknown: number;
  late: number;
  days: number;
  daysValid: number;
  daysIll: number;
}

/**
 * R-JRN-9: per student, lessons and days missed in [from, to]. A day counts as missed when
 * the student missed every lesson of the class (and own subgroups) that day; it is «по
 * уважительной причине» when all those absences are Б or УП, «по болезни» when all are Б.
 */
export async function absenceTotals(actor: Actor, classId: number, periodId: number | null, now: Date = today()) {
  const cls = await classForPages(actor, classId);
  const periods = await periodsForGrade(cls.yearId, cls.grade);
  const period = periodId === null ? null : periods.find((p) => p.id === periodId);
  if (periodId !== null && !period) throw new NotFound("Период не найден");
  const from = period?.startDate ?? cls.year.startDate;
  const to = period?.endDate ?? cls.year.endDate;
  const { students, lessons, belongs } = await classLessons(prisma, actor.schoolId, classId, from, to);
  const rows = students.map((s) => {
    const t: AbsenceTotals = { lessons: 0, ill: 0, valid: 0, invalid: 0, unknown: 0, late: 0, days: 0, daysValid: 0, daysIll: 0 };
    const days = new Map<string, (AttendanceCode | null)[]>();
    let any = false;
    for (const l of lessons) {
      if (!belongs(s.id, l)) continue;
      any = true;
      const code = l.attendances.find((a) => a.studentId === s.id)?.code ?? null;
      const day = days.get(isoDate(l.date)) ?? [];
      day.push(code);
      days.set(isoDate(l.date), day);
      if (code === "LATE") t.late++;
      if (!code || !ABSENCE_CODES.includes(code)) continue;
      t.lessons++;
      if (code === "ILL") t.ill++;
      else if (code === "VALID") t.valid++;
      else if (code === "INVALID") t.invalid++;
      else t.unknown++;
    }
    for (const codes of days.values()) {
      if (!codes.every((c) => c !== null && ABSENCE_CODES.includes(c))) continue;
      t.days++;
      if (codes.every((c) => c === "ILL" || c === "VALID")) t.daysValid++;
      if (codes.every((c) => c === "ILL")) t.daysIll++;
    }
    return { id: s.id, name: fullName(s.person), member: any, totals: t };
  });
  const sum = rows.reduce<AbsenceTotals>(
    (a, r) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof AbsenceTotals] + r.totals[k as keyof AbsenceTotals]])) as unknown as AbsenceTotals,
    { lessons: 0, ill: 0, valid: 0, invalid: 0, unknown: 0, late: 0, days: 0, daysValid: 0, daysIll: 0 },
  );
  return { cls, periods, period, from, to: to < now ? to : now, rows, sum };
}

/**
 * The demo school's substitutions (issue 17, «Журнал замещения уроков», 001 §4.5.1): a teacher was ill
 * for a few days last month and another this month, and their lessons were given by colleagues of the
 * same subject where one was free, otherwise by any free teacher; two substitutions are already
 * planned for the coming days. Entered as demo.deputy enters them («Изменения на дату»: saveChange,
 * which checks that the substitute is free and updates the lessons), so the timetable of those days,
 * the journal («замена») and the register agree. Idempotent: a school with any substitution is left alone.
 */
import { loadActor } from "../access/actor.ts";
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";
import { isoWeekday } from "../modules/schedule/schedule.common.ts";
import { ValidationError } from "../lib/errors.ts";
import { saveChange, teacherOptions } from "../modules/schedule/changes.service.ts";

/** Days (relative to today) a teacher was away: three school days a month ago, two last week, and two ahead. */
const ABSENCES: { from: number; days: number; teacherNo: number }[] = [
  { from: -33, days: 3, teacherNo: 3 },
  { from: -8, days: 2, teacherNo: 7 },
  { from: 1, days: 2, teacherNo: 11 },
];

export async function seedSubstitutions(schoolId: number): Promise<{ lessons: number }> {
  if (await prisma.timetableChange.count({ where: { schoolId, kind: "SUBSTITUTE" } })) return { lessons: 0 };
  const deputy = await prisma.user.findFirst({ where: { schoolId, login: "demo.deputy" }, select: { id: true } });
  const actor = deputy && (await loadActor(deputy.id));
  const year = actor?.currentYearId ? await prisma.academicYear.findUnique({ where: { id: actor.currentYearId } }) : null;
  if (!actor || !year) return { lessons: 0 };
  const teachers = await teacherOptions(prisma, schoolId);
  // Who teaches which subjects (the colleagues asked first).
  const loads = await prisma.teachingLoad.findMany({ where: { schoolId, yearId: year.id }, select: { teacherId: true, subjectId: true } });
  const subjectsOf = new Map<number, Set<number>>();
  for (const l of loads) subjectsOf.set(l.teacherId, (subjectsOf.get(l.teacherId) ?? new Set()).add(l.subjectId));
  const withLoad = teachers.filter((t) => subjectsOf.has(t.value));
  let lessons = 0;
  for (const a of ABSENCES) {
    const away = withLoad[a.teacherNo % withLoad.length];
    if (!away) continue;
    let date = addDays(today(), a.from);
    for (let n = 0; n < a.days; date = addDays(date, 1)) {
      if (isoWeekday(date) > 5) continue;
      n++;
      if (date < year.startDate || date > year.endDate) continue;
      const entries = await prisma.timetableEntry.findMany({
        where: {
          schoolId,
          yearId: year.id,
          teacherId: away.value,
          weekday: isoWeekday(date),
          validFrom: { lte: date },
          OR: [{ validTo: null }, { validTo: { gte: date } }],
        },
        orderBy: { number: "asc" },
      });
      for (const e of entries) {
        const colleagues = withLoad.filter((t) => t.value !== away.value && subjectsOf.get(t.value)!.has(e.subjectId));
        const others = withLoad.filter((t) => t.value !== away.value && !colleagues.includes(t));
        for (const sub of [...colleagues, ...others]) {
          try {
            await saveChange(actor, e.id, date, {
              kind: "SUBSTITUTE",
              substituteId: sub.value,
              roomId: null,
              newDate: null,
              newNumber: null,
              note: "Болезнь учителя",
            });
            lessons++;
            break;
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
          }
        }
      }
    }
  }
  return { lessons };
}

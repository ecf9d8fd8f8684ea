/**
 * The demo school's events (issue 18): a handful of school and class events this month and next,
 * and one weekly «Разговоры о важном» (Mondays 08:00–08:45, grades 1–11, one RRULE row until the
 * end of May) with one cancelled Monday (an EXDATE). Written directly (no notifications: the demo's
 * families did not just receive them). Idempotent: a school with events is left as it is.
 */
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";
import { weeklyRule } from "../modules/events/events.service.ts";

export async function seedEvents(schoolId: number, now: Date = today()): Promise<number> {
  if (await prisma.schoolEvent.count({ where: { schoolId } })) return 0;
  const author =
    (await prisma.user.findFirst({ where: { schoolId, login: "demo.admin" }, select: { id: true } })) ??
    (await prisma.user.findFirst({ where: { schoolId, roles: { some: { role: "ADMIN" } } }, orderBy: { id: "asc" }, select: { id: true } }));
  if (!author) return 0;
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" }, select: { id: true } });
  const cls = year
    ? await prisma.schoolClass.findFirst({
        where: { schoolId, yearId: year.id, classTeacherId: { not: null } },
        orderBy: [{ grade: "desc" }, { letter: "asc" }],
      })
    : null;
  const classAuthor = cls?.classTeacherId ? await prisma.user.findFirst({ where: { schoolId, personId: cls.classTeacherId }, select: { id: true } }) : null;

  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const firstMonday = addDays(first, (8 - first.getUTCDay()) % 7);
  const endOfMay = new Date(Date.UTC(now.getUTCMonth() >= 8 ? now.getUTCFullYear() + 1 : now.getUTCFullYear(), 4, 31));
  const nextMonday = addDays(now, ((8 - now.getUTCDay()) % 7) + 7); // the Monday after next: cancelled
  const day = (n: number) => addDays(now, n);
  const base = { schoolId, authorId: author.id, exdates: [] as Date[] };
  const rows = [
    {
      ...base,
      title: "Разговоры о важном",
      description: "Еженедельное внеурочное занятие для всех классов.",
      place: "Классные кабинеты",
      audience: "GRADES" as const,
      grades: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
      startDate: firstMonday,
      endDate: firstMonday,
      startMinute: 480,
      endMinute: 525,
      rrule: weeklyRule(["MO"], endOfMay),
      untilDate: endOfMay,
      exdates: [nextMonday],
    },
    {
      ...base,
      title: "Новогодний концерт",
      place: "Актовый зал",
      audience: "SCHOOL" as const,
      startDate: day(5),
      endDate: day(5),
      startMinute: 900,
      endMinute: 990,
    },
    {
      ...base,
      title: "Педагогический совет",
      place: "Учительская",
      audience: "STAFF" as const,
      startDate: day(9),
      endDate: day(9),
      startMinute: 840,
      endMinute: 960,
    },
    {
      ...base,
      title: "Общешкольное родительское собрание",
      description: "Итоги полугодия, планы на второе полугодие.",
      place: "Актовый зал",
      audience: "PARENTS" as const,
      startDate: day(16),
      endDate: day(16),
      startMinute: 1080,
      endMinute: 1140,
    },
    {
      ...base,
      title: "Лыжные соревнования",
      place: "Стадион",
      audience: "GRADES" as const,
      grades: [5, 6, 7],
      startDate: day(30),
      endDate: day(31),
      startMinute: null,
      endMinute: null,
    },
    ...(cls
      ? [
          {
            ...base,
            authorId: classAuthor?.id ?? author.id,
            title: `Экскурсия ${cls.grade}${cls.letter} в краеведческий музей`,
            place: "Краеведческий музей",
            audience: "CLASSES" as const,
            classIds: [cls.id],
            startDate: day(2),
            endDate: day(2),
            startMinute: 780,
            endMinute: 900,
          },
        ]
      : []),
  ];
  await prisma.schoolEvent.createMany({ data: rows });
  return rows.length;
}

/**
 * The demo school's cross-class groups (issue 17, R-JRN-13): the elective «Финансовая грамотность»
 * for half of 8А and half of 8Б (graded: topics, attendance, marks) and a ГПД for some pupils of
 * grades 1–2 (not graded: topics and attendance). Each has a load line and weekly timetable
 * entries after the classes' own last lesson of the day, and its lessons of the year: those up to today
 * given (in the elective, one control work a study period), the later ones as the timetable makes them (the later ones come from the timetable's generator with the rest of the year).
 * Idempotent: a school that has a cross-class group is left as it is.
 */
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";
import type { AttendanceCode, StudyGroupKind } from "../generated/prisma/enums.ts";

export interface CrossGroupSeedCounts {
  groups: number;
  members: number;
  lessons: number;
  marks: number;
  attendance: number;
}

const FINANCE_TOPICS = [
  "Что такое деньги и откуда они берутся",
  "Семейный бюджет: доходы и расходы",
  "Личный финансовый план",
  "Банковская карта: правила безопасности",
  "Вклады и проценты",
  "Кредиты: как не попасть в долговую яму",
  "Финансовое мошенничество",
  "Налоги и зачем их платить",
  "Страхование: защита от рисков",
  "Как открыть своё дело",
];
const GPD_TOPICS = ["Прогулка на свежем воздухе", "Самоподготовка: домашнее задание", "Занятие по интересам: рисование", "Подвижные игры", "Чтение вслух"];

export interface GroupPlan {
  kind: StudyGroupKind;
  name: string;
  subject: { name: string; shortName: string; gradingMode: "MARKS" | "NONE" };
  grades: [number, number];
  weekdays: number[];
  topics: string[];
  /** Every n-th pupil of the grades' classes joins. */
  every: number;
}

export const DEMO_GROUPS: readonly GroupPlan[] = [
  {
    kind: "ELECTIVE",
    name: "Финансовая грамотность, 8 классы",
    subject: { name: "Финансовая грамотность", shortName: "Фин. гр.", gradingMode: "MARKS" },
    grades: [8, 8],
    weekdays: [4],
    topics: FINANCE_TOPICS,
    every: 2,
  },
  {
    kind: "GPD",
    name: "ГПД, 1–2 классы",
    subject: { name: "Группа продлённого дня", shortName: "ГПД", gradingMode: "NONE" },
    grades: [1, 2],
    weekdays: [1, 2, 3, 4, 5],
    topics: GPD_TOPICS,
    every: 3,
  },
];

/** Seeds the demo's cross-class groups (`plans`, DEMO_GROUPS by default); null when the school already has one. */
export async function seedCrossGroups(schoolId: number, opts: { until?: Date; plans?: readonly GroupPlan[] } = {}): Promise<CrossGroupSeedCounts | null> {
  const until = opts.until ?? today();
  if (await prisma.subgroup.count({ where: { schoolId, kind: { not: null } } })) return null;
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  if (!year) return null;
  const counts: CrossGroupSeedCounts = { groups: 0, members: 0, lessons: 0, marks: 0, attendance: 0 };
  const type = await prisma.assignmentType.findFirst({
    where: { schoolId, isControl: false, archived: false },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  const control = await prisma.assignmentType.findFirst({
    where: { schoolId, isControl: true, archived: false },
    orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
  });
  const holidays = await prisma.holiday.findMany({ where: { schoolId, yearId: year.id } });

  for (const [planIndex, plan] of (opts.plans ?? DEMO_GROUPS).entries()) {
    const [gradeFrom, gradeTo] = plan.grades;
    const classes = await prisma.schoolClass.findMany({
      where: { schoolId, yearId: year.id, grade: { gte: gradeFrom, lte: gradeTo } },
      orderBy: [{ grade: "asc" }, { letter: "asc" }],
    });
    const host = classes[0];
    if (!host || classes.length < 2) continue;
    const teacherId =
      (await prisma.teachingLoad.findFirst({ where: { classId: host.id, subject: { name: "Математика" } }, orderBy: { id: "asc" } }))?.teacherId ??
      host.classTeacherId;
    if (!teacherId) continue;
    const subject =
      (await prisma.subject.findFirst({ where: { schoolId, name: plan.subject.name } })) ??
      (await prisma.subject.create({ data: { schoolId, ...plan.subject, sortOrder: 900 + planIndex } }));
    const group = await prisma.subgroup.create({
      data: { schoolId, classId: host.id, subjectId: subject.id, name: plan.name, kind: plan.kind, gradeTo: gradeTo === gradeFrom ? null : gradeTo },
    });
    counts.groups++;

    // Members: every n-th current pupil of each class, from the year's start (or the day they joined the class).
    const memberships = await prisma.classMembership.findMany({
      where: { schoolId, classId: { in: classes.map((c) => c.id) }, toDate: null },
      orderBy: [{ classId: "asc" }, { studentId: "asc" }],
    });
    const members = memberships.filter((_, i) => i % plan.every === 0);
    const since = new Map(members.map((m) => [m.studentId, m.fromDate > year.startDate ? m.fromDate : year.startDate]));
    await prisma.subgroupMembership.createMany({
      data: members.map((m) => ({ schoolId, subgroupId: group.id, studentId: m.studentId, fromDate: since.get(m.studentId)! })),
    });
    counts.members += members.length;

    await prisma.teachingLoad.create({
      data: { schoolId, yearId: year.id, teacherId, classId: host.id, subgroupId: group.id, subjectId: subject.id, hoursPerWeek: plan.weekdays.length },
    });
    // The group meets after the last lesson of its classes that day (within the bell schedule's slots).
    const maxSlot = (await prisma.bellSlot.findFirst({ where: { schoolId, schedule: { isDefault: true } }, orderBy: { number: "desc" } }))?.number ?? 8;
    const entries = new Map<number, { id: number; number: number }>();
    for (const weekday of plan.weekdays) {
      const last = await prisma.timetableEntry.findFirst({
        where: { schoolId, yearId: year.id, classId: { in: classes.map((c) => c.id) }, weekday, validTo: null },
        orderBy: { number: "desc" },
      });
      const number = Math.min((last?.number ?? 0) + 1, maxSlot);
      const e = await prisma.timetableEntry.create({
        data: {
          schoolId,
          yearId: year.id,
          classId: host.id,
          subgroupId: group.id,
          subjectId: subject.id,
          teacherId,
          weekday,
          number,
          validFrom: year.startDate,
        },
      });
      entries.set(weekday, { id: e.id, number });
    }

    // Lessons from the start of the year to today, on the group's weekdays inside its grades' study periods, outside holidays.
    const periods = await prisma.studyPeriod.findMany({
      where: { schoolId, yearId: year.id, periodSet: { gradeFrom: { lte: gradeFrom }, gradeTo: { gte: gradeFrom } } },
    });
    const inPeriod = (d: Date) => periods.some((p) => p.startDate <= d && d <= p.endDate);
    const onHoliday = (d: Date) =>
      holidays.some((h) => h.startDate <= d && d <= h.endDate && (h.gradeFrom === null || (h.gradeFrom <= gradeTo && (h.gradeTo ?? 11) >= gradeFrom)));
    let n = 0;
    const future: { date: Date; number: number; timetableEntryId: number }[] = [];
    for (let d = year.startDate; d <= year.endDate; d = addDays(d, 1)) {
      const entry = entries.get(d.getUTCDay());
      if (!entry || !inPeriod(d) || onHoliday(d)) continue;
      if (d > until) {
        future.push({ date: d, number: entry.number, timetableEntryId: entry.id });
        continue;
      }
      const lesson = await prisma.lesson.create({
        data: {
          schoolId,
          classId: host.id,
          subgroupId: group.id,
          subjectId: subject.id,
          teacherId,
          date: d,
          number: entry.number,
          timetableEntryId: entry.id,
          topic: plan.topics[n % plan.topics.length]!,
          attendanceCheckedAt: d,
        },
      });
      counts.lessons++;
      // Attendance: a pupil or two missing, now and then late.
      const absent = members.filter((_, i) => (i + n) % 7 === 0);
      const codes: AttendanceCode[] = ["ILL", "VALID", "LATE", "ABSENT"];
      const att = absent.map((m, i) => ({ schoolId, lessonId: lesson.id, studentId: m.studentId, code: codes[(n + i) % codes.length]! }));
      if (att.length) await prisma.attendance.createMany({ data: att });
      counts.attendance += att.length;
      // Marks where the course is graded: three present pupils a lesson.
      if (plan.subject.gradingMode === "MARKS" && type) {
        const away = new Set(att.filter((a) => a.code !== "LATE").map((a) => a.studentId));
        const marked = members.filter((m, i) => !away.has(m.studentId) && (i + n) % 4 === 0).slice(0, 3);
        if (marked.length) {
          const work = await prisma.lessonWork.create({ data: { schoolId, lessonId: lesson.id, assignmentTypeId: type.id } });
          await prisma.mark.createMany({
            data: marked.map((m, i) => ({ schoolId, lessonId: lesson.id, workId: work.id, studentId: m.studentId, value: 3 + ((n + i) % 3) })),
          });
          counts.marks += marked.length;
        }
      }
      n++;
    }
    // The rest of the year's lessons, as the timetable's generator makes them (only the group's: the host class's own stay as they are).
    await prisma.lesson.createMany({
      data: future.map((f) => ({ schoolId, classId: host.id, subgroupId: group.id, subjectId: subject.id, teacherId, ...f })),
    });
    if (plan.subject.gradingMode === "MARKS" && control) counts.marks += await controlWorks(schoolId, group.id, host.id, control.id, members, until);
  }
  return counts;
}

/**
 * One control work a study period in a graded group (R-PLN-6: a course of one lesson a week may hold
 * it on any lesson; at most one a class a day, so on the period's latest group lesson whose day has
 * no other control work in the host class), marked for the members present. Returns the marks written.
 */
async function controlWorks(
  schoolId: number,
  groupId: number,
  hostId: number,
  typeId: number,
  members: readonly { studentId: number }[],
  until: Date,
): Promise<number> {
  const lessons = await prisma.lesson.findMany({
    where: { schoolId, subgroupId: groupId, date: { lte: until } },
    include: { attendances: true },
    orderBy: { date: "desc" },
  });
  const grade = (await prisma.schoolClass.findUniqueOrThrow({ where: { id: hostId } })).grade;
  const periods = await prisma.studyPeriod.findMany({
    where: {
      schoolId,
      startDate: { lte: until },
      year: { classes: { some: { id: hostId } } },
      periodSet: { gradeFrom: { lte: grade }, gradeTo: { gte: grade } },
    },
  });
  let written = 0;
  const done = new Set<number>();
  for (const l of lessons) {
    const period = periods.find((p) => p.startDate <= l.date && l.date <= p.endDate);
    if (!period || done.has(period.number)) continue;
    const busy = await prisma.lessonWork.count({ where: { schoolId, assignmentType: { isControl: true }, lesson: { classId: hostId, date: l.date } } });
    if (busy) continue;
    done.add(period.number);
    const work = await prisma.lessonWork.create({
      data: { schoolId, lessonId: l.id, assignmentTypeId: typeId, topic: `Контрольная работа по темам ${period.number}-й четверти` },
    });
    const away = new Set(l.attendances.filter((a) => a.code !== "LATE").map((a) => a.studentId));
    const present = members.filter((m) => !away.has(m.studentId));
    await prisma.mark.createMany({
      data: present.map((m, i) => ({ schoolId, lessonId: l.id, workId: work.id, studentId: m.studentId, value: 3 + ((i + period.number) % 3) })),
    });
    written += present.length;
  }
  return written;
}

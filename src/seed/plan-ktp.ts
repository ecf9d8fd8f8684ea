/**
 * Calendar-thematic plans (КТП) of the demo school (R-PLN-3, R-JRN-10, R-JRN-11), drawn from the
 * journal already seeded so that plan and journal agree: for every journal (class or subgroup ×
 * subject of the year's load) the lessons given so far become the plan's first topics — a run of
 * lessons with one topic is one topic of that many hours, «Контрольная работа/Диктант по теме …»
 * a control work, a lesson with a laboratory or practical work such a work — and those lessons are
 * linked to their topics (Lesson.planItemId). The rest of the year continues the subject's topic
 * list (src/seed/journal-topics.ts) up to the curriculum's hours for the year (planning.hours.ts:
 * weekly hours × the grade's study weeks), with control works where the journal has them, on the
 * lessons the rules of the assessment schedule allow (plan-ktp-controls.ts, R-PLN-6), and a final
 * repetition. Sections are the quarters (halves in 10–11).
 *
 * Who sees what: most journals follow an approved plan (reviewed by demo.deputy in September), one
 * of them in its second version (the first kept as history); about one journal in eleven has no
 * plan; two plans wait for approval; demo.teacher's second journal has a plan returned with a
 * comment (it is short of hours) and the third none. The library holds three templates by the
 * deputy (Математика 5, Русский язык 5, Физика 7); plans of those subjects and grades name the
 * template they were copied from. Idempotent: a school that has any plan is left as it is.
 */
import type { PlanStatus, PlanWorkKind } from "../generated/prisma/enums.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { prisma } from "../lib/db.ts";
import { addDays, today } from "../lib/dates.ts";
import { className, compareText } from "../lib/names.ts";
import { countStudyDays, yearHoursIndex, type DateRange } from "../modules/planning/planning.hours.ts";
import { controlSpacing } from "./journal-controls.ts";
import { CONTROL_LESSON_TYPE, LESSON_TYPES, extraWorks, topicList } from "./journal-topics.ts";
import { KtpControls } from "./plan-ktp-controls.ts";
import { subjectKind, type SubjectKind } from "./subject-kinds.ts";

export interface PlanSeedCounts {
  plans: number;
  templates: number;
  items: number;
  approved: number;
  submitted: number;
  returned: number;
  withoutPlan: number;
  linkedLessons: number;
}

const NONE: PlanSeedCounts = { plans: 0, templates: 0, items: 0, approved: 0, submitted: 0, returned: 0, withoutPlan: 0, linkedLessons: 0 };

interface Topic {
  section: string | null;
  topic: string;
  hours: number;
  lessonType: string | null;
  workKind: PlanWorkKind | null;
  /** Lessons given on this topic (linked after the plan is written). */
  lessons: number[];
}

interface Period extends DateRange {
  name: string;
}

const ROMAN = ["I", "II", "III", "IV"];
const CONTROL_TOPIC = /^(Контрольная работа|Диктант) /;
const FINAL_TOPIC = "Итоговое повторение и обобщение за год";
const RETURN_COMMENT = (short: number, target: number) =>
  `В КТП не хватает ${short} ч до ${target} ч учебного плана. Добавьте итоговое повторение в мае и итоговую контрольную работу, затем отправьте план снова.`;

/** The kind of a lesson's second work that a plan names (R-JRN-10). */
function workKindOfName(name: string): PlanWorkKind | null {
  return /^Лабораторн/.test(name) ? "LABORATORY" : /^Практическ/.test(name) ? "PRACTICAL" : null;
}

/** Sections by period: the name of the period a topic starts in, on its first topic only. */
function withSections(topics: (Omit<Topic, "section"> & { period: number })[], periods: readonly Period[]): Topic[] {
  let last = -1;
  return topics.map(({ period, ...t }) => {
    const section = period !== last && periods[period] ? periods[period].name : null;
    last = period;
    return { ...t, section };
  });
}

/**
 * Topics after the given ones up to `target` hours, continuing the subject's list: `perTopic`
 * hours each, a control work where `control(h)` allows one to start at the h-th hour of these
 * (plan-ktp-controls.ts: by the rules of the assessment schedule; a topic is cut to one hour when
 * the control work may start in its second; `control(h, false)` only asks), a laboratory or practical
 * work every fifth topic where the subject has them, and the year's repetition at the end.
 */
function continueTopics(
  kind: SubjectKind,
  grade: number,
  from: string | null,
  hours: number,
  perTopic: number,
  control: ((h: number, take?: boolean) => boolean) | null,
) {
  const list = topicList(kind, grade);
  let idx = from ? list.indexOf(from) : -1;
  const practical = workKindOfName(extraWorks(kind)[0] ?? "");
  const out: Omit<Topic, "section" | "lessons">[] = [];
  let left = hours;
  let n = 0;
  while (left > perTopic + (control ? 1 : 0)) {
    if (control?.(hours - left)) {
      const previous = out[out.length - 1]?.topic ?? list[0]!;
      out.push({ topic: `Контрольная работа по теме «${previous}»`, hours: 1, lessonType: CONTROL_LESSON_TYPE, workKind: "CONTROL" });
      left -= 1;
      continue;
    }
    idx = (idx + 1) % list.length;
    n++;
    // A shorter topic when a control work may start in its second hour (and not at the next topic).
    const h = perTopic > 1 && control?.(hours - left + 1, false) ? 1 : Math.min(perTopic, left);
    const work = practical && n % 5 === 0 ? practical : null;
    out.push({ topic: list[idx]!, hours: h, lessonType: work ? "Урок-практикум" : LESSON_TYPES[0], workKind: work });
    left -= h;
  }
  if (control && left > 1 && control(hours - left)) {
    out.push({ topic: "Итоговая контрольная работа", hours: 1, lessonType: CONTROL_LESSON_TYPE, workKind: "CONTROL" });
    left -= 1;
  }
  if (left > 0) out.push({ topic: FINAL_TOPIC, hours: left, lessonType: LESSON_TYPES[3], workKind: null });
  return out;
}

/** A template's control works: one when `spacing` hours have passed since the last (or the start). */
function spacedControls(spacing: number): (h: number, take?: boolean) => boolean {
  let last = 0;
  return (h, take = true) => {
    if (h - last < spacing) return false;
    if (take) last = h;
    return true;
  };
}

/** PlanItem rows of topics, positions 1…n. */
function rowsOf(schoolId: number, list: readonly Topic[]) {
  return list.map((t, n) => ({
    schoolId,
    position: n + 1,
    section: t.section,
    topic: t.topic,
    hours: t.hours,
    lessonType: t.lessonType,
    workKind: t.workKind,
  }));
}

/** The index of the period a day falls in (the last one before it when between periods). */
function periodOf(periods: readonly Period[], day: Date): number {
  let at = 0;
  for (const [i, p] of periods.entries()) if (p.startDate <= day) at = i;
  return at;
}

export async function seedThematicPlans(schoolId: number, prefix = "demo"): Promise<PlanSeedCounts> {
  if (await prisma.thematicPlan.count({ where: { schoolId } })) return NONE;
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  if (!year) return NONE;
  const [school, named, deputies, loads, lessons, works, sets] = await Promise.all([
    prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { weekDays: true } }),
    prisma.user.findMany({ where: { schoolId, login: { in: [`${prefix}.deputy`, `${prefix}.teacher`] } }, select: { login: true, personId: true } }),
    prisma.user.findMany({ where: { schoolId, roles: { some: { role: "DEPUTY" } } }, orderBy: { id: "asc" }, select: { personId: true } }),
    prisma.teachingLoad.findMany({
      where: { schoolId, yearId: year.id },
      include: {
        class: { select: { grade: true, letter: true, profile: true } },
        subgroup: { select: { name: true } },
        subject: { select: { name: true, sortOrder: true } },
      },
      orderBy: { id: "asc" },
    }),
    prisma.lesson.findMany({
      where: { schoolId, class: { yearId: year.id } },
      select: { id: true, classId: true, subgroupId: true, subjectId: true, date: true, number: true, topic: true, lessonType: true },
      orderBy: [{ date: "asc" }, { number: "asc" }, { id: "asc" }],
    }),
    prisma.lessonWork.findMany({
      where: { schoolId, lesson: { class: { yearId: year.id } }, assignmentType: { name: { in: ["Лабораторная работа", "Практическая работа"] } } },
      select: { lessonId: true, assignmentType: { select: { name: true } } },
    }),
    prisma.periodSet.findMany({ where: { schoolId, yearId: year.id }, include: { periods: { orderBy: { number: "asc" } } } }),
  ]);
  const deputy = named.find((u) => u.login === `${prefix}.deputy`)?.personId ?? deputies[0]?.personId;
  if (deputy === undefined) return NONE;
  const demoTeacher = named.find((u) => u.login === `${prefix}.teacher`)?.personId ?? null;
  const hoursIndex = await yearHoursIndex(prisma, schoolId, year.id);
  const day = today();
  const workOf = new Map(works.map((w) => [w.lessonId, workKindOfName(w.assignmentType.name)]));
  const periodsOf = (grade: number): Period[] => {
    const set = sets.find((s) => s.gradeFrom <= grade && grade <= s.gradeTo);
    return (set?.periods ?? []).map((p) => ({ ...p, name: set!.kind === "HALF" ? `${p.number} полугодие` : `${ROMAN[p.number - 1] ?? p.number} четверть` }));
  };
  const ktpControls = new KtpControls(lessons, (l) => l.date <= day && CONTROL_TOPIC.test(l.topic ?? ""));
  const lessonsOf = new Map<string, typeof lessons>();
  for (const l of lessons) {
    const k = `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}`;
    (lessonsOf.get(k) ?? lessonsOf.set(k, []).get(k)!).push(l);
  }
  const weekDaysOf = (grade: number) => (grade === 1 ? 5 : school.weekDays === 5 ? 5 : 6);
  /** The year's hours of a subject in a grade: the curriculum's, else the load's weekly hours × the study weeks. */
  const targetOf = (grade: number, profile: string, subjectId: number, perWeek: number) =>
    Math.round(hoursIndex.of(grade, profile, subjectId)?.total ?? perWeek * hoursIndex.weeks(grade, weekDaysOf(grade)).weeks);

  // The journals, in class and subject order (the order decides which ones are left without a plan).
  const seen = new Set<string>();
  const journals = loads
    .filter((l) => {
      const k = `${l.classId}:${l.subgroupId ?? 0}:${l.subjectId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(
      (a, b) =>
        a.class.grade - b.class.grade ||
        compareText(a.class.letter, b.class.letter) ||
        a.subject.sortOrder - b.subject.sortOrder ||
        compareText(a.subject.name, b.subject.name) ||
        compareText(a.subgroup?.name ?? "", b.subgroup?.name ?? ""),
    );

  // The library: three templates by the deputy.
  const templates = new Map<string, number>();
  const templateDefs: [string, number][] = [
    ["Математика", 5],
    ["Русский язык", 5],
    ["Физика", 7],
  ];
  let itemCount = 0;
  for (const [name, grade] of templateDefs) {
    const load = journals.find((j) => j.subject.name === name && j.class.grade === grade);
    if (!load) continue;
    const perWeek = Number(load.hoursPerWeek);
    const target = targetOf(grade, "", load.subjectId, perWeek);
    const periods = periodsOf(grade);
    const days = periods.map((p) => countStudyDays([p], [], weekDaysOf(grade)));
    const all = days.reduce((s, x) => s + x, 0) || 1;
    let cum = 0;
    const topics = continueTopics(subjectKind(name), grade, null, target, perWeek >= 3 ? 2 : 1, spacedControls(controlSpacing(perWeek))).map((t) => {
      // The period a topic falls in by the share of the year's study days before it.
      let share = cum / target;
      let period = 0;
      for (const [i, d] of days.entries()) {
        if (share < d / all) {
          period = i;
          break;
        }
        share -= d / all;
        period = i;
      }
      cum += t.hours;
      return { ...t, lessons: [], period };
    });
    const plan = await prisma.thematicPlan.create({
      data: {
        schoolId,
        subjectId: load.subjectId,
        grade,
        isTemplate: true,
        title: `${name}, ${grade} класс — шаблон (${perWeek} ч в неделю)`,
        authorId: deputy,
        note: "Шаблон методического объединения: скопируйте его в свой КТП и поправьте под свой класс.",
        items: { create: rowsOf(schoolId, withSections(topics, periods)) },
      },
    });
    itemCount += topics.length;
    templates.set(`${load.subjectId}|${grade}`, plan.id);
  }

  // A plan per journal, written in bulk below (one version 2 with its version 1 afterwards).
  type Spec = { data: Omit<Prisma.ThematicPlanCreateManyInput, "id">; topics: Topic[]; journal: (typeof journals)[number] | null };
  const specs: Spec[] = [];
  let second: { first: Spec; data: Spec["data"]; topics: Topic[]; journal: (typeof journals)[number] } | null = null;
  const counts = { ...NONE, templates: templates.size };
  const ownJournals = demoTeacher !== null ? journals.filter((j) => j.teacherId === demoTeacher) : [];
  const returnedJournal = ownJournals[1] ?? null;
  const skippedOwn = ownJournals[2] ?? null;
  let submitted = 0;
  for (const [i, j] of journals.entries()) {
    const own = j.teacherId === demoTeacher;
    if (j === skippedOwn || (!own && i % 11 === 5)) {
      counts.withoutPlan++;
      continue;
    }
    const key = `${j.classId}:${j.subgroupId ?? 0}:${j.subjectId}`;
    const periods = periodsOf(j.class.grade);
    const given = (lessonsOf.get(key) ?? []).filter((l) => l.date <= day && l.topic);
    const future = (lessonsOf.get(key) ?? []).filter((l) => l.date > day);
    // Lessons given: runs of one topic.
    const past: (Omit<Topic, "section"> & { period: number })[] = [];
    for (const l of given) {
      const last = past[past.length - 1];
      if (last && last.topic === l.topic) {
        last.hours++;
        last.lessons.push(l.id);
        last.workKind ??= workOf.get(l.id) ?? null;
        continue;
      }
      past.push({
        topic: l.topic!,
        hours: 1,
        lessonType: l.lessonType,
        workKind: CONTROL_TOPIC.test(l.topic!) ? "CONTROL" : (workOf.get(l.id) ?? null),
        lessons: [l.id],
        period: periodOf(periods, l.date),
      });
    }
    const perWeek = Number(j.hoursPerWeek);
    const target = targetOf(j.class.grade, j.class.profile, j.subjectId, perWeek);
    const pastHours = past.reduce((s, t) => s + t.hours, 0);
    const lastPlain = [...past].reverse().find((t) => t.workKind !== "CONTROL")?.topic ?? null;
    const controls = past.some((t) => t.workKind === "CONTROL");
    // The future control works where the schedule's rules allow them (plan-ktp-controls.ts).
    const placing = controls
      ? ktpControls.journal({
          classId: j.classId,
          subjectId: j.subjectId,
          hoursPerWeek: perWeek,
          future,
          given: given.length,
          lastControl: given.map((l) => CONTROL_TOPIC.test(l.topic!)).lastIndexOf(true),
          periods,
        }).accept
      : null;
    let hour = 0;
    const next = continueTopics(subjectKind(j.subject.name), j.class.grade, lastPlain, Math.max(0, target - pastHours), perWeek >= 3 ? 2 : 1, placing).map(
      (t) => {
        const at = future[hour]?.date ?? future[future.length - 1]?.date ?? year.endDate;
        hour += t.hours;
        return { ...t, lessons: [], period: periodOf(periods, at) };
      },
    );
    let topics = withSections([...past, ...next], periods);

    const returned = j === returnedJournal;
    const pending = !own && !returned && submitted < 2 && i % 13 === 6;
    if (pending) submitted++;
    if (returned) {
      // Short of hours: the year's last topics are missing (the comment says so).
      while (topics.length > past.length + 1 && target - topics.reduce((s, t) => s + t.hours, 0) < 3) topics = topics.slice(0, -1);
    }
    const status: PlanStatus = returned ? "RETURNED" : pending ? "SUBMITTED" : "APPROVED";
    const submittedAt = pending ? addDays(day, -1 - (i % 3)) : addDays(year.startDate, 2 + (i % 6));
    const reviewedAt = pending ? null : addDays(submittedAt, 2);
    const total = topics.reduce((s, t) => s + t.hours, 0);
    const data: Spec["data"] = {
      schoolId,
      subjectId: j.subjectId,
      grade: j.class.grade,
      profile: j.class.profile,
      yearId: year.id,
      title: `${j.subject.name}, ${j.class.grade} класс — ${className(j.class)}${j.subgroup ? `, ${j.subgroup.name}` : ""}`,
      authorId: j.teacherId,
      copiedFromId: templates.get(`${j.subjectId}|${j.class.grade}`) ?? null,
      status,
      submittedAt,
      reviewedAt,
      reviewedById: pending ? null : deputy,
      reviewComment: returned ? RETURN_COMMENT(target - total, target) : null,
    };
    counts[status === "APPROVED" ? "approved" : status === "SUBMITTED" ? "submitted" : "returned"]++;
    // One approved plan of another teacher in its second version: the first (without the last control work) kept as history.
    if (!second && status === "APPROVED" && !own && controls && next.some((t) => t.workKind === "CONTROL")) {
      const dropAt = topics.map((t) => t.workKind).lastIndexOf("CONTROL");
      const firstTopics = topics
        .filter((_, n) => n !== dropAt)
        .map((t, n, all) => (n === all.length - 1 ? { ...t, hours: t.hours + 1, lessons: [] } : { ...t, lessons: [] }));
      const first: Spec = { data: { ...data, supersededAt: addDays(year.startDate, 44) }, topics: firstTopics, journal: null };
      specs.push(first);
      const v2 = {
        ...data,
        version: 2,
        submittedAt: addDays(year.startDate, 42),
        reviewedAt: addDays(year.startDate, 44),
        reviewComment: "Добавлена итоговая контрольная работа",
      };
      second = { first, data: v2, topics, journal: j };
      continue;
    }
    specs.push({ data, topics, journal: j });
  }

  // Plans (in input order: one INSERT … RETURNING), the second version, topics, journals, lesson links.
  const created = await prisma.thematicPlan.createManyAndReturn({ data: specs.map((x) => x.data), select: { id: true } });
  const planOf = new Map<Spec, number>(specs.map((x, n) => [x, created[n]!.id]));
  const all: { spec: Spec; id: number }[] = specs.map((x) => ({ spec: x, id: planOf.get(x)! }));
  if (second) {
    const v2 = await prisma.thematicPlan.create({ data: { ...second.data, previousId: planOf.get(second.first)! }, select: { id: true } });
    all.push({ spec: { data: second.data, topics: second.topics, journal: second.journal }, id: v2.id });
  }
  const itemRows = all.flatMap(({ spec, id }) => rowsOf(schoolId, spec.topics).map((r) => ({ ...r, planId: id })));
  // One statement for all topics (Prisma's createMany takes seconds for the demo school's 18 000 rows).
  await prisma.$executeRaw`
    INSERT INTO "PlanItem" ("schoolId", "planId", "position", "section", "topic", "hours", "lessonType", "workKind")
    SELECT ${schoolId}, x.p, x.pos, x.sec, x.t, x.h, x.lt, x.wk::"PlanWorkKind"
      FROM unnest(${itemRows.map((r) => r.planId)}::int[], ${itemRows.map((r) => r.position)}::int[], ${itemRows.map((r) => r.section)}::text[],
                  ${itemRows.map((r) => r.topic)}::text[], ${itemRows.map((r) => r.hours)}::int[], ${itemRows.map((r) => r.lessonType)}::text[],
                  ${itemRows.map((r) => r.workKind)}::text[]) AS x(p, pos, sec, t, h, lt, wk)`;
  await prisma.planAssignment.createMany({
    data: all.flatMap(({ spec, id }) =>
      spec.journal
        ? [
            {
              schoolId,
              planId: id,
              yearId: year.id,
              classId: spec.journal.classId,
              subgroupId: spec.journal.subgroupId ?? 0,
              subjectId: spec.journal.subjectId,
              assignedById: spec.journal.teacherId,
            },
          ]
        : [],
    ),
  });
  counts.plans = all.length;

  // The lessons given follow their topics (R-JRN-11).
  const links = all.flatMap(({ spec, id }) =>
    spec.journal ? spec.topics.flatMap((t, n) => t.lessons.map((lesson) => ({ lesson, plan: id, position: n + 1 }))) : [],
  );
  if (links.length) {
    const items = await prisma.planItem.findMany({
      where: { schoolId, planId: { in: [...new Set(links.map((l) => l.plan))] } },
      select: { id: true, planId: true, position: true },
    });
    const idOf = new Map(items.map((i) => [`${i.planId}:${i.position}`, i.id]));
    for (let k = 0; k < links.length; k += 5000) {
      const chunk = links.slice(k, k + 5000);
      counts.linkedLessons += await prisma.$executeRaw`
        UPDATE "Lesson" AS l SET "planItemId" = m.item
          FROM unnest(${chunk.map((c) => c.lesson)}::int[], ${chunk.map((c) => idOf.get(`${c.plan}:${c.position}`)!)}::int[]) AS m(id, item)
         WHERE l.id = m.id`;
    }
  }
  return { ...counts, items: itemCount + itemRows.length };
}

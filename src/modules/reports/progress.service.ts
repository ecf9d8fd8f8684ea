/**
 * R-RPT-3: progress and quality at the end of a period or the year, from the final marks
 * (FinalMark PERIOD / YEAR). Per class and the school, per subject and per teacher:
 *   % успеваемости = attested students without «2», «1», «н/а», «незач» ÷ attested × 100;
 *   % качества     = students with only «4» and «5» (and «зач») ÷ attested × 100;
 *   средний балл   = the mean of the numeric finals; СОУ = (n5 + .64 n4 + .36 n3 + .16 n2 + .08 n1) ÷ N.
 * A student is attested with at least one final other than «осв». Lists: отличники (only
 * 5), хорошисты (4 and 5, at least one 4), с одной «3», неуспевающие (a 2, 1, н/а or незач).
 * Compared with the previous period (for the year: the last period). The same for one
 * teacher's class-subjects (?teacher=). Set-based read of the finals, the rest in memory.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareNames, compareText, fullName, shortName } from "../../lib/names.ts";
import { FAILING } from "./reports.text.ts";
import { periodsOfYear, schoolInfo, yearOf, type YearPeriod } from "./reports.common.ts";
import { visibleJournal } from "./reports.policy.ts";
import { assertClassesInScope, assertTeacherInScope, scopeOf } from "./reports.scope.ts";
import { studentLevel, subjectLevel, type Category, type Item } from "./progress.figures.ts";

export { classify, delta, pctOf, type Category, type Figures, type MarkStats } from "./progress.figures.ts";
export { progressDoc, progressSubtitle } from "./progress.doc.ts";

const FINALS_SQL = `
SELECT f."studentId", cls."classId", f."subjectId", f.value,
       (SELECT tl."teacherId" FROM "TeachingLoad" tl
         WHERE tl."classId" = cls."classId" AND tl."subjectId" = f."subjectId"
           AND (tl."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = tl."subgroupId" AND sm."studentId" = f."studentId"))
         ORDER BY tl."subgroupId" NULLS LAST, tl.id LIMIT 1) AS "teacherId"
  FROM "FinalMark" f
  JOIN LATERAL (
    SELECT cm."classId" FROM "ClassMembership" cm JOIN "SchoolClass" c ON c.id = cm."classId"
     WHERE cm."studentId" = f."studentId" AND c."yearId" = $2 AND cm."fromDate" <= $5::date
     ORDER BY cm."fromDate" DESC LIMIT 1) cls ON true
 WHERE f."schoolId" = $1 AND f."yearId" = $2 AND f.kind = $3::"FinalMarkKind"
   AND ($4::int[] IS NULL OR f."periodId" = ANY($4::int[]))`;

async function finals(schoolId: number, yearId: number, kind: "PERIOD" | "YEAR", periodIds: number[] | null, end: Date): Promise<Item[]> {
  const r = await pgPool().query<Item>(FINALS_SQL, [schoolId, yearId, kind, periodIds, isoDate(end)]);
  return r.rows;
}

export interface ProgressInput {
  yearId: unknown;
  /** A period id, or "year". */
  period: unknown;
  classIds: number[];
  teacherId: number | null;
}

/** R-RPT-3: the report for the actor's scope. NotFound for an unknown period, a class or teacher outside the scope. */
export async function progressReport(actor: Actor, input: ProgressInput) {
  const scope = await scopeOf(actor, "progress");
  const school = await schoolInfo(actor);
  const year = await yearOf(actor, input.yearId);
  await assertClassesInScope(actor, scope, year.id, input.classIds);
  await assertTeacherInScope(actor, scope, year.id, input.teacherId);
  const periods = await periodsOfYear(year.id);
  const isYear = input.period === "year" || (input.period === undefined && !periods.length);
  let period: YearPeriod | null = null;
  if (!isYear) {
    const id = Number(input.period);
    period = periods.find((p) => p.id === id) ?? (input.period === undefined ? defaultPeriod(periods) : null);
    if (!period) throw new NotFound("Период не найден");
  }
  const prev = period ? periods.filter((p) => p.periodSetId === period.periodSetId && p.number === period.number - 1) : lastPeriods(periods);
  const end = period?.endDate ?? year.endDate;
  const [cur, before, classes, teachersAll] = await Promise.all([
    finals(actor.schoolId, year.id, period ? "PERIOD" : "YEAR", period ? [period.id] : null, end),
    prev.length
      ? finals(
          actor.schoolId,
          year.id,
          "PERIOD",
          prev.map((p) => p.id),
          prev[0]!.endDate,
        )
      : Promise.resolve([] as Item[]),
    prisma.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, select: { id: true, grade: true, letter: true } }),
    prisma.person.findMany({ where: { schoolId: actor.schoolId, teachingLoads: { some: { yearId: year.id } } } }),
  ]);
  const subjects = await prisma.subject.findMany({ where: { schoolId: actor.schoolId }, select: { id: true, name: true } });
  const classOf = new Map(classes.map((c) => [c.id, c]));
  const subjectName = new Map(subjects.map((s) => [s.id, s.name]));
  const teacherOf = new Map(teachersAll.map((p) => [p.id, p]));
  const teacherFilter = input.teacherId && teacherOf.has(input.teacherId) ? input.teacherId : null;
  const keep = (it: Item) =>
    visibleJournal(scope, { classId: it.classId, teacherId: it.teacherId }) &&
    (!input.classIds.length || input.classIds.includes(it.classId)) &&
    (teacherFilter === null || it.teacherId === teacherFilter);
  const items = cur.filter(keep);
  const prevItems = before.filter(keep);

  const group = <K>(list: readonly Item[], key: (i: Item) => K) => {
    const m = new Map<K, Item[]>();
    for (const i of list) m.set(key(i), [...(m.get(key(i)) ?? []), i]);
    return m;
  };
  const students = await prisma.student.findMany({ where: { id: { in: [...new Set(items.map((i) => i.studentId))] } }, include: { person: true } });
  const personOf = new Map(students.map((s) => [s.id, s.person]));

  const byClass = group(items, (i) => i.classId);
  const prevByClass = group(prevItems, (i) => i.classId);
  const classRows = [...byClass.entries()]
    .map(([classId, list]) => {
      const cls = classOf.get(classId)!;
      const s = studentLevel(list);
      const p = prevByClass.has(classId) ? studentLevel(prevByClass.get(classId)!) : null;
      const names = (c: Category) =>
        [...s.cats.entries()]
          .filter(([, x]) => x === c)
          .map(([id]) => personOf.get(id)!)
          .sort(compareNames)
          .map((p2) => fullName(p2));
      const detail = (c: Category, pick: (v: string) => boolean) =>
        [...s.cats.entries()]
          .filter(([, x]) => x === c)
          .map(([id]) => ({
            id,
            person: personOf.get(id)!,
            subjects: list
              .filter((i) => i.studentId === id && pick(i.value))
              .map((i) => `${subjectName.get(i.subjectId) ?? "?"} (${i.value})`)
              .sort(compareText),
          }))
          .sort((a, b) => compareNames(a.person, b.person))
          .map((x) => `${fullName(x.person)}: ${x.subjects.join(", ")}`);
      return {
        classId,
        name: className(cls),
        grade: cls.grade,
        letter: cls.letter,
        students: s.cats.size,
        ...s,
        prev: p,
        lists: {
          excellent: names("excellent"),
          good: names("good"),
          one3: detail("one3", (v) => v === "3"),
          failing: detail("failing", (v) => FAILING.has(v)),
        },
      };
    })
    .sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter));

  const bySubject = group(items, (i) => i.subjectId);
  const prevBySubject = group(prevItems, (i) => i.subjectId);
  const subjectRows = [...bySubject.entries()]
    .map(([subjectId, list]) => ({
      subjectId,
      name: subjectName.get(subjectId) ?? "?",
      ...subjectLevel(list),
      prev: prevBySubject.has(subjectId) ? subjectLevel(prevBySubject.get(subjectId)!) : null,
    }))
    .sort((a, b) => compareText(a.name, b.name));

  const tKey = (i: Item) => `${i.teacherId ?? 0}|${i.classId}|${i.subjectId}`;
  const byTeacher = group(items, tKey);
  const prevByTeacher = group(prevItems, tKey);
  const teacherRows = [...byTeacher.entries()]
    .map(([k, list]) => {
      const [t, c, s] = k.split("|").map(Number) as [number, number, number];
      const person = teacherOf.get(t);
      return {
        key: k,
        teacherId: t || null,
        teacher: person ? shortName(person) : "—",
        person,
        className: className(classOf.get(c)!),
        grade: classOf.get(c)!.grade,
        subject: subjectName.get(s) ?? "?",
        ...subjectLevel(list),
        prev: prevByTeacher.has(k) ? subjectLevel(prevByTeacher.get(k)!) : null,
      };
    })
    .sort(
      (a, b) =>
        (a.person && b.person ? compareNames(a.person, b.person) : 0) ||
        a.grade - b.grade ||
        compareText(a.className, b.className) ||
        compareText(a.subject, b.subject),
    );

  const total = studentLevel(items);
  const prevTotal = prevItems.length ? studentLevel(prevItems) : null;
  return {
    school,
    year,
    periods,
    period,
    isYear: !period,
    prevPeriods: prev,
    teacherId: teacherFilter,
    teacherName: teacherFilter ? fullName(teacherOf.get(teacherFilter)!) : null,
    teachers: scope.all ? teachersAll.sort(compareNames).map((p) => ({ value: p.id, label: fullName(p) })) : [],
    classIds: input.classIds,
    scope,
    total: { ...total, students: total.cats.size },
    prevTotal,
    classRows,
    subjectRows,
    teacherRows,
  };
}

export type ProgressReport = Awaited<ReturnType<typeof progressReport>>;

/** The period that ended last before today, else the first. */
function defaultPeriod(periods: YearPeriod[]): YearPeriod | null {
  const now = today().getTime();
  const ended = periods.filter((p) => p.endDate.getTime() < now).sort((a, b) => b.endDate.getTime() - a.endDate.getTime());
  return ended[0] ?? periods[0] ?? null;
}

/** The last period of each period set (compared with the year's marks). */
function lastPeriods(periods: YearPeriod[]): YearPeriod[] {
  const last = new Map<number, YearPeriod>();
  for (const p of periods) if (!last.has(p.periodSetId) || last.get(p.periodSetId)!.number < p.number) last.set(p.periodSetId, p);
  return [...last.values()];
}

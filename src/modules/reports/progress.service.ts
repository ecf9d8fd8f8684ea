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
import { num, periodsOfYear, ratio, schoolInfo, yearOf, type ReportDoc, type YearPeriod } from "./reports.common.ts";
import { scopeOf, visibleJournal } from "./reports.policy.ts";

export type Category = "excellent" | "good" | "one3" | "three" | "failing" | "none";

/** A student's category from all the finals considered. */
export function classify(values: readonly string[]): Category {
  const v = values.filter((x) => x !== "осв");
  if (!v.length) return "none";
  if (v.some((x) => FAILING.has(x))) return "failing";
  const numeric = v.filter((x) => /^[1-5]$/.test(x)).map(Number);
  if (!numeric.length) return v.includes("зач") ? "excellent" : "none";
  const threes = numeric.filter((x) => x === 3).length;
  if (threes === 0) return numeric.every((x) => x === 5) ? "excellent" : "good";
  return threes === 1 ? "one3" : "three";
}

export interface MarkStats {
  attested: number;
  passed: number;
  quality: number;
  n: [number, number, number, number, number, number]; // index 1..5: count of each mark; 0 unused
  numeric: number;
  sum: number;
}

function emptyStats(): MarkStats {
  return { attested: 0, passed: 0, quality: 0, n: [0, 0, 0, 0, 0, 0], numeric: 0, sum: 0 };
}

function addValue(s: MarkStats, value: string) {
  if (value === "осв") return;
  if (/^[1-5]$/.test(value)) {
    const x = Number(value);
    s.n[x]!++;
    s.numeric++;
    s.sum += x;
  }
}

export interface Figures {
  attested: number;
  passedPct: number | null;
  qualityPct: number | null;
  average: number | null;
  sou: number | null;
}

function figures(s: MarkStats): Figures {
  const [, n1, n2, n3, n4, n5] = s.n;
  return {
    attested: s.attested,
    passedPct: ratio(s.passed, s.attested),
    qualityPct: ratio(s.quality, s.attested),
    average: s.numeric ? s.sum / s.numeric : null,
    sou: s.numeric ? ((n5 + 0.64 * n4 + 0.36 * n3 + 0.16 * n2 + 0.08 * n1) / s.numeric) * 100 : null,
  };
}

interface Item {
  studentId: number;
  classId: number;
  subjectId: number;
  teacherId: number | null;
  value: string;
}

/** Per-student aggregation: categories count students, marks count marks. */
function studentLevel(items: readonly Item[]) {
  const byStudent = new Map<number, string[]>();
  const stats = emptyStats();
  for (const it of items) {
    byStudent.set(it.studentId, [...(byStudent.get(it.studentId) ?? []), it.value]);
    addValue(stats, it.value);
  }
  const cats = new Map<number, Category>();
  for (const [id, values] of byStudent) {
    const c = classify(values);
    cats.set(id, c);
    if (c === "none") continue;
    stats.attested++;
    if (c !== "failing") stats.passed++;
    if (c === "excellent" || c === "good") stats.quality++;
  }
  const count = (c: Category) => [...cats.values()].filter((x) => x === c).length;
  return { ...figures(stats), excellent: count("excellent"), good: count("good"), one3: count("one3"), failing: count("failing"), cats };
}

/** Per-subject aggregation: each final is one student's result in that subject. */
function subjectLevel(items: readonly Item[]) {
  const stats = emptyStats();
  for (const it of items) {
    if (it.value === "осв") continue;
    addValue(stats, it.value);
    stats.attested++;
    if (!FAILING.has(it.value)) stats.passed++;
    if (it.value === "4" || it.value === "5" || it.value === "зач") stats.quality++;
  }
  return { ...figures(stats), n: stats.n };
}

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

/** R-RPT-3: the report for the actor's scope. NotFound for an unknown period. */
export async function progressReport(actor: Actor, input: ProgressInput) {
  const scope = await scopeOf(actor, "progress");
  const school = await schoolInfo(actor);
  const year = await yearOf(actor, input.yearId);
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

/** «+2,5» / «−1,0» change in percentage points or marks; empty without a previous value. */
export function delta(cur: number | null, prev: number | null | undefined, digits = 1): string {
  if (cur === null || prev === null || prev === undefined) return "";
  const d = cur - prev;
  const s = Math.abs(d).toFixed(digits).replace(".", ",");
  return d > 0.00001 ? `+${s}` : d < -0.00001 ? `−${s}` : "0";
}

export const pctOf = (v: number | null) => (v === null ? "—" : `${v.toFixed(1).replace(".", ",")} %`);

/** The report as tables for the PDF and spreadsheet. */
export function progressDoc(r: ProgressReport): ReportDoc {
  const R = (x: number) => ({ width: x, align: "right" as const });
  const classCols = [
    { header: "Класс", width: 1 },
    { header: "Аттестовано", ...R(1.2) },
    { header: "Отличники", ...R(1.1) },
    { header: "Хорошисты", ...R(1.1) },
    { header: "С одной «3»", ...R(1.1) },
    { header: "Неуспев.", ...R(1) },
    { header: "Успеваемость", ...R(1.3) },
    { header: "Качество", ...R(1.2) },
    { header: "Средний балл", ...R(1.1) },
    { header: "СОУ", ...R(1) },
    { header: "Δ успев.", ...R(1) },
    { header: "Δ кач.", ...R(1) },
  ];
  const classLine = (name: string, c: ReturnType<typeof studentLevel>, p: ReturnType<typeof studentLevel> | null) => [
    name,
    String(c.attested),
    String(c.excellent),
    String(c.good),
    String(c.one3),
    String(c.failing),
    pctOf(c.passedPct),
    pctOf(c.qualityPct),
    num(c.average),
    pctOf(c.sou),
    delta(c.passedPct, p?.passedPct),
    delta(c.qualityPct, p?.qualityPct),
  ];
  const subjCols = [
    { header: "Предмет", width: 2.4 },
    { header: "«5»", ...R(0.7) },
    { header: "«4»", ...R(0.7) },
    { header: "«3»", ...R(0.7) },
    { header: "«2»", ...R(0.7) },
    { header: "Успеваемость", ...R(1.3) },
    { header: "Качество", ...R(1.2) },
    { header: "Средний балл", ...R(1.1) },
    { header: "СОУ", ...R(1) },
    { header: "Δ успев.", ...R(1) },
    { header: "Δ кач.", ...R(1) },
    { header: "Δ ср. балла", ...R(1) },
  ];
  type SubjectLine = ReturnType<typeof subjectLevel>;
  const subjLine = (name: string, s: SubjectLine, p: SubjectLine | null) => [
    name,
    String(s.n[5]),
    String(s.n[4]),
    String(s.n[3]),
    String(s.n[2] + s.n[1]),
    pctOf(s.passedPct),
    pctOf(s.qualityPct),
    num(s.average),
    pctOf(s.sou),
    delta(s.passedPct, p?.passedPct),
    delta(s.qualityPct, p?.qualityPct),
    delta(s.average, p?.average, 2),
  ];
  const notes: string[] = [];
  for (const c of r.classRows) {
    const parts: [string, string[]][] = [
      ["Отличники", c.lists.excellent],
      ["Хорошисты", c.lists.good],
      ["С одной «3»", c.lists.one3],
      ["Неуспевающие", c.lists.failing],
    ];
    notes.push(`${c.name}: ` + parts.map(([h, l]) => `${h} (${l.length}): ${l.length ? l.join("; ") : "—"}`).join(". "));
  }
  return {
    title: "Успеваемость и качество знаний",
    subtitle: progressSubtitle(r),
    tables: [
      {
        heading: "По классам",
        columns: classCols,
        rows: [...r.classRows.map((c) => classLine(c.name, c, c.prev)), classLine("По школе", r.total, r.prevTotal)],
        bold: [r.classRows.length],
      },
      { heading: "По предметам", columns: subjCols, rows: r.subjectRows.map((s) => subjLine(s.name, s, s.prev)) },
      { heading: "По учителям", columns: subjCols, rows: r.teacherRows.map((t) => subjLine(`${t.teacher}: ${t.className} ${t.subject}`, t, t.prev)) },
    ],
    notes,
    landscape: true,
    filename: `progress-${r.period ? `period-${r.period.id}` : `year-${r.year.id}`}`,
  };
}

export function progressSubtitle(r: ProgressReport): string {
  const what = r.period ? `${r.period.label} ${r.year.name}` : `${r.year.name} учебный год (годовые отметки)`;
  const cmp = r.prevPeriods.length ? `; сравнение: ${r.prevPeriods.map((p) => p.label).join(", ")}` : "";
  return `${what}${r.teacherName ? `; учитель ${r.teacherName}` : ""}${cmp}`;
}

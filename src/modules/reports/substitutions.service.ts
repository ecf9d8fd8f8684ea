/**
 * «Журнал замещения уроков» (001 §4.5.1, issue 17): per month, every lesson another teacher gave in
 * place of the one of the load — date, lesson number, class (and subgroup), subject, who was replaced,
 * who replaced, whether the lesson is already given (today or earlier) or only planned — and the totals
 * for payroll: hours given per substituting teacher, hours missed per replaced teacher. The
 * administrator, the deputies and HR (entity substitution-report). One statement.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool } from "../../lib/db.ts";
import { formatDate, isoDate, today } from "../../lib/dates.ts";
import { compareNames, compareText, fullName } from "../../lib/names.ts";
import { monthOf, schoolInfo, type ReportDoc } from "./reports.common.ts";
import { scopeOf } from "./reports.scope.ts";

interface Row {
  lessonId: number;
  date: Date;
  number: number | null;
  grade: number;
  letter: string;
  subgroup: string | null;
  subject: string;
  topic: string | null;
  teacherId: number;
  tLast: string;
  tFirst: string;
  tMiddle: string | null;
  substituteId: number;
  sLast: string;
  sFirst: string;
  sMiddle: string | null;
}

const SQL = `
SELECT l.id AS "lessonId", l.date, l.number, c.grade, c.letter, g.name AS subgroup, s.name AS subject, l.topic,
       t.id AS "teacherId", t."lastName" AS "tLast", t."firstName" AS "tFirst", t."middleName" AS "tMiddle",
       r.id AS "substituteId", r."lastName" AS "sLast", r."firstName" AS "sFirst", r."middleName" AS "sMiddle"
  FROM "Lesson" l
  JOIN "SchoolClass" c ON c.id = l."classId"
  JOIN "Subject" s ON s.id = l."subjectId"
  JOIN "Person" t ON t.id = l."teacherId"
  JOIN "Person" r ON r.id = l."substituteId"
  LEFT JOIN "Subgroup" g ON g.id = l."subgroupId"
 WHERE l."schoolId" = $1 AND l."substituteId" IS NOT NULL AND l."substituteId" <> l."teacherId"
   AND l.date BETWEEN $2::date AND $3::date
 ORDER BY l.date, l.number NULLS LAST, c.grade, c.letter, s.name`;

export interface SubstitutionTotal {
  personId: number;
  name: string;
  /** Lessons given (or missed) up to today. */
  given: number;
  /** Lessons of the month still ahead. */
  planned: number;
}

/** The month's register (?month=YYYY-MM, the current month otherwise). 403 outside the report's roles. */
export async function substitutionRegister(actor: Actor, input: { month: unknown }, now: Date = today()) {
  await scopeOf(actor, "substitutions");
  const school = await schoolInfo(actor);
  const month = monthOf(input.month, now);
  const { rows } = await pgPool().query<Row>(SQL, [actor.schoolId, isoDate(month.from), isoDate(month.to)]);
  const done = (r: Row) => r.date.getTime() <= now.getTime();
  const lessons = rows.map((r) => ({
    lessonId: r.lessonId,
    date: r.date,
    number: r.number,
    className: `${r.grade}${r.letter}${r.subgroup ? ` (${r.subgroup})` : ""}`,
    subject: r.subject,
    topic: r.topic?.trim() || null,
    teacher: fullName({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle }),
    substitute: fullName({ lastName: r.sLast, firstName: r.sFirst, middleName: r.sMiddle }),
    given: done(r),
  }));
  const totals = (id: (r: Row) => number, name: (r: Row) => { lastName: string; firstName: string; middleName: string | null }) => {
    const by = new Map<number, SubstitutionTotal & { sort: { lastName: string; firstName: string; middleName: string | null } }>();
    for (const r of rows) {
      const key = id(r);
      const t = by.get(key) ?? { personId: key, name: fullName(name(r)), given: 0, planned: 0, sort: name(r) };
      if (done(r)) t.given++;
      else t.planned++;
      by.set(key, t);
    }
    return [...by.values()]
      .sort((a, b) => compareNames(a.sort, b.sort) || compareText(a.name, b.name))
      .map((t): SubstitutionTotal => ({ personId: t.personId, name: t.name, given: t.given, planned: t.planned }));
  };
  const substitutes = totals(
    (r) => r.substituteId,
    (r) => ({ lastName: r.sLast, firstName: r.sFirst, middleName: r.sMiddle }),
  );
  const replaced = totals(
    (r) => r.teacherId,
    (r) => ({ lastName: r.tLast, firstName: r.tFirst, middleName: r.tMiddle }),
  );
  const given = lessons.filter((l) => l.given).length;
  return { school, month, lessons, substitutes, replaced, total: { given, planned: lessons.length - given } };
}

export type SubstitutionRegister = Awaited<ReturnType<typeof substitutionRegister>>;

/** The register as PDF and .xlsx: the lessons, then the totals per substituting and per replaced teacher. */
export function substitutionDoc(r: SubstitutionRegister): ReportDoc {
  const R = { align: "right" as const };
  const totalTable = (heading: string, who: string, list: SubstitutionTotal[], given: string) => ({
    heading,
    columns: [
      { header: who, width: 3 },
      { header: given, width: 1.2, ...R },
      { header: "Запланировано до конца месяца", width: 1.4, ...R },
    ],
    rows: [...list.map((t) => [t.name, String(t.given), String(t.planned)]), ["Итого", String(r.total.given), String(r.total.planned)]],
    bold: [list.length],
  });
  return {
    title: "Журнал замещения уроков",
    subtitle: r.month.name,
    tables: [
      {
        columns: [
          { header: "Дата", width: 1 },
          { header: "Урок", width: 0.6, ...R },
          { header: "Класс", width: 1.2 },
          { header: "Предмет", width: 2 },
          { header: "Кого заменяли", width: 2.4 },
          { header: "Кто заменял", width: 2.4 },
          { header: "Тема урока", width: 3 },
          { header: "Часов", width: 0.7, ...R },
        ],
        rows: r.lessons.map((l) => [
          formatDate(l.date),
          l.number === null ? "—" : String(l.number),
          l.className,
          l.subject,
          l.teacher,
          l.substitute,
          l.given ? (l.topic ?? "тема не записана") : "запланировано",
          l.given ? "1" : "0",
        ]),
      },
      totalTable("Итого по заменявшим учителям (для начисления оплаты)", "Кто заменял", r.substitutes, "Проведено часов"),
      totalTable("Итого по заменённым учителям", "Кого заменяли", r.replaced, "Пропущено часов"),
    ],
    signatures: ["Заместитель директора", "Директор"],
    landscape: true,
    filename: `Журнал замещения уроков ${r.month.name}`,
  };
}

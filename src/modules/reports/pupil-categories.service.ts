/**
 * The medical worker's and the psychologist's reports (issue 17, R-REG-11, R-ACL-5/6): how many pupils of
 * each class and of the school fall into each category of their sections of the personal file.
 *  - «Группы здоровья и физкультурные группы» (entity medical-report): health groups I–V, PE groups,
 *    disability, ОВЗ (StudentMedical);
 *  - «Социальный паспорт» (entity social-report): large families, guardianship (the flag of the social
 *    section, or a parent link «опекун»), ОВЗ, registered with ПДН / КДН, on the school's own register,
 *    deviant behaviour recorded (StudentSocial, StudentMedical.ovz).
 * Small counts identify a child, so a count of 1 or 2 is printed «<3»: always in the school-wide table, and
 * in the per-class table for everyone but the keeper of the data (the medic for the medical report, the
 * psychologist for the social one), who enters those data and needs the exact figures. Zero stays «0».
 * The pupils are the class members on the report's day: today, or the last day of a past year. One statement.
 */
import type { Actor } from "../../access/actor.ts";
import { can } from "../../access/policy.ts";
import { pgPool } from "../../lib/db.ts";
import { formatDate, isoDate, today } from "../../lib/dates.ts";
import { compareText } from "../../lib/names.ts";
import { schoolInfo, yearOf, type ReportDoc, type ReportTable } from "./reports.common.ts";
import { scopeOf } from "./reports.scope.ts";

export type CategoryReportKind = "medical" | "social";

interface PupilRow {
  classId: number;
  grade: number;
  letter: string;
  healthGroup: string | null;
  peGroup: string | null;
  disability: boolean;
  ovz: boolean;
  largeFamily: boolean;
  guardianship: boolean;
  registeredPdn: boolean;
  registeredSchool: boolean;
  deviant: boolean;
}

const SQL = `
WITH pupils AS (
  SELECT DISTINCT ON (m."studentId") m."studentId", c.id AS "classId", c.grade, c.letter
    FROM "ClassMembership" m
    JOIN "SchoolClass" c ON c.id = m."classId"
   WHERE m."schoolId" = $1 AND c."yearId" = $2 AND m."fromDate" <= $3::date AND (m."toDate" IS NULL OR m."toDate" >= $3::date)
   ORDER BY m."studentId", m."fromDate" DESC)
SELECT p."classId", p.grade, p.letter, md."healthGroup", md."peGroup",
       COALESCE(md.disability, false) AS disability, COALESCE(md.ovz, false) AS ovz,
       COALESCE(so."largeFamily", false) AS "largeFamily",
       COALESCE(so.guardianship, false) OR EXISTS (SELECT 1 FROM "ParentLink" pl WHERE pl."studentId" = p."studentId" AND pl.relation = 'GUARDIAN') AS guardianship,
       COALESCE(so."registeredPdn", false) AS "registeredPdn", COALESCE(so."registeredSchool", false) AS "registeredSchool",
       COALESCE(btrim(so."deviantBehaviour"), '') <> '' AS deviant
  FROM pupils p
  LEFT JOIN "StudentMedical" md ON md."studentId" = p."studentId"
  LEFT JOIN "StudentSocial" so ON so."studentId" = p."studentId"`;

interface Category {
  label: string;
  /** Short header of the per-class table. */
  short: string;
  test: (r: PupilRow) => boolean;
}

const HEALTH = ["I", "II", "III", "IV", "V"];
const PE: [string, string][] = [
  ["основная", "осн."],
  ["подготовительная", "подгот."],
  ["специальная", "спец."],
  ["освобождён", "освоб."],
];

export const CATEGORIES: Record<CategoryReportKind, Category[]> = {
  medical: [
    ...HEALTH.map((g) => ({ label: `Группа здоровья ${g}`, short: g, test: (r: PupilRow) => r.healthGroup === g })),
    { label: "Группа здоровья не указана", short: "гр. не указ.", test: (r) => !r.healthGroup },
    ...PE.map(([g, short]) => ({ label: `Физкультурная группа: ${g}`, short, test: (r: PupilRow) => r.peGroup === g })),
    { label: "Физкультурная группа не указана", short: "физк. не указ.", test: (r) => !r.peGroup },
    { label: "Инвалидность", short: "Инвалидность", test: (r) => r.disability },
    { label: "ОВЗ", short: "ОВЗ", test: (r) => r.ovz },
  ],
  social: [
    { label: "Многодетные семьи", short: "Многодетные", test: (r) => r.largeFamily },
    { label: "Под опекой (попечительством)", short: "Опека", test: (r) => r.guardianship },
    { label: "ОВЗ", short: "ОВЗ", test: (r) => r.ovz },
    { label: "На учёте в ПДН / КДН и ЗП", short: "ПДН / КДН", test: (r) => r.registeredPdn },
    { label: "На внутришкольном учёте", short: "ВШУ", test: (r) => r.registeredSchool },
    { label: "Девиантное поведение (есть запись)", short: "Девиант. поведение", test: (r) => r.deviant },
  ],
};

export const CATEGORY_TITLES: Record<CategoryReportKind, string> = {
  medical: "Группы здоровья и физкультурные группы",
  social: "Социальный паспорт",
};

/** The printed count: 1 and 2 become «<3» when hidden (the rule in the file's comment). */
export function shownCount(n: number, hide: boolean): string {
  return hide && n > 0 && n < 3 ? "<3" : String(n);
}

/** Whether the actor keeps the data of this report (writes the section): the medic, the psychologist. */
export function keepsData(actor: Actor, kind: CategoryReportKind): boolean {
  return can(actor, "update", kind === "medical" ? "student-medical" : "student-social");
}

/** The report of a kind for the school's year (?year=ID, the current one otherwise). 403 outside the report's roles. */
export async function categoryReport(actor: Actor, kind: CategoryReportKind, input: { year: unknown }, now: Date = today()) {
  await scopeOf(actor, kind);
  const school = await schoolInfo(actor);
  const year = await yearOf(actor, input.year);
  const day = now < year.startDate ? year.startDate : now > year.endDate ? year.endDate : now;
  const { rows } = await pgPool().query<PupilRow>(SQL, [actor.schoolId, year.id, isoDate(day)]);
  const categories = CATEGORIES[kind];
  const byClass = new Map<number, { name: string; grade: number; letter: string; pupils: number; counts: number[] }>();
  const total = { pupils: rows.length, counts: categories.map(() => 0) };
  for (const r of rows) {
    const c = byClass.get(r.classId) ?? { name: `${r.grade}${r.letter}`, grade: r.grade, letter: r.letter, pupils: 0, counts: categories.map(() => 0) };
    c.pupils++;
    categories.forEach((cat, i) => {
      if (cat.test(r)) {
        c.counts[i]!++;
        total.counts[i]!++;
      }
    });
    byClass.set(r.classId, c);
  }
  const classes = [...byClass.values()].sort((a, b) => a.grade - b.grade || compareText(a.letter, b.letter));
  return { kind, school, year, day, categories, classes, total, exactPerClass: keepsData(actor, kind) };
}

export type CategoryReport = Awaited<ReturnType<typeof categoryReport>>;

/** The report as one document (page, PDF, .xlsx): the school's table, then the classes'. */
export function categoryDoc(r: CategoryReport): ReportDoc {
  const R = { align: "right" as const };
  const school: ReportTable = {
    heading: "По школе",
    columns: [
      { header: "Категория", width: 4 },
      { header: "Учеников", width: 1, ...R },
      { header: "% от числа учеников", width: 1.2, ...R },
    ],
    rows: [
      ["Всего учеников", String(r.total.pupils), ""],
      ...r.categories.map((c, i) => {
        const n = r.total.counts[i]!;
        const hidden = n > 0 && n < 3;
        return [c.label, shownCount(n, true), hidden || !r.total.pupils ? "" : `${((n / r.total.pupils) * 100).toFixed(1).replace(".", ",")}`];
      }),
    ],
    bold: [0],
  };
  const perClass: ReportTable = {
    heading: "По классам",
    columns: [{ header: "Класс", width: 1 }, { header: "Учеников", width: 1, ...R }, ...r.categories.map((c) => ({ header: c.short, width: 1, ...R }))],
    rows: r.classes.map((c) => [c.name, String(c.pupils), ...c.counts.map((n) => shownCount(n, !r.exactPerClass))]),
    fontSize: 7,
  };
  return {
    title: CATEGORY_TITLES[r.kind],
    subtitle: `${r.year.name}, на ${formatDate(r.day)}`,
    tables: [school, perClass],
    notes: [
      r.exactPerClass
        ? "Числа 1 и 2 в таблице по школе показаны как «<3», чтобы нельзя было узнать ребёнка."
        : "Числа 1 и 2 показаны как «<3», чтобы нельзя было узнать ребёнка.",
    ],
    signatures: [r.kind === "medical" ? "Медицинский работник" : "Педагог-психолог / социальный педагог", "Директор"],
    landscape: true,
    filename: `${CATEGORY_TITLES[r.kind]} ${r.year.name.replace(/\//g, "-")}`,
  };
}

/**
 * R-RPT-7: charts of a class's progress for parent meetings and class hours, drawn on the
 * server as inline SVG (no external service, no script): the average mark per subject in
 * each period (grouped bars) and % успеваемости / % качества per period from the period
 * finals (lines). A teacher sees the own subjects of a class, the class teacher the whole class.
 */
import type { Actor } from "../../access/actor.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, compareText } from "../../lib/names.ts";
import { periodName } from "../setup/years.service.ts";
import { memberOnLessonDay } from "../journal/journal.service.ts";
import { FAILING } from "./reports.text.ts";
import { classesOf, yearOf } from "./reports.common.ts";
import { assertClassVisible, visibleJournal } from "./reports.policy.ts";
import { scopeOf } from "./reports.scope.ts";

const COLORS = ["#2f6fb0", "#e08a1e", "#3b9a57", "#b8434f", "#7a5bb5", "#5f7f8f"];
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v: number, d = 2) => v.toFixed(d).replace(".", ",");

export interface Series {
  name: string;
  values: (number | null)[];
}

/** Grouped bars: one group per category, one bar per series; y from 0 to max. */
export function barChart(title: string, categories: string[], series: Series[], max: number, unit = ""): string {
  const W = Math.max(560, 70 + categories.length * (series.length * 14 + 18));
  const H = 300,
    top = 30,
    bottom = 90,
    left = 44;
  const plotH = H - top - bottom;
  const groupW = (W - left - 10) / Math.max(1, categories.length);
  const barW = Math.min(22, (groupW - 10) / Math.max(1, series.length));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= max; t += max > 10 ? 20 : 1) {
    parts.push(
      `<line x1="${left}" x2="${W - 10}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t}${unit}</text>`,
    );
  }
  categories.forEach((c, i) => {
    const gx = left + i * groupW + 5;
    series.forEach((s, j) => {
      const v = s.values[i];
      if (v === null || v === undefined) return;
      const x = gx + j * barW;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${c}, ${s.name}: ${fmt(v)}${unit}`)}</title></rect>`,
      );
    });
    parts.push(
      `<text x="${(gx + groupW / 2 - 5).toFixed(1)}" y="${top + plotH + 14}" font-size="11" text-anchor="end" transform="rotate(-35 ${(gx + groupW / 2 - 5).toFixed(1)} ${top + plotH + 14})">${esc(c)}</text>`,
    );
  });
  const legend = series
    .map(
      (s, j) =>
        `<rect x="${left + j * 130}" y="${H - 16}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/><text x="${left + j * 130 + 14}" y="${H - 7}" font-size="11">${esc(s.name)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" class="chart" font-family="sans-serif"><title>${esc(title)}</title>${parts.join("")}${legend}</svg>`;
}

/** Lines over categories (periods), 0..100 %. */
export function lineChart(title: string, categories: string[], series: Series[]): string {
  const W = 560,
    H = 260,
    top = 20,
    bottom = 50,
    left = 50,
    right = 20;
  const plotH = H - top - bottom,
    plotW = W - left - right;
  const x = (i: number) => left + (categories.length <= 1 ? plotW / 2 : (i / (categories.length - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / 100) * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= 100; t += 20)
    parts.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11">${t} %</text>`,
    );
  categories.forEach((c, i) => parts.push(`<text x="${x(i)}" y="${top + plotH + 16}" font-size="11" text-anchor="middle">${esc(c)}</text>`));
  series.forEach((s, j) => {
    const pts = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
    if (pts.length > 1) parts.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${COLORS[j % COLORS.length]}" stroke-width="2.5"/>`);
    s.values.forEach((v, i) => {
      if (v !== null)
        parts.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${COLORS[j % COLORS.length]}"><title>${esc(`${categories[i]}, ${s.name}: ${fmt(v, 1)} %`)}</title></circle>`,
        );
    });
  });
  const legend = series
    .map(
      (s, j) =>
        `<rect x="${left + j * 160}" y="${H - 16}" width="10" height="10" fill="${COLORS[j % COLORS.length]}"/><text x="${left + j * 160 + 14}" y="${H - 7}" font-size="11">${esc(s.name)}</text>`,
    )
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" class="chart" font-family="sans-serif"><title>${esc(title)}</title>${parts.join("")}${legend}</svg>`;
}

/** R-RPT-7: the charts and the figures behind them (also shown as a table for screen readers). */
export async function classCharts(actor: Actor, input: { classId: number | null; year: unknown }) {
  const scope = await scopeOf(actor, "charts");
  const year = await yearOf(actor, input.year);
  const classes = await classesOf(actor.schoolId, year.id, scope);
  if (!input.classId) return { year, classes, cls: null };
  assertClassVisible(scope, input.classId);
  const cls = classes.find((c) => c.id === input.classId);
  if (!cls) throw new NotFound("Класс не найден");
  const set = await prisma.periodSet.findFirst({
    where: { yearId: year.id, gradeFrom: { lte: cls.grade }, gradeTo: { gte: cls.grade } },
    include: { periods: { orderBy: { number: "asc" } } },
  });
  const periods = (set?.periods ?? []).map((p) => ({ ...p, name: periodName(set!.kind, p.number) }));
  const pool = pgPool();
  const [avg, finals, subjects] = await Promise.all([
    pool.query<{ subjectId: number; teacherId: number; periodId: number; avg: number; n: number }>(
      `SELECT l."subjectId", l."teacherId", p.id AS "periodId", avg(m.value)::float AS avg, count(*)::int AS n
         FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "StudyPeriod" p ON p.id = ANY($2::int[]) AND l.date BETWEEN p."startDate" AND p."endDate"
        WHERE l."classId" = $1 AND ${memberOnLessonDay("m", "l")} GROUP BY 1, 2, 3`,
      [cls.id, periods.map((p) => p.id)],
    ),
    pool.query<{ studentId: number; subjectId: number; periodId: number; value: string }>(
      `SELECT f."studentId", f."subjectId", f."periodId", f.value FROM "FinalMark" f
        WHERE f.kind = 'PERIOD' AND f."periodId" = ANY($2::int[])
          AND f."studentId" IN (SELECT "studentId" FROM "ClassMembership" WHERE "classId" = $1)`,
      [cls.id, periods.map((p) => p.id)],
    ),
    prisma.subject.findMany({ where: { schoolId: actor.schoolId } }),
  ]);
  const loads = await prisma.teachingLoad.findMany({ where: { classId: cls.id }, select: { subjectId: true, teacherId: true } });
  const allowedSubject = (subjectId: number) =>
    loads.some((l) => l.subjectId === subjectId && visibleJournal(scope, { classId: cls.id, teacherId: l.teacherId }));
  const subjectOf = new Map(subjects.map((s) => [s.id, s]));
  const subjIds = [...new Set(avg.rows.map((r) => r.subjectId))]
    .filter(allowedSubject)
    .sort((a, b) => subjectOf.get(a)!.sortOrder - subjectOf.get(b)!.sortOrder || compareText(subjectOf.get(a)!.name, subjectOf.get(b)!.name));
  const avgOf = (s: number, p: number) => {
    const rows = avg.rows.filter((r) => r.subjectId === s && r.periodId === p);
    const n = rows.reduce((a, r) => a + r.n, 0);
    return n ? rows.reduce((a, r) => a + r.avg * r.n, 0) / n : null;
  };
  const bySubject: Series[] = periods.map((p) => ({ name: p.name, values: subjIds.map((s) => avgOf(s, p.id)) }));
  const quality: Series[] = [
    { name: "Успеваемость", values: [] },
    { name: "Качество", values: [] },
  ];
  const table = periods.map((p) => {
    const byStudent = new Map<number, string[]>();
    for (const f of finals.rows)
      if (f.periodId === p.id && allowedSubject(f.subjectId)) byStudent.set(f.studentId, [...(byStudent.get(f.studentId) ?? []), f.value]);
    const att = [...byStudent.values()].filter((v) => v.some((x) => x !== "осв"));
    const passed = att.filter((v) => !v.some((x) => FAILING.has(x))).length;
    const good = att.filter((v) => v.every((x) => x === "4" || x === "5" || x === "зач" || x === "осв")).length;
    const pp = att.length ? (passed / att.length) * 100 : null;
    const qq = att.length ? (good / att.length) * 100 : null;
    quality[0]!.values.push(pp);
    quality[1]!.values.push(qq);
    return { period: p.name, attested: att.length, passed: pp, quality: qq };
  });
  const subjectNames = subjIds.map((s) => subjectOf.get(s)!.shortName || subjectOf.get(s)!.name);
  return {
    year,
    classes,
    cls: { ...cls, name: className(cls) },
    periods,
    subjects: subjIds.map((s) => ({ name: subjectOf.get(s)!.name, values: periods.map((p) => avgOf(s, p.id)) })),
    table,
    barSvg: barChart(`Средний балл по предметам, ${cls.name}`, subjectNames, bySubject, 5),
    lineSvg: lineChart(
      `Успеваемость и качество по периодам, ${cls.name}`,
      periods.map((p) => p.name),
      quality,
    ),
    generatedFor: isoDate(today()),
  };
}

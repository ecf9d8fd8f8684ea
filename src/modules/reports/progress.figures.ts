/**
 * R-RPT-3: the figures of progress and quality from a list of final marks, per student (categories:
 * отличники, хорошисты, с одной «3», неуспевающие) and per mark (% успеваемости, % качества,
 * средний балл, СОУ); see progress.service.ts for the definitions.
 */
import { FAILING } from "./reports.text.ts";
import { ratio } from "./reports.common.ts";

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

/** One final mark of a student in a subject, with the class and the teacher of that journal. */
export interface Item {
  studentId: number;
  classId: number;
  subjectId: number;
  teacherId: number | null;
  value: string;
}

/** Per-student aggregation: categories count students, marks count marks. */
export function studentLevel(items: readonly Item[]) {
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
export function subjectLevel(items: readonly Item[]) {
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

export type StudentFigures = ReturnType<typeof studentLevel>;
export type SubjectFigures = ReturnType<typeof subjectLevel>;

/** «+2,5» / «−1,0» change in percentage points or marks; empty without a previous value. */
export function delta(cur: number | null, prev: number | null | undefined, digits = 1): string {
  if (cur === null || prev === null || prev === undefined) return "";
  const d = cur - prev;
  const s = Math.abs(d).toFixed(digits).replace(".", ",");
  return d > 0.00001 ? `+${s}` : d < -0.00001 ? `−${s}` : "0";
}

export const pctOf = (v: number | null) => (v === null ? "—" : `${v.toFixed(1).replace(".", ",")} %`);

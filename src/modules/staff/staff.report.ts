/**
 * HR reports (R-RPT-5): headcount of the staff working on a day by position, by qualification
 * category, by education (each person's highest level), by age and by length of service.
 */
import { fullYears } from "../../lib/birth-dates.ts";
import { prisma } from "../../lib/db.ts";
import { compareText } from "../../lib/names.ts";
import { CATEGORY_CODES, CATEGORY_NAMES, EDUCATION_CODES, EDUCATION_LEVELS, type EducationLevel } from "./staff.text.ts";

export interface Line {
  label: string;
  count: number;
  rate?: number;
}

/** Full years between two days (src/lib/birth-dates.ts). */
export { fullYears };

const AGE_BANDS: [string, number, number][] = [
  ["до 30 лет", 0, 29],
  ["30–39 лет", 30, 39],
  ["40–49 лет", 40, 49],
  ["50–59 лет", 50, 59],
  ["60 лет и старше", 60, 200],
];
const SERVICE_BANDS: [string, number, number][] = [
  ["до 3 лет", 0, 2],
  ["от 3 до 5 лет", 3, 4],
  ["от 5 до 10 лет", 5, 9],
  ["от 10 до 20 лет", 10, 19],
  ["20 лет и более", 20, 200],
];

function bands(values: (number | null)[], defs: [string, number, number][]): Line[] {
  const lines = defs.map(([label, lo, hi]) => ({ label, count: values.filter((v) => v !== null && v >= lo && v <= hi).length }));
  lines.push({ label: "не указано", count: values.filter((v) => v === null).length });
  return lines;
}

export async function hrReport(schoolId: number, on: Date) {
  const staff = await prisma.staff.findMany({
    where: { schoolId, OR: [{ dismissedAt: null }, { dismissedAt: { gt: on } }], AND: [{ OR: [{ hiredAt: null }, { hiredAt: { lte: on } }] }] },
    include: { person: true, positions: true, qualifications: true, education: true },
  });
  const byPosition = new Map<string, Line>();
  for (const s of staff)
    for (const p of s.positions.filter((p) => (!p.fromDate || p.fromDate <= on) && (!p.toDate || p.toDate >= on))) {
      const line = byPosition.get(p.title) ?? { label: p.title, count: 0, rate: 0 };
      line.count++;
      line.rate = (line.rate ?? 0) + Number(p.rate);
      byPosition.set(p.title, line);
    }
  const category = new Map(CATEGORY_CODES.map((c) => [c, 0]));
  for (const s of staff) {
    const q = s.qualifications.filter((q) => q.assignedAt <= on).sort((a, b) => b.assignedAt.getTime() - a.assignedAt.getTime())[0];
    const code = q && (!q.validUntil || q.validUntil >= on) ? q.category : "NONE";
    category.set(code, category.get(code)! + 1);
  }
  const education = new Map<EducationLevel | "none", number>([...EDUCATION_CODES.map((c) => [c, 0] as const), ["none", 0]]);
  for (const s of staff) {
    const best = EDUCATION_CODES.find((c) => s.education.some((e) => e.level === c)) ?? "none";
    education.set(best, education.get(best)! + 1);
  }
  return {
    total: staff.length,
    byPosition: [...byPosition.values()].sort((a, b) => compareText(a.label, b.label)),
    byCategory: CATEGORY_CODES.map((c) => ({ label: CATEGORY_NAMES[c], count: category.get(c)! })),
    byEducation: [
      ...EDUCATION_CODES.map((c) => ({ label: EDUCATION_LEVELS[c], count: education.get(c)! })),
      { label: "не указано", count: education.get("none")! },
    ],
    byAge: bands(
      staff.map((s) => (s.person.birthDate ? fullYears(s.person.birthDate, on) : null)),
      AGE_BANDS,
    ),
    byService: bands(
      staff.map((s) => {
        const from = s.serviceSince ?? s.hiredAt;
        return from ? fullYears(from, on) : null;
      }),
      SERVICE_BANDS,
    ),
    byTeaching: bands(
      staff.map((s) => (s.teachingSince ? fullYears(s.teachingSince, on) : null)),
      SERVICE_BANDS,
    ),
  };
}

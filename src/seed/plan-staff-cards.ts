/**
 * The personnel cards of a seed plan (R-REG-5): for every staff member the personnel number, the
 * hire order, the start of the length of service (and of teaching), education, the
 * qualification category, professional training and, for long-serving teaching staff, awards.
 *
 * Kept consistent with the person: graduation at 17 (school), 19–20 (college) or 22–23
 * (university), never after the hire for the first diploma; service starts with the first job,
 * never after the hire at this school. Categories (Приказ Минпросвещения России № 196 от
 * 24.03.2023) only for teaching positions: «высшая», «первая» (regional orders) or
 * «соответствие занимаемой должности» (the school's own attestation, not before two years here),
 * valid five years; nobody teaching less than two years has one (they are not attested yet), and
 * «высшая» needs six years of teaching. Courses: one to three of 16–72 hours in the three years
 * before RECORDS_AS_OF (first aid among them for many, ст. 41 Федерального закона № 273-ФЗ).
 *
 * Deterministic: a generator per staff row (src/seed/random.ts), keyed by the school's seed and
 * the row's position, so the rest of the plan does not move when this part changes.
 */
import { RECORDS_AS_OF } from "./calendar.ts";
import { SPECIALTY_TITLES, type Specialty } from "./curriculum.ts";
import {
  AWARDS,
  BACHELOR_FROM,
  DEFAULT_COURSES,
  FIRST_AID,
  MANAGEMENT,
  PEDAGOGICAL,
  POSITION_COURSES,
  POSITION_EDUCATION,
  PROVIDERS,
  SUBJECT_COURSES,
  TEACHER_COURSES,
  TEACHER_SPECIALITY,
  institutionName,
  schoolName,
  type CourseDef,
  type InstitutionKey,
} from "./data/staff-cards.ts";
import { DAY_MS, iso, utc, yearOf } from "./people.ts";
import type { PlanEducation, PlanPerson, PlanQualification, PlanStaff, PlanStaffCard, PlanTraining } from "./plan-types.ts";
import { Rng, hashKeys } from "./random.ts";

const STREAM = 43;
const YEAR_MS = 365.25 * DAY_MS;
const AS_OF = Date.parse(RECORDS_AS_OF);

/** Positions of pedagogical workers that are not subject teachers (they are attested and have a teaching length of service). */
const TEACHING_TITLES = new Set([
  "Директор",
  "Заместитель директора по УВР",
  "Заместитель директора по УВР (начальная школа)",
  "Заместитель директора по ВР",
  "Педагог-психолог",
  "Социальный педагог",
]);
/** What the director and the deputies taught before. */
const MANAGER_SUBJECTS: readonly Specialty[] = ["math", "russian", "history", "primary", "biochem", "english"];

const SUBJECT_TEACHER_TITLES = new Set(Object.values(SPECIALTY_TITLES));

/** Whether a position (StaffPosition.title) is a teaching (pedagogical) one: categories and teaching service apply to it. */
export function isTeachingTitle(title: string): boolean {
  return SUBJECT_TEACHER_TITLES.has(title) || TEACHING_TITLES.has(title);
}

/** The same day `years` later (29 February gives 1 March). */
export function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate());
}

/** The day itself on a weekday, otherwise the Friday before. */
const weekday = (ms: number) => ms - [2, 0, 0, 0, 0, 0, 1][new Date(ms).getUTCDay()]! * DAY_MS;
/** The day itself on a weekday, otherwise the Monday after. */
const weekdayAfter = (ms: number) => ms + [1, 0, 0, 0, 0, 0, 2][new Date(ms).getUTCDay()]! * DAY_MS;
const between = (rng: Rng, from: number, to: number) => from + rng.int(0, Math.max(0, Math.round((to - from) / DAY_MS))) * DAY_MS;
const ruDate = (ms: number) => iso(ms).split("-").reverse().join(".");

/** The cards of all staff rows, in the same order. */
export function planStaffCards(seed: number, staff: readonly PlanStaff[], persons: readonly PlanPerson[]): PlanStaffCard[] {
  const cards = staff.map((s, i) => staffCard(new Rng(hashKeys(seed, STREAM, i)), s, persons[s.person]!));
  // Personnel numbers in the order of hiring; the gaps are people who have left.
  const numbers = new Rng(hashKeys(seed, STREAM, 1_000_000));
  const order = staff.map((s, i) => ({ t: Date.parse(s.hiredAt), i })).sort((a, b) => a.t - b.t || a.i - b.i);
  let n = numbers.int(3, 12);
  for (const { i } of order) {
    n += numbers.int(1, 4);
    cards[i]!.personnelNumber = String(n).padStart(4, "0");
  }
  return cards;
}

function staffCard(rng: Rng, s: PlanStaff, person: PlanPerson): PlanStaffCard {
  const born = yearOf(person.birthDate);
  const hired = Date.parse(s.hiredAt);
  const hireYear = new Date(hired).getUTCFullYear();
  const teaching = isTeachingTitle(s.title);
  const { education, firstJobYear } = educationOf(rng, s, born, hireYear);

  // Service starts with the first job (here, when that was the hiring year).
  const serviceSince = firstJobYear >= hireYear ? hired : Math.min(hired, utc(firstJobYear, 8, rng.int(15, 31)));
  let teachingSince: number | null = null;
  if (teaching) {
    teachingSince = serviceSince;
    // One in five subject teachers came to school from another field.
    if (s.specialty !== null && firstJobYear < hireYear && rng.chance(0.2)) teachingSince = Math.min(hired, utc(rng.int(firstJobYear + 1, hireYear), 8, 25));
  }
  const hireOrder = { number: `${rng.int(18, 140)}-к`, date: iso(weekday(hired - rng.int(0, 4) * DAY_MS)) };
  return {
    personnelNumber: "",
    serviceSince: iso(serviceSince),
    teachingSince: teachingSince === null ? null : iso(teachingSince),
    hireOrder,
    education,
    qualifications: teachingSince === null ? [] : qualificationsOf(rng, teachingSince, hired),
    trainings: trainingsOf(rng, s, serviceSince),
    awards: teachingSince === null ? [] : awardsOf(rng, teachingSince),
  };
}

function educationOf(rng: Rng, s: PlanStaff, born: number, hireYear: number): { education: PlanEducation[]; firstJobYear: number } {
  const speciality = (pair: readonly [string, string], year: number) => (year >= BACHELOR_FROM ? pair[1] : pair[0]);
  const higher = (from: InstitutionKey, year: number, pair: readonly [string, string]): PlanEducation => ({
    level: "HIGHER",
    institution: institutionName(from, year),
    graduationYear: year,
    speciality: speciality(pair, year),
  });
  const universityYear = Math.min(born + 22 + rng.int(0, 1), hireYear);
  const managerSubject = TEACHING_TITLES.has(s.title) && s.title !== "Педагог-психолог" && s.title !== "Социальный педагог";
  const specialty = s.specialty ?? (managerSubject ? rng.pick(MANAGER_SUBJECTS) : null);

  if (specialty !== null) {
    const uni = specialty === "pe" ? rng.pick<InstitutionKey>(["sport", "smolgu", "tvgu"]) : rng.pick(PEDAGOGICAL);
    const collegeFirst = (specialty === "primary" && rng.chance(0.45)) || (specialty === "music" && rng.chance(0.5));
    if (!collegeFirst) {
      const education = [higher(uni, universityYear, TEACHER_SPECIALITY[specialty])];
      if (s.title === "Директор") {
        const year = Math.min(2021, universityYear + rng.int(8, 14));
        education.push(higher(MANAGEMENT.from, Math.max(year, 2000), MANAGEMENT.speciality));
        if (rng.chance(0.35)) {
          const year2 = Math.min(2025, universityYear + rng.int(7, 12));
          education.push({
            level: "POSTGRAD",
            institution: institutionName(uni, year2),
            graduationYear: year2,
            speciality: "Кандидат педагогических наук (13.00.01 — общая педагогика, история педагогики и образования)",
          });
        }
      }
      return { education, firstJobYear: universityYear };
    }
    // A college first, then the university by correspondence while working.
    const collegeYear = born + rng.int(19, 20);
    const college: PlanEducation = {
      level: "SECONDARY_PROF",
      institution: institutionName(specialty === "music" ? "musicCollege" : "pedCollege", collegeYear),
      graduationYear: collegeYear,
      speciality: specialty === "music" ? "Музыкальное образование" : "Преподавание в начальных классах",
    };
    const laterYear = Math.min(2026, collegeYear + rng.int(4, 6));
    return { education: [college, higher(uni, laterYear, TEACHER_SPECIALITY[specialty])], firstJobYear: Math.min(collegeYear, hireYear) };
  }

  const def = POSITION_EDUCATION[s.title] ?? { level: "SECONDARY" as const, from: [], speciality: null };
  if (def.level === "HIGHER") return { education: [higher(rng.pick(def.from), universityYear, def.speciality!)], firstJobYear: universityYear };
  if (def.level === "SECONDARY_PROF") {
    const year = born + rng.int(19, 20);
    const row = {
      level: def.level,
      institution: institutionName(rng.pick(def.from), year),
      graduationYear: year,
      speciality: speciality(def.speciality!, year),
    };
    return { education: [row], firstJobYear: Math.min(year, hireYear) };
  }
  const year = born + 17;
  return {
    education: [{ level: "SECONDARY", institution: schoolName(rng.int(1, 52), year), graduationYear: year, speciality: null }],
    firstJobYear: Math.min(year + rng.int(1, 3), hireYear),
  };
}

function qualificationsOf(rng: Rng, teachingSince: number, hired: number): PlanQualification[] {
  const years = (AS_OF - teachingSince) / YEAR_MS;
  if (years < 2) return [];
  const r = rng.float();
  let category: PlanQualification["category"] = r < 0.38 ? "HIGHEST" : r < 0.78 ? "FIRST" : "CONFORMITY";
  if (category === "HIGHEST" && years < 6) category = "FIRST";
  if (category === "CONFORMITY" && (AS_OF - hired) / YEAR_MS < 2) category = "FIRST";
  const earliest = Math.max(addYears(AS_OF, -5) + 30 * DAY_MS, addYears(teachingSince, 2), category === "CONFORMITY" ? addYears(hired, 2) : 0);
  const latest = AS_OF - 20 * DAY_MS;
  if (earliest > latest) return [];
  const assigned = weekdayAfter(between(rng, earliest, latest));
  const row = (category: PlanQualification["category"], at: number): PlanQualification => ({
    category,
    assignedAt: iso(at),
    validUntil: iso(addYears(at, 5)),
    orderNumber: category === "CONFORMITY" ? `${rng.int(40, 160)}-о` : `${rng.int(300, 2400)}/ПК`,
  });
  const rows = [row(category, assigned)];
  // The first category before the highest one, for about half of those who have held it long.
  const before = weekday(addYears(assigned, -5) - rng.int(0, 300) * DAY_MS);
  if (category === "HIGHEST" && before >= addYears(teachingSince, 2) && rng.chance(0.55)) rows.unshift(row("FIRST", before));
  return rows;
}

function trainingsOf(rng: Rng, s: PlanStaff, serviceSince: number): PlanTraining[] {
  const own = s.specialty ? SUBJECT_COURSES[s.specialty] : (POSITION_COURSES[s.title] ?? DEFAULT_COURSES);
  const general = s.specialty ? TEACHER_COURSES : [];
  const first = rng.pick(own);
  const rest = rng.shuffle([...own, ...general, FIRST_AID].filter((c) => c !== first));
  const chosen: CourseDef[] = [first, ...rest.slice(0, rng.int(0, 2))];
  const windowStart = Math.max(addYears(AS_OF, -3) + 14 * DAY_MS, serviceSince);
  const windowEnd = AS_OF - 7 * DAY_MS;
  return chosen
    .map((c) => {
      const days = Math.max(2, Math.round(c.hours / 6));
      const from = weekday(between(rng, windowStart, windowEnd - days * DAY_MS));
      return {
        course: c.course,
        provider: PROVIDERS[c.provider],
        hours: c.hours,
        fromDate: iso(from),
        toDate: iso(from + (days - 1) * DAY_MS),
        document: `Удостоверение о повышении квалификации ${rng.int(100000, 999999)}${rng.int(100000, 999999)}, рег. № ${rng.int(100, 9999)}`,
      };
    })
    .sort((a, b) => a.fromDate.localeCompare(b.fromDate));
}

function awardsOf(rng: Rng, teachingSince: number) {
  const years = (AS_OF - teachingSince) / YEAR_MS;
  return AWARDS.flatMap(({ title, share, minYears, since, document }) => {
    if (years < minYears + 1 || !rng.chance(share)) return [];
    const date = weekdayAfter(between(rng, Math.max(addYears(teachingSince, minYears), addYears(AS_OF, -15), utc(since, 1, 15)), AS_OF - 60 * DAY_MS));
    return [{ title, date: iso(date), document: `${document} от ${ruDate(date)} № ${rng.int(40, 1500)}` }];
  }).sort((a, b) => a.date.localeCompare(b.date));
}

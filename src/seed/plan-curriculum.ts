/**
 * The seeded schools' curriculum (учебный план, R-PLN-1) from the hours of curriculum.ts: a plan
 * for every grade that has classes, subjects grouped by the education areas of ФГОС НОО/ООО/СОО,
 * the school's own part (Информатика in 5–6, Труд and the individual project in 10–11), the form
 * of the year's assessment, grade 1 and ОРКСЭ without marks, the split subjects of the load.
 *
 * Grades 10–11 have two profiles: the «А» classes are «Технологический», the others
 * «Универсальный». The technological plan gives Алгебра and Геометрия an hour more (the advanced
 * level) than the load the seed distributed from curriculum.ts, so «Нагрузка и учебный план» of a
 * seeded school shows a few realistic differences (those two subjects in the «А» classes of 10–11)
 * and nothing else; and the plan's ОРКСЭ «без отметок» differs from the journal's settings (the
 * seeded subject is marked), which the curriculum page offers to apply.
 */
import type { Db } from "../lib/db.ts";
import { SUBJECTS, isSplit, type SubjectKey } from "./curriculum.ts";

export interface PlanCurriculumItem {
  subject: SubjectKey;
  area: string;
  part: "MANDATORY" | "ELECTIVE";
  hours: number;
  assessmentForm: string;
  marked: boolean;
  split: boolean;
}

export interface PlanCurriculum {
  grade: number;
  profile: string;
  items: PlanCurriculumItem[];
}

export const PROFILES = { tech: "Технологический", universal: "Универсальный" } as const;

/** The profile of a class of the seeded schools: 10–11 «А» technological, the other 10–11 universal. */
export function profileOf(grade: number, letter: string): string {
  if (grade < 10) return "";
  return letter === "А" ? PROFILES.tech : PROFILES.universal;
}

/** Hours the technological profile adds to curriculum.ts (the advanced level of mathematics). */
const TECH_EXTRA: Partial<Record<SubjectKey, number>> = { algebra: 1, geometry: 1 };

function areaOf(subject: SubjectKey, grade: number): string {
  const primary = grade <= 4;
  switch (subject) {
    case "russian":
    case "litReading":
    case "literature":
      return primary ? "Русский язык и литературное чтение" : "Русский язык и литература";
    case "english":
      return primary ? "Иностранный язык" : "Иностранные языки";
    case "math":
    case "algebra":
    case "geometry":
    case "probability":
    case "informatics":
      return "Математика и информатика";
    case "world":
      return "Обществознание и естествознание («Окружающий мир»)";
    case "orkse":
      return "Основы религиозных культур и светской этики";
    case "odnknr":
      return "Основы духовно-нравственной культуры народов России";
    case "history":
    case "social":
    case "geography":
      return "Общественно-научные предметы";
    case "physics":
    case "chemistry":
    case "biology":
      return "Естественно-научные предметы";
    case "music":
    case "art":
      return "Искусство";
    case "labour":
      return "Технология";
    case "pe":
      return "Физическая культура";
    case "obzr":
      return "Основы безопасности и защиты Родины";
    case "project":
      return "Индивидуальный проект";
  }
}

/** The school's own part: Информатика in 5–6, Труд and the individual project in 10–11. */
function partOf(subject: SubjectKey, grade: number): "MANDATORY" | "ELECTIVE" {
  if (subject === "informatics" && grade <= 6) return "ELECTIVE";
  if ((subject === "labour" || subject === "project") && grade >= 10) return "ELECTIVE";
  return "MANDATORY";
}

function assessmentOf(subject: SubjectKey, grade: number): string {
  if (grade === 1) return "без аттестации";
  switch (subject) {
    case "russian":
      return "диктант с грамматическим заданием";
    case "litReading":
    case "literature":
    case "world":
    case "history":
    case "social":
    case "geography":
    case "biology":
      return "тестирование";
    case "math":
    case "algebra":
    case "geometry":
    case "probability":
    case "physics":
    case "chemistry":
    case "english":
    case "informatics":
      return "контрольная работа";
    case "orkse":
      return "зачёт";
    case "pe":
      return "сдача нормативов";
    case "music":
    case "art":
    case "labour":
    case "project":
      return "защита проекта";
    default:
      return "годовая отметка";
  }
}

/** The plan of a grade and profile: the subjects of curriculum.ts taught in that grade. */
export function planCurriculum(grade: number, profile: string): PlanCurriculum {
  const items = SUBJECTS.filter((s) => (s.hours[grade - 1] ?? 0) > 0).map((s) => ({
    subject: s.key,
    area: areaOf(s.key, grade),
    part: partOf(s.key, grade),
    hours: (s.hours[grade - 1] ?? 0) + (profile === PROFILES.tech ? (TECH_EXTRA[s.key] ?? 0) : 0),
    assessmentForm: assessmentOf(s.key, grade),
    marked: grade > 1 && s.key !== "orkse",
    split: isSplit(s.key, grade),
  }));
  return { grade, profile, items };
}

/** The plans for the classes: one per grade, and per profile in grades 10–11. */
export function planCurricula(classes: readonly { grade: number; letter: string }[]): PlanCurriculum[] {
  const keys = new Map<string, { grade: number; profile: string }>();
  for (const c of classes) keys.set(`${c.grade}|${profileOf(c.grade, c.letter)}`, { grade: c.grade, profile: profileOf(c.grade, c.letter) });
  return [...keys.values()].sort((a, b) => a.grade - b.grade || a.profile.localeCompare(b.profile, "ru")).map((k) => planCurriculum(k.grade, k.profile));
}

/**
 * Writes the curriculum of the school's year (inside the seed's transaction) and the profiles of
 * its classes of grades 10–11; the subjects' order follows curriculum.ts as their sortOrder does.
 */
export async function writeCurriculum(tx: Db, opts: { schoolId: number; yearId: number; subjectId: (key: SubjectKey) => number }): Promise<void> {
  const { schoolId, yearId } = opts;
  const classes = await tx.schoolClass.findMany({ where: { schoolId, yearId }, select: { id: true, grade: true, letter: true } });
  for (const c of classes) {
    const profile = profileOf(c.grade, c.letter);
    if (profile) await tx.schoolClass.update({ where: { id: c.id }, data: { profile } });
  }
  const order = new Map(SUBJECTS.map((s, i) => [s.key, (i + 1) * 10]));
  for (const plan of planCurricula(classes)) {
    const c = await tx.curriculum.create({ data: { schoolId, yearId, grade: plan.grade, profile: plan.profile } });
    await tx.curriculumItem.createMany({
      data: plan.items.map((i) => ({
        schoolId,
        curriculumId: c.id,
        subjectId: opts.subjectId(i.subject),
        area: i.area,
        part: i.part,
        hoursPerWeek: i.hours,
        assessmentForm: i.assessmentForm,
        marked: i.marked,
        split: i.split,
        sortOrder: order.get(i.subject)!,
      })),
    });
  }
}

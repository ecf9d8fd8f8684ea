/**
 * The seed's curriculum (учебный план): subjects, weekly hours per grade after
 * the federal basic programmes (ФОП НОО/ООО/СОО, five-day week, with a few
 * hours of the school's own part: Информатика in 5–6, Труд in 10–11), the
 * subjects taught in two subgroups, and which kind of teacher teaches what.
 * R-PLN-1, R-PLN-2.
 *
 * Grade 1 is taught without marks (безотметочное обучение): its subjects stay
 * MARKS here; the journal seed simply plans no marks for grade 1.
 */

export type SubjectKey =
  | "russian"
  | "litReading"
  | "literature"
  | "english"
  | "math"
  | "algebra"
  | "geometry"
  | "probability"
  | "informatics"
  | "world"
  | "orkse"
  | "history"
  | "social"
  | "odnknr"
  | "geography"
  | "biology"
  | "physics"
  | "chemistry"
  | "music"
  | "art"
  | "labour"
  | "pe"
  | "obzr"
  | "project";

export interface SubjectDef {
  key: SubjectKey;
  name: string;
  shortName: string;
  /** Weekly hours in grades 1..11 (index 0 is grade 1); 0 where not taught. */
  hours: readonly number[];
}

// prettier-ignore
export const SUBJECTS: readonly SubjectDef[] = [
  { key: "russian",     name: "Русский язык",                shortName: "Рус. яз.",  hours: [5, 5, 5, 5, 5, 6, 4, 3, 3, 2, 2] },
  { key: "litReading",  name: "Литературное чтение",         shortName: "Лит. чт.",  hours: [4, 4, 4, 3, 0, 0, 0, 0, 0, 0, 0] },
  { key: "literature",  name: "Литература",                  shortName: "Лит.",      hours: [0, 0, 0, 0, 3, 3, 2, 2, 3, 3, 3] },
  { key: "english",     name: "Английский язык",             shortName: "Англ. яз.", hours: [0, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3] },
  { key: "math",        name: "Математика",                  shortName: "Мат.",      hours: [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0] },
  { key: "algebra",     name: "Алгебра",                     shortName: "Алг.",      hours: [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3] },
  { key: "geometry",    name: "Геометрия",                   shortName: "Геом.",     hours: [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2] },
  { key: "probability", name: "Вероятность и статистика",    shortName: "Вер. и ст.", hours: [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1] },
  { key: "informatics", name: "Информатика",                 shortName: "Инф.",      hours: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1] },
  { key: "world",       name: "Окружающий мир",              shortName: "Окр. мир",  hours: [2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0] },
  { key: "orkse",       name: "Основы религиозных культур и светской этики", shortName: "ОРКСЭ", hours: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0] },
  { key: "history",     name: "История",                     shortName: "Ист.",      hours: [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2] },
  { key: "social",      name: "Обществознание",              shortName: "Общ.",      hours: [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2] },
  { key: "odnknr",      name: "Основы духовно-нравственной культуры народов России", shortName: "ОДНКНР", hours: [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0] },
  { key: "geography",   name: "География",                   shortName: "Геогр.",    hours: [0, 0, 0, 0, 1, 1, 2, 2, 2, 1, 1] },
  { key: "biology",     name: "Биология",                    shortName: "Биол.",     hours: [0, 0, 0, 0, 1, 1, 1, 2, 2, 1, 1] },
  { key: "physics",     name: "Физика",                      shortName: "Физ.",      hours: [0, 0, 0, 0, 0, 0, 2, 2, 3, 2, 2] },
  { key: "chemistry",   name: "Химия",                       shortName: "Хим.",      hours: [0, 0, 0, 0, 0, 0, 0, 2, 2, 1, 1] },
  { key: "music",       name: "Музыка",                      shortName: "Муз.",      hours: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0] },
  { key: "art",         name: "Изобразительное искусство",   shortName: "ИЗО",       hours: [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0] },
  { key: "labour",      name: "Труд (технология)",           shortName: "Труд",      hours: [1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1] },
  { key: "pe",          name: "Физическая культура",         shortName: "Физ-ра",    hours: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2] },
  { key: "obzr",        name: "Основы безопасности и защиты Родины", shortName: "ОБЗР", hours: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1] },
  { key: "project",     name: "Индивидуальный проект",       shortName: "Проект",    hours: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0] },
];

export const SUBJECT_BY_KEY = new Map(SUBJECTS.map((s) => [s.key, s]));

export function hoursFor(subject: SubjectKey, grade: number): number {
  return SUBJECT_BY_KEY.get(subject)!.hours[grade - 1] ?? 0;
}

/** Subjects taught in two subgroups, and from which grade (R-JRN-6). */
export const SUBGROUP_SUBJECTS: readonly { subject: SubjectKey; fromGrade: number }[] = [
  { subject: "english", fromGrade: 2 },
  { subject: "informatics", fromGrade: 5 },
  { subject: "labour", fromGrade: 5 },
];
export const SUBGROUP_NAMES = ["1 группа", "2 группа"] as const;

export function isSplit(subject: SubjectKey, grade: number): boolean {
  return SUBGROUP_SUBJECTS.some((s) => s.subject === subject && grade >= s.fromGrade);
}

export type Specialty =
  "primary" | "russian" | "math" | "english" | "informatics" | "history" | "geography" | "biochem" | "physics" | "music" | "labour" | "pe" | "obzr";

/** The teacher's position title for each specialty (StaffPosition.title). */
export const SPECIALTY_TITLES: Record<Specialty, string> = {
  primary: "Учитель начальных классов",
  russian: "Учитель русского языка и литературы",
  math: "Учитель математики",
  english: "Учитель английского языка",
  informatics: "Учитель информатики",
  history: "Учитель истории и обществознания",
  geography: "Учитель географии",
  biochem: "Учитель химии и биологии",
  physics: "Учитель физики",
  music: "Учитель музыки",
  labour: "Учитель труда (технологии) и ИЗО",
  pe: "Учитель физической культуры",
  obzr: "Преподаватель-организатор ОБЗР",
};

/** Order in which specialties are staffed (and listed). */
export const SPECIALTIES = Object.keys(SPECIALTY_TITLES) as Specialty[];

const PRIMARY_SUBJECTS = new Set<SubjectKey>(["russian", "litReading", "math", "world", "orkse", "art", "labour"]);

const SUBJECT_SPECIALTY: Record<SubjectKey, Specialty> = {
  russian: "russian",
  litReading: "primary",
  literature: "russian",
  english: "english",
  math: "math",
  algebra: "math",
  geometry: "math",
  probability: "math",
  informatics: "informatics",
  world: "primary",
  orkse: "primary",
  history: "history",
  social: "history",
  odnknr: "history",
  project: "history",
  geography: "geography",
  biology: "biochem",
  chemistry: "biochem",
  physics: "physics",
  music: "music",
  art: "labour",
  labour: "labour",
  pe: "pe",
  obzr: "obzr",
};

/** Who teaches a subject in a grade: in grades 1–4 the class's own primary teacher teaches most subjects. */
export function specialtyFor(subject: SubjectKey, grade: number): Specialty {
  if (grade <= 4 && PRIMARY_SUBJECTS.has(subject)) return "primary";
  return SUBJECT_SPECIALTY[subject];
}

/** Weekly hours a teacher is planned for; the allocator adds teachers until nobody is above MAX_TEACHER_HOURS. */
export const TARGET_TEACHER_HOURS = 26;
export const MAX_TEACHER_HOURS = 30;
/** One full teaching rate (ставка) is 18 hours a week. */
export const HOURS_PER_RATE = 18;

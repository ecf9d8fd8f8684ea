/** Russian wording of the curriculum (учебный план) and the load check pages, in one place. */

export const PART_NAMES = {
  MANDATORY: "Обязательная часть",
  ELECTIVE: "Часть, формируемая участниками образовательных отношений",
} as const;

/** Предметные области of ФГОС НОО, ООО and СОО, offered in the form (any other text is accepted too). */
export const AREAS = [
  "Русский язык и литературное чтение",
  "Русский язык и литература",
  "Родной язык и литературное чтение на родном языке",
  "Родной язык и родная литература",
  "Иностранный язык",
  "Иностранные языки",
  "Математика и информатика",
  "Обществознание и естествознание («Окружающий мир»)",
  "Основы религиозных культур и светской этики",
  "Основы духовно-нравственной культуры народов России",
  "Общественно-научные предметы",
  "Естественно-научные предметы",
  "Искусство",
  "Технология",
  "Физическая культура",
  "Основы безопасности и защиты Родины",
  "Физическая культура и основы безопасности и защиты Родины",
] as const;

/** Forms of the year's assessment (промежуточная аттестация), offered in the form. */
export const ASSESSMENT_FORMS = [
  "годовая отметка",
  "контрольная работа",
  "диктант с грамматическим заданием",
  "тестирование",
  "зачёт",
  "защита проекта",
  "комплексная работа",
  "сдача нормативов",
  "без аттестации",
] as const;

export const WEEK_NAMES: Record<number, string> = { 5: "пятидневная неделя", 6: "шестидневная неделя" };
const WEEK_INSTR: Record<number, string> = { 5: "при пятидневной неделе", 6: "при шестидневной неделе" };

/** «5 класс», «10 класс, профиль «Технологический»». */
export function curriculumName(c: { grade: number; profile: string }): string {
  return c.profile ? `${c.grade} класс, профиль «${c.profile}»` : `${c.grade} класс`;
}

/** Hours as people write them: «5», «1,5». */
export function hoursText(h: number): string {
  return String(Math.round(h * 10) / 10).replace(".", ",");
}

const SANPIN = "СанПиН 1.2.3685-21, табл. 6.6";

export const TEXT = {
  sanpin: SANPIN,
  pickSubject: "Выберите предмет из списка",
  subjectTaken: (name: string) => `Предмет «${name}» уже есть в этом плане`,
  oneDecimal: "Не больше одного знака после запятой",
  pickPart: "Выберите часть учебного плана",
  pickWeek: "Выберите 5 или 6 дней",
  firstGradeWeek: "В 1 классе — только пятидневная неделя (СанПиН 1.2.3685-21)",
  profileGrades: "Профили есть только в 10 и 11 классах",
  profileTaken: (name: string) => `Учебный план «${name}» в этом году уже есть`,
  pickProfile: "Выберите профиль из учебного плана этой параллели",
  /** The limit refusal (R-PLN-1) with the figures. */
  overLimit: (grade: number, weekDays: number, total: number, limit: number) =>
    `Недельная нагрузка ${grade} класса была бы ${hoursText(total)} ч, а ${WEEK_INSTR[weekDays] ?? ""} допустимо не больше ${limit} ч (${SANPIN}). Ничего не сохранено.`,
  /** R-PLN-1: the profile of a class is fixed for the year once lessons have begun. */
  profileFixed: (classes: string) =>
    `Профиль нельзя менять в течение учебного года: у ${classes} уже есть уроки в журнале. Профиль задаётся до начала года (в году-черновике или пока уроков нет).`,
  curriculumUsed: (classes: string) => `По этому профилю учатся классы ${classes}: сначала смените им профиль.`,
  copyNotDraft: "Копировать учебный план можно только в год-черновик",
  copyNoSource: "В прошлом учебном году нет учебного плана",
  copyTargetHas: (names: string) => `В этом году уже есть учебный план: ${names}. Копирование не выполнено — правьте план вручную или удалите эти планы.`,
  copyArchived: (names: string) =>
    `В плане прошлого года есть предметы в архиве: ${names}. Верните их из архива на странице «Предметы» или уберите из плана. Ничего не скопировано.`,
  copyOverLimit: (lines: string) => `После копирования нагрузка превысила бы допустимую (${SANPIN}): ${lines}. Ничего не скопировано.`,
  loadNeedsTeacher: "нужно назначить учителя",
};

/** Differences of the load against the curriculum (the load check). */
export const DIFF_TEXT = {
  missing: "нет в нагрузке",
  hours: (plan: number, load: number) => `в плане ${hoursText(plan)} ч, в нагрузке ${hoursText(load)} ч`,
  notInPlan: "нет в учебном плане",
  wholeInsteadOfGroups: "в плане — деление на группы, в нагрузке — весь класс",
  noPlan: "нет учебного плана для класса",
};

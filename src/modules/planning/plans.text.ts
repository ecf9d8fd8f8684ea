/** Russian wording of the calendar-thematic plans (КТП) and their import, in one place. */
import type { PlanStatus, PlanWorkKind } from "../../generated/prisma/enums.ts";
import { hoursText } from "./curriculum.text.ts";
import type { HoursCheck } from "./planning.hours.ts";

export const STATUS_NAMES: Record<PlanStatus, string> = {
  DRAFT: "черновик",
  SUBMITTED: "на утверждении",
  APPROVED: "утверждён",
  RETURNED: "возвращён на доработку",
};

export const STATUS_BADGES: Record<PlanStatus, string> = {
  DRAFT: "badge-info",
  SUBMITTED: "badge-warn",
  APPROVED: "badge-ok",
  RETURNED: "badge-bad",
};

/** Kinds of work a topic is (R-JRN-10), in the order of the form and the template. */
export const WORK_KINDS = ["CONTROL", "PRACTICAL", "LABORATORY", "EXCURSION", "DIAGNOSTIC", "TEST"] as const satisfies readonly PlanWorkKind[];

export const WORK_KIND_NAMES: Record<PlanWorkKind, string> = {
  CONTROL: "Контрольная работа",
  PRACTICAL: "Практическая работа",
  LABORATORY: "Лабораторная работа",
  EXCURSION: "Экскурсия",
  DIAGNOSTIC: "Диагностическая работа",
  TEST: "Тест",
};

/** Other spellings a teacher's spreadsheet may use for a kind of work (lower case, «ё» as «е»). */
export const WORK_KIND_ALIASES: Record<string, PlanWorkKind> = {
  контрольная: "CONTROL",
  "к/р": "CONTROL",
  кр: "CONTROL",
  диктант: "CONTROL",
  практическая: "PRACTICAL",
  "п/р": "PRACTICAL",
  пр: "PRACTICAL",
  лабораторная: "LABORATORY",
  "л/р": "LABORATORY",
  лр: "LABORATORY",
  диагностическая: "DIAGNOSTIC",
  тестирование: "TEST",
};

/** Lesson types offered in the form (any other text is accepted too). */
export const LESSON_TYPES = [
  "Урок открытия новых знаний",
  "Комбинированный урок",
  "Урок общеметодологической направленности",
  "Урок рефлексии",
  "Урок развивающего контроля",
  "Урок-практикум",
  "Урок-экскурсия",
] as const;

export const TABS = { mine: "Мои КТП", all: "Все КТП школы", review: "На утверждении", library: "Библиотека шаблонов" } as const;
export type Tab = keyof typeof TABS;

/** «Математика, 5 класс», «Физика, 10 класс, профиль «Технологический»». */
export function subjectGrade(subject: string, grade: number, profile: string): string {
  return `${subject}, ${grade} класс${profile ? `, профиль «${profile}»` : ""}`;
}

/** «по плану 170 ч, в учебном плане 5 ч × 34 нед. = 170 ч» and what differs (the difference is never hidden). */
export function hoursSummary(check: HoursCheck, yearName: string | null): { line: string; verdict: string } {
  const planned = `по плану ${hoursText(check.planned)} ч`;
  const c = check.curriculum;
  if (!c || check.diff === null)
    return { line: planned, verdict: `в учебном плане${yearName ? ` ${yearName}` : ""} нет этого предмета для этой параллели — сверить часы не с чем` };
  const line = `${planned}, в учебном плане ${hoursText(c.perWeek)} ч × ${c.weeks} нед. = ${hoursText(c.total)} ч`;
  if (check.diff === 0) return { line, verdict: "часы совпадают" };
  return { line, verdict: check.diff < 0 ? `не хватает ${hoursText(-check.diff)} ч` : `лишние ${hoursText(check.diff)} ч` };
}

export const TEXT = {
  notTaught: (subject: string, grade: number, year: string) => `Вы не ведёте «${subject}» в ${grade} классе в ${year}: КТП составляется для своих классов`,
  profileGrades: "Профиль указывается только в 10 и 11 классах",
  templatesOnly: "Шаблоны библиотеки ведут заместитель директора и администратор",
  yearClosed: "Учебный год закрыт: КТП доступен только для чтения",
  approvedLocked: "Утверждённый КТП изменить нельзя: создайте новую версию — прежняя останется в истории",
  submittedLocked: "КТП на утверждении: чтобы изменить его, сначала отзовите его с утверждения",
  superseded: "Это прежняя версия КТП: она хранится в истории и не меняется",
  approvedKept: "Утверждённый КТП не удаляется: он хранится в истории. Снимите назначение классам, если план больше не нужен",
  notSubmitted: "КТП не на утверждении: его уже утвердили или вернули",
  ownPlan: "Свой КТП утверждает другой сотрудник: автор не может утвердить собственный план",
  emptyPlan: "В КТП нет ни одной темы: добавьте темы перед отправкой на утверждение",
  commentNeeded: "Напишите, что нужно исправить: автор увидит этот комментарий",
  versionAssign: "Это новая версия КТП: классы прежней версии перейдут к ней, когда её утвердят",
  templateNotAssigned: "Шаблон не назначается классам: скопируйте его в свой КТП",
  pickJournal: "Выберите журнал из списка",
  rowsSaved: "Темы КТП сохранены",
  fixRows: "Исправьте выделенные строки: ничего не сохранено",
  // A row of topics: the table form, the pasted text and the spreadsheet share these messages.
  topicEmpty: "Заполните тему",
  hoursEmpty: "Укажите число часов",
  hoursNotNumber: (v: string) => `Часы — целое число от 1 до 99, а не «${v}»`,
  hoursWhole: "Часы — целое число (без дробной части)",
  hoursMin: "Не меньше 1 часа",
  hoursMax: "Не больше 99 часов на одну тему",
  tooLong: (max: number) => `Не длиннее ${max} символов`,
  workKindUnknown: (v: string) => `Неизвестный вид работы «${v}». Допустимо: ${Object.values(WORK_KIND_NAMES).join(", ")} или пусто`,
  pasteEmpty: "Вставьте строки из таблицы: каждая тема — с новой строки, столбцы через табуляцию",
  pasteLine: (n: number, column: string, message: string) => `Строка ${n}, «${column}»: ${message}`,
  tooManyRows: (max: number) => `В КТП не больше ${max} тем`,
  // The spreadsheet import.
  notXlsx: "Файл не читается как таблица Excel (.xlsx)",
  noSheet: "В файле нет листов",
  noColumn: "В первой строке нет этого столбца (скачайте шаблон)",
  noRows: "В файле нет ни одной строки с данными",
  pickFile: "Выберите файл .xlsx",
  needXlsx: "Нужен файл Excel в формате .xlsx",
  uploadApplied: "Этот файл уже загружен",
  fileHasErrors: (n: number) => `В файле есть ошибки (${n}): ничего не записано`,
};

/** Column titles of the КТП sheet: the same for the template, the export and the import. */
export const COLUMN_TITLES = {
  no: "№",
  section: "Раздел",
  topic: "Тема",
  hours: "Часы",
  lessonType: "Тип урока",
  workKind: "Вид работы",
  note: "Примечание",
} as const;

/** Entries of a plan's log (the audit log, entity "thematic-plan"). */
export const ACTION_NAMES: Record<string, string> = {
  create: "создан",
  copy: "создан копированием",
  settings: "изменены название и примечание",
  items: "изменены темы",
  "paste-append": "добавлены темы из таблицы",
  "paste-replace": "темы заменены вставкой из таблицы",
  import: "темы загружены из файла .xlsx",
  submit: "отправлен на утверждение",
  withdraw: "отозван с утверждения",
  approve: "утверждён",
  return: "возвращён на доработку",
  version: "создана новая версия",
  assign: "изменены классы",
  delete: "удалён",
};

/** The Russian words of the journal module, in one place: attendance codes, final mark values, refusals. */
import type { AttendanceCode, GradingMode } from "../../generated/prisma/enums.ts";
import { formatDate } from "../../lib/dates.ts";

export const ATTENDANCE_CODES = ["ABSENT", "ILL", "VALID", "INVALID", "LATE"] as const satisfies readonly AttendanceCode[];

/** The short codes teachers know from e-journals (school-conventions). */
export const ATTENDANCE_LABELS: Record<AttendanceCode, string> = { ABSENT: "Н", ILL: "Б", VALID: "УП", INVALID: "НП", LATE: "ОП" };

export const ATTENDANCE_NAMES: Record<AttendanceCode, string> = {
  ABSENT: "Н — отсутствовал, причина не известна",
  ILL: "Б — болезнь",
  VALID: "УП — уважительная причина",
  INVALID: "НП — неуважительная причина",
  LATE: "ОП — опоздание",
};

/** Codes that count as a missed lesson (late is not). */
export const ABSENCE_CODES: readonly AttendanceCode[] = ["ABSENT", "ILL", "VALID", "INVALID"];

/** Period and year final marks (R-JRN-7) by grading mode. */
export const FINAL_VALUES: Record<GradingMode, readonly string[]> = {
  MARKS: ["5", "4", "3", "2", "1", "н/а", "осв"],
  PASS_FAIL: ["зач", "незач", "н/а", "осв"],
  NONE: [],
};

export const FINAL_NAMES: Record<string, string> = {
  "5": "5 — отлично",
  "4": "4 — хорошо",
  "3": "3 — удовлетворительно",
  "2": "2 — неудовлетворительно",
  "1": "1",
  зач: "зачёт",
  незач: "незачёт",
  "н/а": "н/а — не аттестован",
  осв: "осв. — освобождён",
};

/** Suggestions for the lesson type (free text, R-JRN-1). */
export const LESSON_TYPES = [
  "Урок открытия новых знаний",
  "Комбинированный урок",
  "Урок закрепления знаний",
  "Урок обобщения и систематизации",
  "Урок развивающего контроля",
  "Урок рефлексии",
  "Контрольный урок",
  "Лабораторная работа",
  "Практическая работа",
  "Экскурсия",
];

/** The default kinds of work with their weights (the administrator may change them); isAssessment: «оценочная процедура» of the assessment schedule (R-PLN-6) — control works, tests, diagnostics. */
export const DEFAULT_ASSIGNMENT_TYPES: { name: string; shortName: string; weight: number; isControl: boolean; isAssessment: boolean }[] = [
  { name: "Ответ на уроке", shortName: "Отв", weight: 1, isControl: false, isAssessment: false },
  { name: "Самостоятельная работа", shortName: "С/р", weight: 1.5, isControl: false, isAssessment: false },
  { name: "Контрольная работа", shortName: "К/р", weight: 2, isControl: true, isAssessment: true },
  { name: "Диктант", shortName: "Дикт", weight: 2, isControl: true, isAssessment: true },
  { name: "Лабораторная работа", shortName: "Лаб", weight: 1.5, isControl: false, isAssessment: false },
  { name: "Практическая работа", shortName: "Пр/р", weight: 1.5, isControl: false, isAssessment: false },
  { name: "Домашнее задание", shortName: "Д/з", weight: 1, isControl: false, isAssessment: false },
  { name: "Проверочная работа", shortName: "Пров", weight: 1.5, isControl: false, isAssessment: false },
  { name: "Тест", shortName: "Тест", weight: 1.5, isControl: false, isAssessment: true },
  { name: "Диагностическая работа", shortName: "Диагн", weight: 1.5, isControl: false, isAssessment: true },
];

export const MSG = {
  closedYear: (name: string) => `Учебный год ${name} закрыт: журнал доступен только для просмотра.`,
  notOwn: "Вы можете изменять журнал только своих классов и предметов (по своей нагрузке или замене).",
  notOwnClass: "Исправлять посещаемость может только классный руководитель этого класса.",
  locked: (days: number) =>
    `Урок прошёл более ${days} дн. назад: отметки и посещаемость доступны только для просмотра. Исправить их может заместитель директора или администратор.`,
  reasonRequired: "Укажите причину исправления",
  future: "Урок ещё не прошёл: отметки и посещаемость вносятся в день урока или позже.",
  markValue: "Отметка — целое число от 1 до 5",
  notMember: (date: Date) => `Ученик не числился в классе (группе) на дату урока ${formatDate(date)}`,
  notMemberPeriod: "Ученик не числился в классе (группе) в этом периоде",
  marksNotUsed: "По этому предмету (классу) отметки не выставляются",
  typeUnknown: "Выберите вид работы из списка",
  typeArchived: "Этот вид работы в архиве: выберите другой",
  attendanceCode: "Выберите отметку посещаемости: Н, Б, УП, НП или ОП",
  finalValue: (allowed: readonly string[]) => `Итоговая отметка — одно из значений: ${allowed.join(", ")}`,
  periodNotStarted: "Период ещё не начался: итоговую отметку выставить нельзя",
  periodUnknown: "Период не найден",
  lessonDateOutside: "Дата урока должна быть внутри учебного периода",
  lessonHoliday: (name: string) => `Эта дата приходится на каникулы («${name}»)`,
  lessonHasData: "У урока есть отметки или посещаемость: удалить его нельзя. Сначала удалите отметки.",
  dueBeforeLesson: "Срок выполнения не может быть раньше даты урока",
  dueOutsideYear: "Срок выполнения должен быть в пределах учебного года",
  substituteUnknown: "Выберите учителя из списка",
  substituteSelf: "Замещающий учитель не может совпадать с учителем урока",
  typeNameTaken: "Вид работы с таким названием уже есть",
  exemptionDates: "Дата окончания не может быть раньше даты начала",
  exemptionStudent: "Выберите ученика своего класса",
  noLoad: "По этому классу и предмету нет нагрузки в текущем учебном году",
};

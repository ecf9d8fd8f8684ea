/** The diary's Russian wording in one place. */
import type { AttendanceCode } from "../../generated/prisma/enums.ts";

/** Short codes teachers and parents know (school-conventions) and their meaning. */
export const ATTENDANCE: Record<AttendanceCode, { code: string; title: string }> = {
  ABSENT: { code: "Н", title: "Отсутствовал(а)" },
  ILL: { code: "Б", title: "Болел(а)" },
  VALID: { code: "УП", title: "Пропуск по уважительной причине" },
  INVALID: { code: "НП", title: "Пропуск без уважительной причины" },
  LATE: { code: "ОП", title: "Опоздание" },
};
export const ATTENDANCE_ORDER: AttendanceCode[] = ["ABSENT", "ILL", "VALID", "INVALID", "LATE"];

export const WEEKDAY_NAMES = ["Воскресенье", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"];

export const TEXT = {
  diary: "Дневник",
  noStudents: "К вашей учётной записи не привязан ни один ученик. Обратитесь к классному руководителю.",
  badDate: "Дата в формате ДД.ММ.ГГГГ",
  badRange: "Начало периода не может быть позже конца",
  longRange: "Период не длиннее одного года",
  printTitle: "Дневник ученика за неделю",
  parentSignature: "Подпись родителя",
  teacherSignature: "Классный руководитель",
};

/**
 * Issue 23, безотметочное обучение: what the diary says instead of a table of dashes. `cls` is
 * the class name («1А»); the subjects are those graded «без отметок» (e.g. ОРКСЭ).
 */
export const MARKLESS = {
  marks: (cls: string) =>
    `В ${cls} классе обучение без отметок: отметки, средний балл и итоговые отметки не выставляются. Темы уроков и посещаемость — на вкладке «Неделя».`,
  week: (cls: string) => `В ${cls} классе обучение без отметок: отметки не ставятся. Здесь — темы уроков и посещаемость.`,
  print: (cls: string) => `В ${cls} классе обучение без отметок: отметки не ставятся.`,
  stats: (cls: string) => `В ${cls} классе обучение без отметок, поэтому статистики оценок и места в классе нет. Посещаемость — ниже.`,
  subjects: (names: readonly string[]) =>
    names.length === 1 ? `Предмет «${names[0]}» изучается без отметок.` : `Без отметок изучаются предметы: ${names.map((n) => `«${n}»`).join(", ")}.`,
};

/** «3-е место из 27». */
export function placeText(place: number, of: number): string {
  return `${place}-е место из ${of}`;
}

/** «08:30» from minutes since midnight. */
export function minutesText(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** «23.11» for compact lists. */
export function dayMonth(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

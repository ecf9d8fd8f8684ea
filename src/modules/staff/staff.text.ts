/** Russian strings of the personnel register (R-REG-5, R-RPT-5). */
import type { QualificationCategory, StaffEventKind } from "../../generated/prisma/enums.ts";
import { fullYears, yearsText } from "../../lib/birth-dates.ts";
import { formatDate } from "../../lib/dates.ts";

/** Length of service for the card: «с 01.09.2005 (21 год)», or «—» when the date is not known. */
export function serviceText(since: Date | null, on: Date): string {
  return since ? `с ${formatDate(since)} (${yearsText(Math.max(0, fullYears(since, on)))})` : "—";
}

export const EVENT_NAMES: Record<StaffEventKind, string> = { HIRE: "Приём на работу", TRANSFER: "Перевод", DISMISS: "Увольнение" };

export const CATEGORY_NAMES: Record<QualificationCategory, string> = {
  NONE: "Без категории",
  FIRST: "Первая",
  HIGHEST: "Высшая",
  CONFORMITY: "Соответствие занимаемой должности",
};
export const CATEGORY_CODES = Object.keys(CATEGORY_NAMES) as [QualificationCategory, ...QualificationCategory[]];

/** Education levels, highest first (the HR report counts each person's highest). */
export const EDUCATION_LEVELS = {
  POSTGRAD: "Высшее (аспирантура, учёная степень)",
  HIGHER: "Высшее",
  SECONDARY_PROF: "Среднее профессиональное",
  SECONDARY: "Среднее общее",
} as const;
export type EducationLevel = keyof typeof EDUCATION_LEVELS;
export const EDUCATION_CODES = Object.keys(EDUCATION_LEVELS) as [EducationLevel, ...EducationLevel[]];

export const SECTION_NAMES = {
  education: "Образование",
  qualification: "Квалификационная категория",
  award: "Награды и поощрения",
  training: "Повышение квалификации",
  methodical: "Методическая работа",
} as const;
export type Section = keyof typeof SECTION_NAMES;
export const SECTIONS = Object.keys(SECTION_NAMES) as Section[];

export const TEXT = {
  duplicate: "Сотрудник с такими ФИО и датой рождения уже есть",
  dismissed: "Сотрудник уволен: изменения карточки невозможны, кроме восстановления на работе приказом о приёме",
  alreadyDismissed: "Сотрудник уже уволен",
  notDismissed: "Сотрудник не уволен",
  dismissSelf: "Нельзя уволить самого себя",
  lastAdmin: "Это последний действующий администратор школы: сначала назначьте другого",
  beforeHire: "Дата не может быть раньше даты приёма на работу",
  toBeforeFrom: "Дата окончания раньше даты начала",
  futureYear: "Год не может быть в будущем",
};

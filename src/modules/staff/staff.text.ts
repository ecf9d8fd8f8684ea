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
  futureDate: "Дата не может быть в будущем",
};

/** Issue 17: staff consents, staff logins issued by HR, the register of staff admitted to personal data (001 §3.14). */
export const PD_TEXT = {
  consentSaved: "Согласие сотрудника на обработку персональных данных записано",
  consentRevoked: "Отзыв согласия записан. Учётная запись сотрудника не заблокирована: она отмечена для администратора.",
  undertakingSaved: "Обязательство о неразглашении записано: сотрудник допущен к персональным данным",
  undertakingRemoved: "Допуск к персональным данным снят",
  /** The personal-data parts of a staff card without the reader's own undertaking. */
  cardClosed:
    "Персональные данные карточки (дата рождения, контакты, образование, награды и другие разделы) закрыты: ваше обязательство о неразглашении не записано в реестре допущенных к персональным данным.",
  noConsent:
    "Нет записанного согласия сотрудника на обработку персональных данных: логин выдаётся только после записи согласия в личной карточке сотрудника (раздел «Персональные данные»).",
  graceBanner: (missing: number, revoked: number) =>
    `У ${missing + revoked} ${(missing + revoked) % 10 === 1 && (missing + revoked) % 100 !== 11 ? "сотрудника" : "сотрудников"} с учётной записью нет действующего согласия на обработку персональных данных` +
    (revoked ? ` (из них отозвали согласие: ${revoked})` : "") +
    ". Их учётные записи работают; запишите согласия в личных карточках.",
  graceLink: "Список сотрудников без согласия",
  nothingChosen: "Отметьте сотрудников, которым нужно выдать логин",
  issuedNobody: "Никому из отмеченных нельзя выдать логин сейчас: причины указаны в списке.",
  sheetTitle: "Ведомость получения учётных данных",
  slipsTitle: "Логины и временные пароли сотрудников",
};

/** Why a staff member gets no login from the HR page now. */
export const ISSUE_STATUS = {
  new: "получит логин",
  reissue: "получит новый временный пароль",
  "no-consent": "нет согласия на обработку ПДн",
  "consent-revoked": "согласие отозвано",
  "no-role": "должность не сопоставлена с ролью: учётную запись создаёт администратор",
  "admin-only": "пароль этой учётной записи сбрасывает администратор",
  blocked: "учётная запись заблокирована",
} as const;
export type IssueStatus = keyof typeof ISSUE_STATUS;

/** The Russian words of the admin module in one place: statuses, login results, audit names, refusals. */
import { formatDateTime } from "../../lib/dates.ts";
import { ROLE_NAMES, isRole } from "../../access/roles.ts";
import { clock } from "../../lib/clock.ts";

export const TEXT = {
  loginRule: "Логин: латинские буквы, цифры, точка, дефис или подчёркивание, от 3 до 40 символов",
  loginTaken: "Этот логин уже занят",
  loginNeeded: "Введите новый логин",
  loginHint: "Латинские буквы, цифры, точка, дефис, подчёркивание. Если оставить пустым, логин будет составлен из ФИО.",
  noRoles: "Выберите хотя бы одну роль",
  unknownRole: "Неизвестная роль",
  classTeacherNote:
    "Роль «Классный руководитель» здесь не назначается: она появляется сама у сотрудника, который ведёт класс текущего учебного года (классный руководитель указывается на странице класса).",
  badEmail: "Адрес электронной почты в виде name@example.ru",
  badPhone: "Телефон: цифры, пробелы, скобки, дефис и «+», от 5 до 20 символов",
  duplicatePerson: "В школе уже есть человек с такими же ФИО и датой рождения. Проверьте список ниже; если это другой человек, отметьте «Всё равно создать».",
  pickPerson: "Выберите человека из списка",
  personHasAccount: "У этого человека уже есть учётная запись",
  noStaffConsent:
    "Нет записанного согласия сотрудника на обработку персональных данных: логин сотруднику выдаётся только после записи согласия в его личной карточке (раздел «Персональные данные»).",
  consentDateNeeded: "Укажите дату согласия на обработку персональных данных: без него логин сотруднику не выдаётся",
  noConsent:
    "Нет записанного согласия на обработку персональных данных: логин ученику или родителю выдаётся только после записи согласия в личном деле ученика (раздел «Согласие»).",
  selfAdmin: "Нельзя снять роль администратора с самого себя: это сделает другой администратор.",
  lastAdmin: "Это последний действующий администратор школы: сначала назначьте другого администратора.",
  selfBlock: "Нельзя заблокировать собственную учётную запись.",
  lastAdminBlock: "Нельзя заблокировать последнего действующего администратора школы.",
  notLocked: "Учётная запись не была временно заблокирована.",
  alreadyBlocked: "Учётная запись уже заблокирована.",
  notBlocked: "Учётная запись не заблокирована.",
  passwordOnce: "Пароль показан один раз. Запишите его или распечатайте эту страницу сейчас: позже его посмотреть нельзя, можно только выдать новый.",
};

export type UserStatus = { kind: "ok" | "bad" | "warn"; text: string };

/** «активен», «заблокирован», «временно заблокирован до …», «должен сменить пароль». */
export function userStatuses(
  u: { blocked: boolean; blockedByConsent?: boolean; lockedUntil: Date | null; mustChangePassword: boolean },
  now = clock.now(),
): UserStatus[] {
  const out: UserStatus[] = [];
  if (u.blocked) out.push({ kind: "bad", text: u.blockedByConsent ? "заблокирован: отзыв согласия на обработку данных" : "заблокирован" });
  if (u.lockedUntil && u.lockedUntil > now) out.push({ kind: "bad", text: `временно заблокирован до ${formatDateTime(u.lockedUntil)}` });
  if (u.mustChangePassword) out.push({ kind: "warn", text: "должен сменить пароль" });
  if (!out.length) out.push({ kind: "ok", text: "активен" });
  return out;
}

/** Why a login attempt failed (LoginEvent.reason). */
export const LOGIN_REASONS: Record<string, string> = {
  "wrong-password": "Неверный пароль",
  "wrong-password-locked": "Неверный пароль, временная блокировка",
  locked: "Попытка во время временной блокировки",
  blocked: "Учётная запись заблокирована",
  "consent-revoked": "Вход закрыт: согласие на обработку данных отозвано",
  "unknown-login": "Неизвестный логин",
  // Sign-ins of diary apps with the «пароль для приложений» (issue 21).
  "wrong-app-password": "Приложение: неверный пароль для приложений",
  "no-app-password": "Приложение: пароль для приложений не создан или отозван",
  "other-school": "Приложение: выбрана другая школа",
  "app-staff": "Приложение: вход сотрудникам закрыт",
};

export const AUDIT_ENTITIES: Record<string, string> = {
  user: "Учётная запись",
  person: "Личные данные",
  mark: "Отметка",
  attendance: "Посещаемость",
  "final-mark": "Итоговая отметка",
  lesson: "Урок",
  school: "Настройки школы",
  subject: "Предмет",
  year: "Учебный год",
  class: "Класс",
  student: "Ученик",
  staff: "Сотрудник",
  // Personal files (src/modules/students; entityId is the person's id).
  "parent-link": "Родитель ученика",
  "student-note": "Достижения и заметки",
  "student-medical": "Медицинские сведения",
  "student-social": "Социально-психологические сведения",
  consent: "Согласие на обработку ПДн",
  "class-membership": "Зачисление в класс",
  gia: "ГИА",
  "role-grant": "Права ролей",
  "movement-order": "Приказ о движении",
  "timetable-entry": "Расписание",
  "timetable-change": "Замена или перенос урока",
  "journal-remark": "Замечание по журналу",
  "assignment-type": "Вид работы",
  "year-decision": "Решение педсовета",
  "academic-debt": "Академическая задолженность",
  "diagnostic-work": "Диагностическая работа",
  "diagnostic-result": "Результаты диагностической работы",
  exemption: "Освобождение",
  subgroup: "Подгруппа",
  "study-group": "Сводная группа",
  "teaching-load": "Педагогическая нагрузка",
  import: "Импорт",
  // Communication (issue 15) and planning (issue 16).
  announcement: "Объявление",
  message: "Сообщение",
  curriculum: "Учебный план",
  "thematic-plan": "КТП",
  "assessment-exception": "Исключение в графике оценочных процедур",
  "assessment-schedule": "График оценочных процедур",
  // The JSON API (issue 21).
  "api-token": "Токен для приложений (API)",
  // Issue 17: the register of staff admitted to personal data (entityId is the staff id).
  "pd-undertaking": "Обязательство о неразглашении ПДн",
  // Apps (issue 21).
  "app-password": "Пароль для приложений",
  // Registers of 002 §4 (issue 17, R-REG-9).
  "school-card": "Карточка учреждения",
  "reference-entry": "Справочник",
  "methodical-association": "Методическое объединение",
  // Events and the calendar (issue 18).
  event: "Событие",
  "calendar-feed": "Ссылка на календарь (iCalendar)",
};

export const AUDIT_ACTIONS: Record<string, string> = {
  create: "создание",
  update: "изменение",
  delete: "удаление",
  "update-roles": "изменение ролей",
  "rename-login": "изменение логина",
  block: "блокировка",
  unblock: "разблокировка",
  unlock: "снятие временной блокировки",
  "reset-password": "сброс пароля",
  "change-password": "смена пароля пользователем",
  "end-sessions": "завершение сеансов",
  revoke: "отзыв",
  "add-exam": "выбор предмета ГИА",
  "remove-exam": "отмена выбора предмета ГИА",
  result: "результат ГИА",
  reset: "возврат к значению по умолчанию",
  publish: "публикация для семей",
  unpublish: "снятие публикации",
  "refuse-stranded": "отказ от приказа из-за записей в журнале после даты",
};

/** Field names in audit values, shown in Russian where known. */
const AUDIT_FIELDS: Record<string, string> = {
  roles: "роли",
  login: "логин",
  blocked: "заблокирован",
  lockedUntil: "заблокирован до",
  failedLogins: "неудачных попыток",
  mustChangePassword: "должен сменить пароль",
  person: "ФИО",
  personId: "человек (код)",
  newPerson: "новый человек",
  position: "должность",
  sessions: "завершено сеансов",
  birthDate: "дата рождения",
  email: "e-mail",
  phone: "телефон",
  ungradedGrades: "классы без отметок",
  gradingMode: "оценивание",
};

const MAX_SHOWN = 400;

/**
 * A short readable form of an audit value: «ключ: значение» lines for a flat object
 * (roles by their Russian names), pretty JSON otherwise; cut to a few hundred characters.
 */
export function auditValueText(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => v === null || typeof v !== "object" || Array.isArray(v))) {
    text = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${AUDIT_FIELDS[k] ?? k}: ${scalarText(k, v)}`)
      .join("\n");
  } else {
    text = JSON.stringify(value, null, 2);
  }
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 1) + "…" : text;
}

function scalarText(key: string, v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return v ? "да" : "нет";
  if (Array.isArray(v)) {
    if (key === "roles") return v.map((r) => (typeof r === "string" && isRole(r) ? ROLE_NAMES[r] : String(r))).join(", ") || "—";
    return v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
  }
  if (typeof v === "string") return /^\d{4}-\d{2}-\d{2}T/.test(v) ? formatDateTime(new Date(v)) : v;
  if (typeof v === "number") return String(v);
  // Only scalars and lists reach here (auditValueText shows nested objects as JSON).
  return JSON.stringify(v) ?? "";
}

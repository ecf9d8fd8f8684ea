/** Russian texts of the events and the calendar (issue 18). */
import type { EventAudience } from "../../generated/prisma/enums.ts";

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const PLACE_MAX = 200;
/** «Ближайшие события» on the home pages: the next days, today included. */
export const UPCOMING_DAYS = 7;
/** A recurrence may run at most this long (a school year and a little). */
export const MAX_RECURRENCE_DAYS = 400;

export const AUDIENCE_NAMES: Record<EventAudience, string> = {
  SCHOOL: "Вся школа",
  GRADES: "Параллели",
  CLASSES: "Классы",
  STAFF: "Только сотрудники",
  PARENTS: "Только родители",
};

/** Weekdays for the recurrence's checkboxes, Monday first (the RRULE's BYDAY codes). */
export const WEEKDAYS = [
  { code: "MO", name: "Пн" },
  { code: "TU", name: "Вт" },
  { code: "WE", name: "Ср" },
  { code: "TH", name: "Чт" },
  { code: "FR", name: "Пт" },
  { code: "SA", name: "Сб" },
  { code: "SU", name: "Вс" },
] as const;

export const MONTH_NAMES = ["Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"];
export const MONTH_GENITIVE = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

export const MSG = {
  audience: "Выберите, для кого событие",
  classes: "Выберите хотя бы один класс",
  grades: "Выберите хотя бы одну параллель",
  time: "Время в формате ЧЧ:ММ",
  startTime: "Укажите время начала или отметьте «Весь день»",
  endBeforeStart: "Окончание не может быть раньше начала",
  weekdays: "Выберите дни недели для повторения",
  until: "Укажите, до какого дня повторять",
  untilBeforeStart: "Последний день повторения не может быть раньше начала",
  untilTooFar: `Повторять можно не дольше ${MAX_RECURRENCE_DAYS} дней`,
  multiDayRepeat: "Повторяющееся событие должно начинаться и заканчиваться в один день",
  forbiddenAudience: "Для таких адресатов вы не можете создавать события",
  notOccurrence: "В этот день события нет",
  created: "Событие создано",
  updated: "Событие изменено",
  deleted: "Событие удалено",
  cancelled: "Это занятие отменено",
  restored: "Отмена занятия снята",
  tooManyFiles: "Можно приложить один файл",
};

export const FEED_TEXT = {
  title: "Календарь в телефоне (iCalendar)",
  intro:
    "Личная ссылка на календарь: уроки, сроки домашних заданий и события школы. Добавьте её в календарь телефона («Подписаться на календарь» / «Добавить по URL»). Не передавайте ссылку другим: по ней видно ваше расписание.",
  none: "Ссылка ещё не создана.",
  createdAt: (d: string) => `Ссылка создана ${d}. Она показывается один раз; если вы её потеряли, создайте новую — старая перестанет работать.`,
  create: "Создать ссылку",
  replace: "Создать новую ссылку (старая перестанет работать)",
  revoke: "Отозвать ссылку",
  revoked: "Ссылка на календарь отозвана: по ней больше ничего не показывается.",
  noneToRevoke: "Ссылки на календарь не было.",
  issuedTitle: "Ссылка на календарь",
  issuedNote: "Скопируйте ссылку сейчас: она показывается один раз. В календаре телефона выберите «Добавить подписку» и вставьте её.",
  back: "Вернуться в «Персональные настройки»",
  calendarName: (school: string) => `Школа: ${school}`,
  homeworkDue: (subject: string) => `Сдать ДЗ: ${subject}`,
};

/** The hint under the attachment field: the school's limit. */
export function uploadHint(limits: { maxFileMb: number }): string {
  return `Один файл не больше ${limits.maxFileMb} МБ: документ, таблица, PDF, картинка.`;
}

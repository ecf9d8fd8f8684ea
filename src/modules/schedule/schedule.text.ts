/** Russian wording of the timetable pages, kept in one place so it stays consistent (R-SCH-1..2). */

export const WEEKDAYS = ["", "Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота"] as const;
/** «в понедельник», «во вторник» … for conflict messages. */
export const WEEKDAYS_AT = ["", "в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "в субботу"] as const;
export const WEEKDAYS_SHORT = ["", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб"] as const;

export const CHANGE_KIND_NAMES = {
  CANCEL: "Урок отменён",
  MOVE: "Урок перенесён",
  SUBSTITUTE: "Замена учителя",
  ROOM: "Другой кабинет",
} as const;

export const TEXT = {
  noYear: "В школе нет текущего учебного года. Сначала создайте его в разделе «Учебный год».",
  yearClosed: "Учебный год закрыт: его расписание доступно только для чтения (R-YR-1).",
  timeFormat: "Время в формате ЧЧ:ММ, например 08:30",
  endAfterStart: "Конец урока должен быть позже начала",
  slotOverlap: (n: number) => `Урок ${n} начинается раньше, чем закончился предыдущий`,
  noSlots: "Укажите время хотя бы одного урока",
  bellNameTaken: "Расписание звонков с таким названием уже есть",
  pickLoad: "Выберите предмет и учителя из нагрузки класса",
  pickTeacher: "Выберите учителя из списка",
  pickRoom: "Выберите кабинет из списка",
  weekday: "День недели — от понедельника до субботы",
  validToBeforeFrom: "Дата окончания не может быть раньше даты начала",
  weekdayOff: "В этот день недели в школе нет уроков",
  number: "Номер урока — от 1 до 8",
  dateOutsideYear: (from: string, to: string) => `Дата должна быть в пределах учебного года: с ${from} по ${to}`,
  teacherBusy: (teacher: string, where: string, when: string) => `Учитель ${teacher} ${when} уже ведёт урок: ${where}`,
  roomBusy: (room: string, where: string, when: string) => `Кабинет ${room} ${when} уже занят: ${where}`,
  classBusy: (cls: string, where: string, when: string) => `У класса ${cls} ${when} уже есть урок: ${where}`,
  substituteBusy: (teacher: string, where: string) => `Учитель ${teacher} в это время ведёт урок: ${where}`,
  substituteSame: "Замещающий учитель совпадает с учителем по расписанию",
  noLessonThatDay: "В этот день по расписанию нет такого урока",
  moveNothing: "Укажите новую дату или новый номер урока",
  moveSame: "Новые дата и номер совпадают с прежними",
  kind: "Выберите вид изменения",
  lessonHasData: "У урока есть отметки, посещаемость или записи — он сохранён и отмечен как расходящийся с расписанием",
  kept: (n: number) =>
    `Уроков, которых больше нет в расписании, но в них уже есть отметки, посещаемость, тема или домашнее задание: ${n}. Они сохранены в журнале — решите, что с ними делать, на странице «Расходятся с расписанием».`,
};

/** «2-й урок» */
export function lessonNo(n: number): string {
  return `${n}-й урок`;
}

/** «08:30» from minutes since midnight. */
export function formatMinute(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Minutes since midnight from «08:30» or «8:30» (also «8.30»); null when not a time of day. */
export function parseTime(text: string): number | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

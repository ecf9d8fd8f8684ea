/** The home page's Russian wording in one place. */
import type { AttendanceCode, MovementKind, StaffEventKind, TimetableChangeKind } from "../../generated/prisma/enums.ts";

/** Short attendance codes teachers and parents know (school-conventions). */
export const ATTENDANCE_CODES: Record<AttendanceCode, string> = { ABSENT: "Н", ILL: "Б", VALID: "УП", INVALID: "НП", LATE: "ОП" };

/** «Конец 2-й четверти», «Конец 1-го полугодия». */
export function periodEndName(number: number, kind: string): string {
  switch (kind) {
    case "HALF":
      return `Конец ${number}-го полугодия`;
    case "TRIMESTER":
      return `Конец ${number}-го триместра`;
    default:
      return `Конец ${number}-й четверти`;
  }
}

/** «2-я четверть», «1-е полугодие». */
export function periodName(number: number, kind: string): string {
  switch (kind) {
    case "HALF":
      return `${number}-е полугодие`;
    case "TRIMESTER":
      return `${number}-й триместр`;
    default:
      return `${number}-я четверть`;
  }
}

/** «2-ю четверть», «1-е полугодие» (за …). */
export function periodNameAcc(number: number, kind: string): string {
  return kind === "HALF" || kind === "TRIMESTER" ? periodName(number, kind) : `${number}-ю четверть`;
}

/** The state of a period system in the school year: «идёт 2-я четверть, до 28.12.2026». */
export const YEAR_TEXT = {
  grades: (from: number, to: number) => (from === to ? `${from}-е классы` : `${from}–${to} классы`),
  under: (period: string, end: string) => `идёт ${period}, до ${end}`,
  next: (period: string, start: string) => `${period} начнётся ${start}`,
  over: "учебные периоды окончены",
};

/** «08:30» from minutes since midnight. */
export function minuteText(m: number): string {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** «08:30–09:15», or null without a bell slot. */
export function slotText(start: number | null, end: number | null): string | null {
  return start === null || end === null ? null : `${minuteText(start)}–${minuteText(end)}`;
}

export const MOVEMENT_KINDS: Record<MovementKind, string> = {
  ENROL: "зачисление",
  TRANSFER: "перевод в другой класс",
  WITHDRAW: "выбытие",
  PROMOTE: "перевод в следующий класс",
  GRADUATE: "выпуск",
};

export const STAFF_EVENTS: Record<StaffEventKind, string> = { HIRE: "приём", TRANSFER: "перевод", DISMISS: "увольнение" };

export const CHANGE_KINDS: Record<TimetableChangeKind, string> = { CANCEL: "отмена", MOVE: "перенос", SUBSTITUTE: "замена учителя", ROOM: "другой кабинет" };

const WEEKDAYS = ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"];

/** «среда, 09.12». */
export function dayTitle(date: Date): string {
  const iso = date.toISOString();
  return `${WEEKDAYS[date.getUTCDay()]}, ${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

/** The heading of a day: «Сегодня, среда, 09.12», «Завтра, четверг, 10.12», «Суббота, 12.12». */
export function dayHeading(date: Date, today: Date): string {
  const days = Math.round((date.getTime() - today.getTime()) / 86_400_000);
  if (days === 0) return `Сегодня, ${dayTitle(date)}`;
  if (days === 1) return `Завтра, ${dayTitle(date)}`;
  const title = dayTitle(date);
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** «09.12» for compact lists. */
export function dayMonth(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

const MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

/** «ноябрь 2026». */
export function monthName(date: Date): string {
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** «3 урока», «1 урок», «5 уроков». */
export function plural(n: number, one: string, few: string, many: string): string {
  const t = n % 100;
  const u = n % 10;
  const word = t >= 11 && t <= 14 ? many : u === 1 ? one : u >= 2 && u <= 4 ? few : many;
  return `${n} ${word}`;
}

/** «45 %» of part in whole; «—» when whole is 0. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : "—";
}

/** Russian wording of the journal's notifications to families (journal.notify.ts): new marks, absences, forecasts of «2». */
import { periodFor, periodName } from "../../lib/periods-ru.ts";

const MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

/** «9 декабря» (a school day, a UTC-midnight Date). */
export function dayMonthGen(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS_GEN[date.getUTCMonth()]}`;
}

/** «ответ на уроке» from «Ответ на уроке»; an abbreviation («ВПР») stays as it is. */
function lowerFirst(s: string): string {
  return s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** «2-й урок, Математика», or «урок «Математика»» for a lesson without a number. */
function lessonName(number: number | null, subject: string): string {
  return number ? `${number}-й урок, ${subject}` : `урок «${subject}»`;
}

export interface MarkNews {
  value: number;
  /** The value the family was last told (null: a new mark). */
  before: number | null;
  /** AssignmentType.name: «Ответ на уроке». */
  work: string;
  date: Date;
}

/**
 * «Новая отметка: 5 — Математика» / «Отметка исправлена: 4 — Математика» / «Новые отметки: 5, 4 — Математика»;
 * the body names the child and each mark's work and lesson date («Алексеев Артём (5А): 4 (было 5) — ответ на уроке, 8 декабря.»).
 */
export function markNotice(child: string, subject: string, marks: readonly MarkNews[]): { title: string; body: string } {
  const values = marks.map((m) => m.value).join(", ");
  const corrected = marks.every((m) => m.before !== null);
  const title =
    marks.length === 1
      ? `${corrected ? "Отметка исправлена" : "Новая отметка"}: ${values}`
      : `${corrected ? "Отметки исправлены" : "Новые отметки"}: ${values}`;
  const entries = marks.map((m) => `${m.value}${m.before !== null ? ` (было ${m.before})` : ""} — ${lowerFirst(m.work)}, ${dayMonthGen(m.date)}`);
  return { title: `${title} — ${subject}`, body: `${child}: ${entries.join("; ")}.` };
}

/** «Отсутствие на уроке без указания причины: 2-й урок, Математика, 9 декабря» (all of the day's lessons with «Н» so far). */
export function absenceNotice(child: string, date: Date, lessons: readonly { number: number | null; subject: string }[]): { title: string; body: string } {
  const what = lessons.map((l) => lessonName(l.number, l.subject)).join("; ");
  return {
    title: `Отсутствие на ${lessons.length > 1 ? "уроках" : "уроке"} без указания причины: ${what}, ${dayMonthGen(date)}`,
    body: `${child}. Если причина отсутствия известна (болезнь, заявление), сообщите её классному руководителю.`,
  };
}

/** «Прогноз «2» за 2-ю четверть: Математика»; the body gives the average and the period's last day. */
export function forecastNotice(
  child: string,
  subject: string,
  period: { kind: string; number: number; endDate: Date },
  average: string,
): { title: string; body: string } {
  const name = periodName(period);
  return {
    title: `Прогноз «2» ${periodFor(period)}: ${subject}`,
    body:
      `${child}: средний балл по предмету «${subject}» — ${average}, по нему выходит «2» ${periodFor(period)}. ` +
      `${name.charAt(0).toUpperCase()}${name.slice(1)} заканчивается ${dayMonthGen(period.endDate)}: за две недели ещё можно исправить отметки, ` +
      `обсудите это с учителем.`,
  };
}

/** «Мало отметок за 2-ю четверть: Музыка» — fewer marks than the school's minimum for certification. */
export function fewMarksNotice(
  child: string,
  subject: string,
  period: { kind: string; number: number; endDate: Date },
  count: number,
  min: number,
): { title: string; body: string } {
  const name = periodName(period);
  return {
    title: `Мало отметок ${periodFor(period)}: ${subject}`,
    body:
      `${child}: по предмету «${subject}» ${count === 0 ? "пока нет ни одной отметки" : `пока ${marksWord(count)}`}, ` +
      `а для аттестации ${periodFor(period)} нужно не меньше ${min}. ` +
      `${name.charAt(0).toUpperCase()}${name.slice(1)} заканчивается ${dayMonthGen(period.endDate)}: обсудите с учителем, как получить недостающие отметки.`,
  };
}

const RU_PLURAL = new Intl.PluralRules("ru");
const MARK_FORMS: Partial<Record<Intl.LDMLPluralRule, string>> = { one: "отметка", few: "отметки" };

/** «1 отметка», «2 отметки», «5 отметок». */
function marksWord(n: number): string {
  return `${n} ${MARK_FORMS[RU_PLURAL.select(n)] ?? "отметок"}`;
}

/**
 * Russian wording of the schedule of assessment procedures («График оценочных процедур», R-PLN-6):
 * the rules of the federal letter СК-228/03 / 01-169/08-01 of 06.08.2021 in words, the sources of an
 * entry, the messages of the forms. One place, so a rule is named the same on the page, in the PDF
 * and in the diary.
 */
import { formatDate } from "../../lib/dates.ts";

/** The rules an entry is checked against (the keys are stored in AssessmentException.rule). */
export const RULES = ["one-per-day", "first-last-lesson", "frequency", "share"] as const;
export type RuleKey = (typeof RULES)[number];

export const RULE_NAMES: Record<RuleKey, string> = {
  "one-per-day": "не больше одной оценочной процедуры в классе в день",
  "first-last-lesson": "не на первом и не на последнем уроке дня (кроме предметов с одним уроком в неделю)",
  frequency: "по предмету не чаще одного раза в 2,5 недели в среднем",
  share: "по предмету не больше 10 % учебного времени в году",
};

/** Where an entry of the schedule comes from. */
export type Source = "planned" | "plan" | "recorded";

export const SOURCE_NAMES: Record<Source, string> = {
  planned: "запланирована учителем",
  plan: "по КТП",
  recorded: "проведена (в журнале)",
};

const ordinal = (n: number) => `${n}-я`;
const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toLocaleString("ru-RU");

/** The warning of each rule, with the figures that broke it. */
export const WARN = {
  onePerDay: (n: number, subjects: readonly string[]) =>
    `В этот день у класса ${n} оценочные процедуры (${subjects.join(", ")}), а допускается не больше одной в день.`,
  firstLast: (number: number, which: "first" | "last" | "only", weekly: number) =>
    `${number}-й урок — ${which === "first" ? "первый" : which === "last" ? "последний" : "единственный"} урок дня: оценочные процедуры не проводят на первом и последнем уроке, ` +
    `кроме предметов с одним уроком в неделю (по предмету уроков в неделю: ${weekly}).`,
  frequency: (rank: number, days: number, limit: number) =>
    `${ordinal(rank)} оценочная процедура по предмету за период: в периоде ${oneDecimal(days / 7)} нед., по правилу «не чаще одного раза в 2,5 недели» допускается не больше ${limit}.`,
  share: (rank: number, lessons: number, limit: number) =>
    `${ordinal(rank)} оценочная процедура по предмету за год: уроков предмета в году ${lessons}, а на оценочные процедуры отводится не больше 10 % — ${limit}.`,
};

export const TEXT = {
  title: "График оценочных процедур",
  lead:
    "Контрольные, проверочные, диагностические работы и тесты по классам на учебный период: запланированные учителями, взятые из утверждённых КТП " +
    "и уже проведённые. Правила письма Минпросвещения и Рособрнадзора СК-228/03 / 01-169/08-01 от 06.08.2021: не больше одной оценочной процедуры " +
    "в классе в день; не на первом и не на последнем уроке, кроме предметов с одним уроком в неделю; по предмету не чаще одного раза в 2,5 недели " +
    "и не больше 10 % учебного времени в году.",
  noYear: "В школе нет учебного года.",
  noPeriods: "Для этого класса в учебном году нет учебных периодов.",
  pickJournal: "Выберите предмет из списка",
  pickKind: "Выберите вид работы из списка оценочных процедур",
  dateOutside: (from: Date, to: Date) => `Дата вне выбранного периода: с ${formatDate(from)} по ${formatDate(to)}`,
  holiday: (name: string) => `В этот день нет уроков: ${name}`,
  dayOff: (weekDays: number) => `Это выходной день: у класса ${weekDays === 5 ? "пятидневная" : "шестидневная"} учебная неделя`,
  yearClosed: (name: string) => `Учебный год ${name} закрыт: график только для просмотра.`,
  reasonEmpty: "Укажите причину исключения: почему правило нарушено обоснованно",
  noSuchWarning: "Нарушения этого правила в этот день нет: исключение не нужно.",
  exceptionExists: "Исключение по этому правилу в этот день уже принято.",
  added: "Оценочная процедура добавлена в график.",
  addedWarn: "Оценочная процедура добавлена, но нарушает правила графика:",
  addedWarnTail: "Заместитель директора увидит это предупреждение и может принять обоснованное исключение или попросить перенести работу.",
  removed: "Оценочная процедура удалена из графика.",
  changed: "Оценочная процедура изменена.",
  changedWarn: "Оценочная процедура изменена, но нарушает правила графика:",
  accepted: "Исключение принято.",
  withdrawn: "Исключение отменено: предупреждение снова открыто.",
  published: (cls: string, period: string) => `График ${cls} класса на ${period} опубликован: его видят ученики и родители в дневнике.`,
  unpublished: (cls: string, period: string) => `Публикация графика ${cls} класса на ${period} снята.`,
  notPublished: "График оценочных процедур на этот период ещё не опубликован.",
  noEntries: "Оценочных процедур в этом периоде нет.",
  noClass: "Ученик не числится ни в одном классе текущего учебного года.",
};

/** «5А класс, 2-я четверть (05.11.2026 – 28.12.2026)». */
export function periodLine(cls: string, period: { name: string; startDate: Date; endDate: Date }): string {
  return `${cls} класс, ${period.name} (${formatDate(period.startDate)} – ${formatDate(period.endDate)})`;
}

/** The Russian words of the years module, in one place: statuses, period kinds, period names, refusals. */
import type { PeriodKind, YearStatus } from "../../generated/prisma/enums.ts";
import { formatDate } from "../../lib/dates.ts";
import { periodName as periodNameRu } from "../../lib/periods-ru.ts";

export const STATUS_NAMES: Record<YearStatus, string> = { DRAFT: "Черновик", CURRENT: "Текущий", CLOSED: "Закрыт" };

/** «четверти», «триместры», «полугодия»: the name of a period system. */
export const KIND_NAMES: Record<PeriodKind, string> = { QUARTER: "четверти", TRIMESTER: "триместры", HALF: "полугодия" };

/** How many periods each kind has (R-PLN-4). */
export const PERIOD_COUNT: Record<PeriodKind, number> = { QUARTER: 4, TRIMESTER: 3, HALF: 2 };

const GENITIVE_PLURAL: Record<PeriodKind, string> = { QUARTER: "четвертей", TRIMESTER: "триместров", HALF: "полугодий" };

/** «1-я четверть», «2-й триместр», «1-е полугодие» (nominative; other cases: src/lib/periods-ru.ts). */
export function periodName(kind: PeriodKind, number: number): string {
  return periodNameRu({ kind, number });
}

/** «4 четвертей»-style counts are awkward; this gives «четвертей», «триместров», «полугодий». */
export function periodsGenitive(kind: PeriodKind): string {
  return GENITIVE_PLURAL[kind];
}

export function gradeRange(from: number | null, to: number | null): string {
  if (from === null || to === null) return "все классы";
  return from === to ? `${from} класс` : `${from}–${to} классы`;
}

export function dateRange(from: Date, to: Date): string {
  return `${formatDate(from)}–${formatDate(to)}`;
}

export const MSG = {
  closedYear: (name: string) => `Учебный год ${name} закрыт: его данные доступны только для просмотра.`,
  anotherCurrent: (name: string) =>
    `Текущим уже является учебный год ${name}. Сначала закройте его (закрытие года — отдельная операция), затем сделайте текущим новый год.`,
  onlyDraftToCurrent: "Сделать текущим можно только год в статусе «Черновик».",
  finalMarksLock: (period: string) => `По периоду «${period}» уже выставлены итоговые отметки: его границы и номер изменить нельзя.`,
  yearMarksLock: (period: string) => `«${period}» — последний период года, а годовые отметки уже выставлены: его границы изменить нельзя.`,
  finalMarksLockSet: "По периодам этой системы уже выставлены итоговые отметки: систему нельзя изменить или удалить.",
  nameFormat: "Название в формате ГГГГ/ГГГГ, например 2027/2028",
  nameNextYear: "Второй год должен быть следующим за первым, например 2027/2028",
  nameTaken: "Учебный год с таким названием уже есть",
  endAfterStart: "Дата окончания должна быть позже даты начала",
  endNotBeforeStart: "Дата окончания не может быть раньше даты начала",
  startInFirstYear: (y: number) => `Учебный год должен начинаться в ${y} году`,
  endInSecondYear: (y: number) => `Учебный год должен заканчиваться в ${y} году`,
  notBeforeYear: (d: Date) => `Не раньше начала учебного года (${formatDate(d)})`,
  notAfterYear: (d: Date) => `Не позже окончания учебного года (${formatDate(d)})`,
  gradeOrder: "Класс «с» не может быть больше класса «по»",
  gradesBoth: "Укажите оба класса или оставьте оба поля пустыми",
  gradesOverlap: (kind: PeriodKind, from: number, to: number) => `Пересекается с системой «${KIND_NAMES[kind]}» (${gradeRange(from, to)})`,
  tooManyPeriods: (kind: PeriodKind) => `В системе «${KIND_NAMES[kind]}» номера периодов от 1 до ${PERIOD_COUNT[kind]}`,
  numberTaken: "Период с таким номером уже есть",
  periodOverlap: (name: string, from: Date, to: Date) => `Пересекается с периодом «${name}» (${dateRange(from, to)})`,
  periodAfter: (name: string, end: Date) => `Должен начинаться после окончания периода «${name}» (${formatDate(end)})`,
  periodBefore: (name: string, start: Date) => `Должен заканчиваться до начала периода «${name}» (${formatDate(start)})`,
  kindTooSmall: (kind: PeriodKind) => `У системы уже есть периоды с номерами больше ${PERIOD_COUNT[kind]}: сначала удалите лишние`,
  outsideNewDates: (what: string, from: Date, to: Date) => `${what} (${dateRange(from, to)}) не помещается в новые даты учебного года`,
  standardDoesNotFit: "Типовые даты не помещаются в даты учебного года: задайте периоды вручную.",
};

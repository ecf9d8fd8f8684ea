/** Russian strings of closing the year and of the archive integrity (R-YR-1, R-INT-1). */
import { addDays, formatDate } from "../../lib/dates.ts";
import type { YearDecisionKind } from "../../generated/prisma/enums.ts";

export const DECISION_NAMES: Record<YearDecisionKind, string> = {
  PROMOTE: "Перевести",
  PROMOTE_CONDITIONAL: "Перевести условно (академическая задолженность)",
  RETAIN: "Оставить на повторное обучение",
  GRADUATE: "Выпуск (окончил обучение)",
};

export const DECISION_SHORT: Record<YearDecisionKind, string> = {
  PROMOTE: "перевод",
  PROMOTE_CONDITIONAL: "условный перевод",
  RETAIN: "повторное обучение",
  GRADUATE: "выпуск",
};

export const STEP_NAMES: Record<string, string> = {
  start: "Подготовка",
  check: "Проверка перед закрытием",
  "next-year": "Следующий учебный год",
  classes: "Перевод классов",
  students: "Приказы о переводе и выпуске",
  carry: "Подгруппы и нагрузка в новый год",
  seal: "Печать целостности архива",
  finish: "Завершение",
  done: "Готово",
};

export const TEXT = {
  notEnded: (name: string, end: Date, asOf: Date) =>
    `Учебный год ${name} можно закрыть только после окончания последнего периода (${formatDate(end)}), то есть с ${formatDate(addDays(end, 1))}; сегодня ${formatDate(asOf)}.`,
  notCurrent: (name: string) => `Закрыть можно только текущий учебный год; ${name} не текущий.`,
  alreadyClosed: (name: string) => `Учебный год ${name} уже закрыт: повторное закрытие ничего не меняет.`,
  blocked: (n: number) =>
    `Закрытие невозможно: в проверке перед закрытием ${n} ${plural(n, "непринятый пункт", "непринятых пункта", "непринятых пунктов")}. Устраните их или примите к сведению.`,
  missingDecisions: (n: number) => `Нет решения педсовета для ${n} ${plural(n, "ученика", "учеников", "учеников")}: закрытие невозможно.`,
  orderNumberRequired: "Укажите номер приказа",
  orderDateRequired: "Укажите дату приказа",
  graduateOnlyFinal: "Выпуск возможен только из 9 или 11 класса",
  noPromotionFrom11: "Из 11 класса перевод невозможен",
  noDebts: "Условный перевод: у ученика нет годовых «2» или «н/а»",
  pickDecision: "Выберите решение",
  failedAt: (step: string, why: string) => `Закрытие отменено, ничего не изменено. Шаг «${STEP_NAMES[step] ?? step}»: ${why}`,
  noSeal: "Год не запечатан: печать создаётся при закрытии года.",
  sealOk: "Целостность подтверждена: данные журнала не менялись с момента закрытия года.",
  sealBad: "Нарушена целостность: данные архивного года изменены после закрытия.",
  interrupted: "Закрытие прервано (сервер был остановлен): ничего не изменено. Запустите закрытие снова.",
};

export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** Russian wording of «Выполнение программы» (R-PLN-5), in one place for the page, the PDF and the .xlsx. */
import { formatDate } from "../../lib/dates.ts";
import type { PlanStatus } from "../../generated/prisma/enums.ts";
import type { MissingPlan, ProgressReport, ProgressRow, ReportWork } from "./progress.service.ts";

export const TITLE = "Выполнение программы";

export const WORK_SHORT: Record<ReportWork, string> = { CONTROL: "К/р", PRACTICAL: "Пр/р", LABORATORY: "Лаб/р" };
export const WORK_NAMES: Record<ReportWork, string> = { CONTROL: "контрольные", PRACTICAL: "практические", LABORATORY: "лабораторные" };

const STATUS: Record<PlanStatus, string> = {
  DRAFT: "КТП — черновик",
  SUBMITTED: "КТП на утверждении",
  APPROVED: "КТП утверждён",
  RETURNED: "КТП возвращён на доработку",
};

/** Why a journal is in the list «без утверждённого КТП». */
export function missingText(m: MissingPlan): string {
  if (m.status === null) return "КТП не назначен";
  if (m.superseded) return "назначена прежняя версия КТП";
  return m.status === "APPROVED" ? "в КТП нет тем" : STATUS[m.status];
}

/** «2026/2027 учебный год · 2-я четверть · с 05.11.2026 по 09.12.2026» (without a period: the year up to today). */
export function subtitle(r: ProgressReport): string {
  const span = r.until < r.from ? `период ещё не начался (с ${formatDate(r.from)})` : `с ${formatDate(r.from)} по ${formatDate(r.until)}`;
  return `${r.year.name} учебный год · ${r.period ? `${r.period.label} · ` : ""}${span}`;
}

/** «5А, 1 группа». */
export function journalName(r: { className: string; subgroup: string | null }): string {
  return r.subgroup ? `${r.className}, ${r.subgroup}` : r.className;
}

/** «+2», «−3», «0». */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0";
}

/** «отставание 2 ч», «опережение 1 ч», «по плану». */
export function paceWords(r: ProgressRow): string {
  const d = r.pace.diff;
  return d < 0 ? `отставание ${-d} ч` : d > 0 ? `опережение ${d} ч` : "по плану";
}

/** «1 из 2» planned works done. */
export function worksText(w: { planned: number; done: number }): string {
  return w.planned || w.done ? `${w.done} из ${w.planned}` : "—";
}

/** «№3 Дроби; №5 Углы» (the first few, then «и ещё 4»). */
export function skippedText(r: ProgressRow, max = 3): string {
  if (!r.skipped.length) return "—";
  const shown = r.skipped.slice(0, max).map((s) => `№${s.position} ${s.topic}`);
  return r.skipped.length > max ? `${shown.join("; ")} и ещё ${r.skipped.length - max}` : shown.join("; ");
}

/** How the figures are counted: the page's and the documents' note (README «Выполнение программы»). */
export const EXPLAIN = [
  "План, ч — сколько часов КТП журнал должен был дать за период: n-й урок журнала проходит n-й час плана (учитываются уроки до конца периода или до сегодняшнего дня; сегодняшний — когда записана тема).",
  "Дано, ч — уроки периода с записанной темой (из КТП или своей).",
  "Работы — темы КТП этого вида, приходящиеся на часы периода, и проведённые: уроки на такой теме или с видом работы этого вида.",
  "Пропущены — темы КТП без уроков, когда следующие за ними уже пройдены.",
  "К дню отчёта: по плану N ч, пройдено M ч — час КТП, до которого дошёл журнал; M меньше N — отставание, больше — опережение.",
];

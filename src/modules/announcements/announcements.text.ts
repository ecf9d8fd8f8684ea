/** The Russian wording of the announcements board («Объявления»), in one place. */
import type { AnnouncementAudience } from "../../generated/prisma/enums.ts";

export const PAGE_SIZE = 20;
/** An unread announcement is marked «новое» (and counted in the header) for this many days after it was posted. */
export const NEW_DAYS = 30;
export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

export const AUDIENCE_NAMES: Record<AnnouncementAudience, string> = {
  SCHOOL: "Всей школе",
  STAFF: "Только сотрудникам",
  FAMILIES: "Родителям и (или) ученикам выбранных классов",
};

export const MSG = {
  audience: "Выберите, кому адресовано объявление",
  recipients: "Отметьте родителей, учеников или тех и других",
  classes: "Выберите хотя бы один класс или параллель",
  pastDate: "Дата не может быть раньше сегодняшней",
  created: "Объявление опубликовано",
  updated: "Объявление сохранено",
  deleted: "Объявление удалено",
  pinned: "Объявление закреплено вверху доски",
  unpinned: "Объявление откреплено",
  forbiddenAudience: "Вы не можете публиковать объявления для этих адресатов",
  forbiddenPin: "Закреплять объявления может только администрация школы",
  tooManyFiles: (max: number) => `К объявлению можно приложить не больше ${max} файлов (вместе с уже приложенными).`,
} as const;

/** The hint under the files field: the school's limits. */
export function uploadHint(limits: { maxFileMb: number; maxFiles: number }): string {
  return `До ${limits.maxFiles} файлов, каждый не больше ${limits.maxFileMb} МБ: документы, таблицы, PDF, картинки, архивы. Можно выбрать несколько сразу.`;
}

/** «5А, 6Б» and «7 классы» for the classes and grades of a FAMILIES announcement. */
export function familiesTarget(classNames: readonly string[], grades: readonly number[]): string {
  const parts = [...grades.map((g) => `${g} классы`), ...classNames];
  return parts.join(", ");
}

/** Who an announcement is for, in words: «Всей школе», «Сотрудникам», «Родителям и ученикам: 5А, 7 классы». */
export function audienceLabel(a: {
  audience: AnnouncementAudience;
  toParents: boolean;
  toStudents: boolean;
  grades: readonly number[];
  classNames: readonly string[];
}): string {
  if (a.audience === "SCHOOL") return "Всей школе";
  if (a.audience === "STAFF") return "Сотрудникам";
  const who = a.toParents && a.toStudents ? "Родителям и ученикам" : a.toParents ? "Родителям" : "Ученикам";
  const target = familiesTarget(a.classNames, a.grades);
  return target ? `${who}: ${target}` : who;
}

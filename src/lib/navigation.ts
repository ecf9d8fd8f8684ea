/** The navigation for a role: each item shows only if the policy allows it. */
import type { Actor } from "../access/actor.ts";
import { can } from "../access/policy.ts";

export interface NavItem {
  href: string;
  label: string;
}

type Rule = NavItem & { show: (a: Actor) => boolean };

const ITEMS: Rule[] = [
  { href: "/", label: "Главная", show: () => true },
  { href: "/today", label: "Сегодня", show: (a) => a.roles.has("TEACHER") },
  { href: "/diary", label: "Дневник", show: (a) => can(a, "view", "diary") },
  { href: "/journal", label: "Журнал", show: (a) => can(a, "view", "journal") },
  { href: "/schedule", label: "Расписание", show: (a) => can(a, "view", "timetable") },
  { href: "/class", label: "Мой класс", show: (a) => a.ledClassIds.length > 0 },
  { href: "/diary/print", label: "Печать дневников", show: (a) => a.ledClassIds.length > 0 || a.roles.has("DEPUTY") },
  { href: "/setup/years", label: "Учебный год", show: (a) => can(a, "update", "year") },
  { href: "/setup/classes", label: "Классы", show: (a) => can(a, "view", "class") && can(a, "update", "class") },
  { href: "/setup/subjects", label: "Предметы", show: (a) => can(a, "update", "subject") },
  { href: "/setup/rooms", label: "Кабинеты", show: (a) => can(a, "update", "room") },
  { href: "/setup/load", label: "Нагрузка", show: (a) => can(a, "update", "teaching-load") },
  { href: "/movement", label: "Книга движения", show: (a) => can(a, "view", "movement") },
  { href: "/staff", label: "Кадры", show: (a) => can(a, "view", "staff-file") },
  { href: "/imports", label: "Импорт и экспорт", show: (a) => can(a, "view", "register-import") },
  { href: "/students", label: "Ученики", show: (a) => can(a, "view", "student-file") },
  { href: "/admin/users", label: "Пользователи", show: (a) => can(a, "view", "user") },
  { href: "/reports", label: "Отчёты", show: (a) => can(a, "view", "report") },
  { href: "/admin/audit", label: "Журнал изменений", show: (a) => can(a, "view", "audit") },
  { href: "/admin/school", label: "Настройки школы", show: (a) => can(a, "update", "school") },
  { href: "/year-close", label: "Закрытие года", show: (a) => can(a, "view", "year-close") },
  { href: "/integrity", label: "Целостность архива", show: (a) => can(a, "view", "integrity") },
];

export function navigationFor(actor: Actor | undefined): NavItem[] {
  if (!actor) return [];
  return ITEMS.filter((i) => i.show(actor)).map(({ href, label }) => ({ href, label }));
}

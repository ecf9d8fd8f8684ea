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
  { href: "/setup/years", label: "Учебный год", show: (a) => can(a, "update", "year") },
  { href: "/setup/classes", label: "Классы", show: (a) => can(a, "view", "class") && can(a, "update", "class") },
  { href: "/setup/subjects", label: "Предметы", show: (a) => can(a, "update", "subject") },
  { href: "/setup/rooms", label: "Кабинеты", show: (a) => can(a, "update", "room") },
  { href: "/setup/load", label: "Нагрузка", show: (a) => can(a, "update", "teaching-load") },
  { href: "/admin/users", label: "Пользователи", show: (a) => can(a, "view", "user") },
  { href: "/admin/audit", label: "Журнал изменений", show: (a) => can(a, "view", "audit") },
  { href: "/admin/school", label: "Настройки школы", show: (a) => can(a, "update", "school") },
];

export function navigationFor(actor: Actor | undefined): NavItem[] {
  if (!actor) return [];
  return ITEMS.filter((i) => i.show(actor)).map(({ href, label }) => ({ href, label }));
}

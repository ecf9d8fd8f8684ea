/** The navigation for a role: each item shows only if the policy allows it (templates never see role names). */
import type { Actor } from "./actor.ts";
import { can, reach } from "./policy.ts";

export interface NavItem {
  href: string;
  label: string;
}

const REPORT_ENTITIES = ["report", "attendance-report", "paper-report", "activity-report"] as const;

type Rule = NavItem & { show: (a: Actor) => boolean };

const ITEMS: Rule[] = [
  { href: "/", label: "Главная", show: () => true },
  { href: "/today", label: "Сегодня", show: (a) => can(a, "view", "today") },
  { href: "/diary", label: "Дневник", show: (a) => can(a, "view", "diary") },
  { href: "/journal", label: "Журнал", show: (a) => can(a, "view", "journal") },
  { href: "/schedule", label: "Расписание", show: (a) => can(a, "view", "timetable") },
  { href: "/class", label: "Мой класс", show: (a) => reach(a, "update", "journal").classIds.length > 0 },
  { href: "/diary/print", label: "Печать дневников", show: (a) => canPrintSomeClass(a) },
  { href: "/setup/years", label: "Учебный год", show: (a) => can(a, "update", "year") },
  { href: "/setup/classes", label: "Классы", show: (a) => can(a, "view", "class") && can(a, "update", "class") },
  { href: "/setup/subjects", label: "Предметы", show: (a) => can(a, "update", "subject") },
  { href: "/setup/rooms", label: "Кабинеты", show: (a) => can(a, "update", "room") },
  { href: "/setup/load", label: "Нагрузка", show: (a) => can(a, "update", "teaching-load") },
  { href: "/movement", label: "Книга движения", show: (a) => can(a, "view", "movement") },
  { href: "/staff", label: "Кадры", show: (a) => can(a, "view", "staff-file") },
  { href: "/imports", label: "Импорт и экспорт", show: (a) => can(a, "view", "import-staff") || can(a, "view", "import-students") },
  { href: "/students", label: "Ученики", show: (a) => can(a, "view", "student-file") },
  { href: "/admin/users", label: "Пользователи", show: (a) => can(a, "view", "user") },
  { href: "/reports", label: "Отчёты", show: (a) => REPORT_ENTITIES.some((e) => can(a, "view", e)) },
  { href: "/admin/audit", label: "Журнал изменений", show: (a) => can(a, "view", "audit") },
  { href: "/admin/rights", label: "Права ролей", show: (a) => can(a, "view", "role-grant") },
  { href: "/admin/school", label: "Настройки школы", show: (a) => can(a, "update", "school") },
  { href: "/year-close", label: "Закрытие года", show: (a) => can(a, "view", "year-close") },
  { href: "/integrity", label: "Целостность архива", show: (a) => can(a, "view", "integrity") },
];

/** Diary printouts: school-wide, or for classes led. */
function canPrintSomeClass(a: Actor): boolean {
  const r = reach(a, "view", "diary-print");
  return r.all || r.classIds.length > 0;
}

export function navigationFor(actor: Actor | undefined): NavItem[] {
  if (!actor) return [];
  return ITEMS.filter((i) => i.show(actor)).map(({ href, label }) => ({ href, label }));
}

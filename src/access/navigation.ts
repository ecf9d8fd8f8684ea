/**
 * The main menu for a role: each item shows only if the policy allows it (templates never see role
 * names). Daily pages are direct links; the rest is grouped into a few sections («Ученики»,
 * «Отчёты», «Школа») shown as disclosure groups, so every role's menu fits on one line of a 1024 px
 * screen. A section with one visible item is shown as that item's link. The entry holding the
 * current page is marked, so the active section is visible even while its group is closed.
 */
import type { Actor } from "./actor.ts";
import { can, reach } from "./policy.ts";

export type NavGroupKey = "students" | "planning" | "reports" | "school";

/** Section names: short Russian words, in the order they appear among the links. */
export const NAV_GROUPS: Record<NavGroupKey, string> = {
  students: "Ученики",
  planning: "Планирование",
  reports: "Отчёты",
  school: "Школа",
};

export interface NavLink {
  href: string;
  label: string;
  /** The page shown is this item's (aria-current="page"). */
  current: boolean;
}

export interface NavGroup {
  key: NavGroupKey;
  label: string;
  /** The page shown belongs to one of the group's items. */
  current: boolean;
  items: NavLink[];
}

export type NavEntry = ({ kind: "link" } & NavLink) | ({ kind: "group" } & NavGroup);

export interface Navigation {
  entries: NavEntry[];
  /** The label of the entry holding the current page (shown on the phone's menu button), if any. */
  currentLabel: string | null;
}

const REPORT_ENTITIES = [
  "report",
  "attendance-report",
  "paper-report",
  "activity-report",
  "substitution-report",
  "medical-report",
  "social-report",
  "gia-report",
  "diagnostic-report",
] as const;

interface Rule {
  href: string;
  label: string;
  /** The label inside its group when it differs from the stand-alone one (the group already says «Отчёты»). */
  inGroup?: string;
  group?: NavGroupKey;
  /** Other address prefixes whose pages belong to this item. */
  also?: string[];
  show: (a: Actor) => boolean;
}

// «Объявления», «Сообщения» and «Уведомления» are in the header with their unread counts
// (views/layouts/base.ejs, src/modules/inbox), not in this menu.
const RULES: Rule[] = [
  { href: "/", label: "Главная", show: () => true },
  { href: "/today", label: "Сегодня", show: (a) => can(a, "view", "today") },
  { href: "/diary", label: "Дневник", show: (a) => can(a, "view", "diary") },
  { href: "/journal", label: "Журнал", show: (a) => can(a, "view", "journal") },
  { href: "/schedule", label: "Расписание", show: (a) => can(a, "view", "timetable") },
  // Events and the calendar (issue 18): every role has the month of its audience; the administration's full bar keeps
  // it under «Школа» (with the school's settings), so the bar still fits 1024 px.
  { href: "/events", label: "Календарь", show: (a) => can(a, "view", "event") && !can(a, "view", "school") },
  { href: "/class", label: "Мой класс", show: (a) => reach(a, "update", "journal").classIds.length > 0 },
  { href: "/students", label: "Ученики", inGroup: "Список учеников", group: "students", show: (a) => can(a, "view", "student-file") },
  { href: "/movement", label: "Книга движения", group: "students", show: (a) => can(a, "view", "movement") },
  { href: "/diary/print", label: "Печать дневников", group: "students", show: (a) => canPrintSomeClass(a) },
  // A class teacher keeps only the own class's families' logins: with the pupils, so the bar still fits 1024 px.
  { href: "/admin/users", label: "Пользователи", group: "students", show: (a) => can(a, "view", "user") && !reach(a, "view", "user").all },
  { href: "/staff", label: "Кадры", show: (a) => can(a, "view", "staff-file") },
  // Planning (issue 16): families see the published assessment schedule in the diary, not here (their view is not school-wide).
  { href: "/planning/plans", label: "КТП", group: "planning", show: (a) => can(a, "view", "thematic-plan") },
  { href: "/planning/curriculum", label: "Учебный план", group: "planning", also: ["/planning/load-check"], show: (a) => can(a, "view", "curriculum") },
  { href: "/planning/progress", label: "Выполнение программы", group: "planning", show: (a) => can(a, "view", "program-report") },
  {
    href: "/planning/assessments",
    label: "График оценочных процедур",
    group: "planning",
    show: (a) => reach(a, "view", "assessment-schedule").all,
  },
  { href: "/diagnostics", label: "ВПР и диагностические работы", group: "planning", show: (a) => can(a, "view", "diagnostic-work") },
  // Methodical associations (issue 17, R-REG-9): the administration's list; a leader opens the own from «КТП».
  { href: "/methodical", label: "Методические объединения", group: "planning", show: (a) => reach(a, "view", "methodical-association").all },
  // The administration plans the school's events: «Календарь» in «Планирование» (the «Школа» group must fit a phone's screen).
  { href: "/events", label: "Календарь", group: "planning", show: (a) => can(a, "view", "event") && can(a, "view", "school") },
  { href: "/reports", label: "Отчёты", inGroup: "Все отчёты", group: "reports", show: (a) => REPORT_ENTITIES.some((e) => can(a, "view", e)) },
  { href: "/admin/audit", label: "Журнал изменений", group: "reports", show: (a) => can(a, "view", "audit") },
  { href: "/admin/notifications", label: "Журнал доставки", group: "reports", show: (a) => can(a, "view", "notification-log") },
  { href: "/integrity", label: "Целостность архива", group: "reports", show: (a) => can(a, "view", "integrity") },
  // The server's state, with the backups one click away (their page has no entry of its own: the menu fits a phone).
  { href: "/admin/server", label: "Состояние сервера", group: "reports", also: ["/admin/backups"], show: (a) => can(a, "view", "server-health") },
  // The institution card and the reference lists are tabs of the settings (R-REG-9).
  { href: "/admin/school", label: "Настройки школы", group: "school", also: ["/admin/references"], show: (a) => can(a, "update", "school") },
  { href: "/setup/years", label: "Учебный год", group: "school", show: (a) => can(a, "update", "year") },
  {
    href: "/setup/classes",
    label: "Классы",
    group: "school",
    also: ["/setup/subgroups", "/setup/groups"],
    show: (a) => can(a, "view", "class") && can(a, "update", "class"),
  },
  { href: "/setup/subjects", label: "Предметы", group: "school", show: (a) => can(a, "update", "subject") },
  { href: "/setup/rooms", label: "Кабинеты", group: "school", show: (a) => can(a, "update", "room") },
  { href: "/setup/load", label: "Нагрузка", group: "school", show: (a) => can(a, "update", "teaching-load") },
  // The school's API tokens (issue 21) are one click from the users: their page has no entry of its own.
  { href: "/admin/users", label: "Пользователи", group: "school", also: ["/admin/api-tokens"], show: (a) => reach(a, "view", "user").all },

  { href: "/admin/rights", label: "Права ролей", group: "school", show: (a) => can(a, "view", "role-grant") },
  { href: "/messages/complaints", label: "Жалобы на сообщения", group: "school", show: (a) => can(a, "view", "message-moderation") },
  { href: "/imports", label: "Импорт и экспорт", group: "school", show: (a) => can(a, "view", "import-staff") || can(a, "view", "import-students") },
  { href: "/year-close", label: "Закрытие года", group: "school", show: (a) => can(a, "view", "year-close") },
];

/** Diary printouts: school-wide, or for classes led. */
function canPrintSomeClass(a: Actor): boolean {
  const r = reach(a, "view", "diary-print");
  return r.all || r.classIds.length > 0;
}

/** How closely an address belongs to a prefix: its length on a path-segment boundary, else -1 ("/" only matches itself). */
function matchLength(path: string, prefix: string): number {
  if (prefix === "/") return path === "/" ? 1 : -1;
  return path === prefix || path.startsWith(prefix + "/") ? prefix.length : -1;
}

/** Every page the actor's menu leads to, in menu order (the groups flattened). */
export function navigationItems(actor: Actor | undefined): { href: string; label: string; group?: NavGroupKey }[] {
  if (!actor) return [];
  return RULES.filter((r) => r.show(actor)).map(({ href, label, group }) => (group ? { href, label, group } : { href, label }));
}

/**
 * The menu of the actor on the page at `path`: direct links and groups in menu order; the item
 * with the longest matching address prefix is the current one (/diary/print is «Печать
 * дневников», not «Дневник»).
 */
export function navigationFor(actor: Actor | undefined, path = "/"): Navigation {
  if (!actor) return { entries: [], currentLabel: null };
  const visible = RULES.filter((r) => r.show(actor));
  let best: Rule | undefined;
  let bestLength = -1;
  for (const r of visible) {
    const length = Math.max(...[r.href, ...(r.also ?? [])].map((p) => matchLength(path, p)));
    if (length > bestLength) [best, bestLength] = [r, length];
  }

  const entries: NavEntry[] = [];
  const groups = new Map<NavGroupKey, NavGroup & { kind: "group" }>();
  for (const r of visible) {
    const current = r === best;
    if (!r.group) {
      entries.push({ kind: "link", href: r.href, label: r.label, current });
      continue;
    }
    let g = groups.get(r.group);
    if (!g) {
      g = { kind: "group", key: r.group, label: NAV_GROUPS[r.group], current: false, items: [] };
      groups.set(r.group, g);
      entries.push(g);
    }
    g.items.push({ href: r.href, label: r.inGroup ?? r.label, current });
    g.current ||= current;
  }

  // A section with a single item for this role is simply that item's link, under its own name.
  const flat = entries.map((e): NavEntry => {
    if (e.kind !== "group" || e.items.length > 1) return e;
    const only = visible.find((r) => r.href === e.items[0]!.href)!;
    return { kind: "link", href: only.href, label: only.label, current: e.current };
  });
  const active = flat.find((e) => e.current);
  return { entries: flat, currentLabel: active ? active.label : null };
}

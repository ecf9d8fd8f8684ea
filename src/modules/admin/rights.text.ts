/** Russian names of the permission catalogue for the page «Права ролей» (src/access/permissions.ts). */
import type { Action, Entity, Scope } from "../../access/permissions.ts";

export const ENTITY_GROUPS: readonly { title: string; entities: readonly Entity[] }[] = [
  {
    title: "Школа и учебный год",
    entities: ["school", "year", "room", "subject", "class", "subgroup", "study-group", "teaching-load", "assignment-type", "timetable"],
  },
  { title: "Журнал и дневник", entities: ["journal", "journal-override", "journal-remark", "today", "diary", "diary-print"] },
  {
    title: "Ученики и родители",
    entities: ["student-file", "student-medical", "student-social", "parent-card", "consent", "account-issue", "gia", "personal-data-log"],
  },
  { title: "Реестры и кадры", entities: ["movement", "staff-file", "hr-report", "import-staff", "import-students"] },
  { title: "Отчёты", entities: ["report", "attendance-report", "paper-report", "activity-report", "substitution-report"] },
  { title: "Общение", entities: ["announcement", "message", "message-moderation", "notification-log"] },
  { title: "Планирование", entities: ["curriculum", "thematic-plan", "plan-review", "program-report", "assessment-schedule"] },
  { title: "Администрирование", entities: ["user", "audit", "role-grant", "year-close", "integrity", "server-health", "backup", "api-token"] },
  { title: "Приложения", entities: ["app-password"] },
];

export const ENTITY_NAMES: Record<Entity, string> = {
  school: "Настройки школы",
  year: "Учебные годы, периоды, каникулы",
  room: "Кабинеты",
  subject: "Предметы",
  class: "Классы и классные руководители",
  subgroup: "Подгруппы",
  "study-group": "Сводные группы (ГПД, элективы, факультативы, внеурочная деятельность)",
  "teaching-load": "Педагогическая нагрузка",
  "assignment-type": "Виды работ и их веса",
  timetable: "Расписание и звонки",
  journal: "Классный журнал",
  "journal-override": "Исправление отметок старше срока (с причиной)",
  "journal-remark": "Замечания по ведению журнала",
  today: "«Сегодня»: свои уроки дня",
  diary: "Дневник",
  "diary-print": "Печать дневников для родителей",
  "student-file": "Личные дела учеников",
  "student-medical": "Медицинские сведения",
  "student-social": "Социально-психологические сведения",
  "parent-card": "Карточки родителей",
  consent: "Согласия на обработку персональных данных",
  "account-issue": "Выдача логинов ученикам и родителям",
  gia: "ГИА: экзамены и результаты",
  "personal-data-log": "Журнал изменений персональных данных",
  movement: "Книга движения учащихся",
  "staff-file": "Личные карточки сотрудников",
  "hr-report": "Кадровые отчёты",
  "import-staff": "Импорт и экспорт сотрудников",
  "import-students": "Импорт и экспорт учеников и родителей",
  report: "Отчёты: проверка журналов, успеваемость, диаграммы",
  "attendance-report": "Отчёт о посещаемости",
  "paper-report": "Бумажная копия журнала, сводная ведомость",
  "activity-report": "Активность пользователей",
  "substitution-report": "Журнал замещения уроков",
  user: "Учётные записи пользователей",
  audit: "Журнал изменений",
  "role-grant": "Права ролей",
  "year-close": "Закрытие учебного года",
  integrity: "Целостность архива",
  "server-health": "Состояние сервера",
  backup: "Резервные копии базы",
  announcement: "Объявления (чтение — по адресатам)",
  message: "Сообщения (создание — кому можно писать)",
  "message-moderation": "Жалобы на сообщения, скрытие сообщений",
  "notification-log": "Журнал доставки уведомлений и очередь",
  curriculum: "Учебный план",
  "thematic-plan": "Календарно-тематические планы (КТП) и их шаблоны",
  "plan-review": "Согласование КТП",
  "program-report": "Отчёт «Выполнение программы»",
  "assessment-schedule": "График оценочных процедур (родители и ученики — опубликованный)",
  "api-token": "Токены для приложений (API): свои; администратор — все токены школы",
  "app-password": "Пароль для приложений (дневник в приложениях «Сетевого города», только чтение)",
};

export const ACTION_NAMES: Record<Action, string> = { view: "просмотр", create: "создание", update: "изменение", delete: "удаление" };

export const SCOPE_NAMES: Record<Scope, string> = {
  school: "вся школа",
  taught: "своя нагрузка",
  "own-classes": "свой класс",
  "own-children": "свои дети",
  self: "только своё",
  none: "нет",
};

export const TEXT = {
  saved: (n: number) => (n ? `Права ролей сохранены (изменено ячеек: ${n}).` : "Изменений нет."),
  reset: (n: number) => (n ? `Восстановлены права по умолчанию (отменено изменений: ${n}).` : "Изменений не было: права уже по умолчанию."),
  notAllowed: "Эту область нельзя назначить этой роли: выберите из списка.",
  unknownCell: "Неизвестная ячейка прав.",
};

/** The Russian wording of «Сообщения» (issue 15, R-COM-2), in one place; the limits of a message. */
import { formatDateTime } from "../../lib/dates.ts";

export const SUBJECT_MAX = 200;
export const BODY_MAX = 10_000;
export const REASON_MAX = 1000;
/** Conversations on one page of the list. */
export const PAGE_SIZE = 20;
/** People of one search in the address book. */
export const SEARCH_LIMIT = 50;
/** Recipients of one send (a group message reaches each as a separate conversation). */
export const MAX_RECIPIENTS = 1000;

export const MSG = {
  subject: "Укажите тему сообщения",
  body: "Напишите текст сообщения или приложите файл",
  noRecipients: "Выберите хотя бы одного получателя",
  emptyGroups: "В выбранных группах сейчас никого нет: выберите других получателей",
  foreignRecipient: "Этому адресату вы не можете написать: выберите получателей из адресной книги.",
  foreignGroup: "Этой группе вы не можете написать: выберите группу из списка.",
  tooManyRecipients: `Не больше ${MAX_RECIPIENTS} получателей за одну отправку`,
  email: "Укажите адрес e-mail вида name@example.ru",
  emailOff: "Отправка писем на e-mail в школе не настроена: отправьте сообщение без внешнего адреса.",
  rateLimit: (n: number) =>
    `Вы отправили ${n} ${plural(n, "сообщение", "сообщения", "сообщений")} за последний час — это предел, установленный школой. Попробуйте позже; сообщение не отправлено.`,
  cannotWrite: "Вы не можете отправлять сообщения",
  sent: (n: number) =>
    n === 1 ? "Сообщение отправлено" : `Сообщение отправлено: ${n} ${plural(n, "получатель", "получателя", "получателей")}, каждому отдельно`,
  replied: "Ответ отправлен",
  archived: "Переписка перенесена в архив",
  unarchived: "Переписка возвращена во входящие",
  complained: "Жалоба отправлена администратору школы",
  alreadyComplained: "Вы уже пожаловались на это сообщение: жалоба ждёт рассмотрения",
  cannotComplain: "На это сообщение нельзя пожаловаться",
  hidden: "Сообщение скрыто администратором",
  hiddenDone: "Сообщение скрыто: участники переписки видят «Сообщение скрыто администратором»",
  dismissed: "Жалоба отклонена, сообщение осталось как было",
  decided: "Эта жалоба уже рассмотрена",
  tooManyFiles: (max: number) => `К сообщению можно приложить не больше ${max} файлов (вместе с пересылаемыми).`,
  forwardGone: "Пересылаемое сообщение недоступно",
  notReached: "Этому человеку вы не можете написать",
} as const;

export const FOLDERS = { inbox: "Входящие", archive: "Архив", sent: "Отправленные" } as const;
export type Folder = keyof typeof FOLDERS;

/** Names of the address book's class groups. */
export const GROUP_NAMES = {
  parents: (cls: string) => `Родители ${cls}`,
  students: (cls: string) => `Ученики ${cls}`,
  teachers: (cls: string) => `Учителя ${cls}`,
} as const;
export type GroupKind = keyof typeof GROUP_NAMES;

/** Who a person of the administration is. */
export const ADMIN_ROLE_NAMES: Record<string, string> = {
  ADMIN: "администратор",
  DEPUTY: "заместитель директора",
  SECRETARY: "секретарь",
};

const ENTITY_LENGTH: Record<string, number> = { "&": 5, "<": 4, ">": 4, '"': 5, "'": 5 };

/** A subject as the window's title: short enough that, escaped, the page title stays within 70 characters. */
export function pageTitle(subject: string, max = 44): string {
  let length = 0;
  let out = "";
  for (const ch of subject) {
    length += ENTITY_LENGTH[ch] ?? 1;
    if (length > max) return `${out.trimEnd()}…`;
    out += ch;
  }
  return out;
}

/** «07.12 10:03» in the school's time zone. */
export function shortDateTime(d: Date): string {
  return formatDateTime(d).replace(/^(\d\d\.\d\d)\.\d{4}/, "$1");
}

/** The receipt under an own message: «прочитано 07.12 10:03» or «не прочитано». */
export function receiptText(readAt: Date | null): string {
  return readAt ? `прочитано ${shortDateTime(readAt)}` : "не прочитано";
}

/** The first line of a forwarded message's quote. */
export function forwardHeader(m: { authorName: string; createdAt: Date; subject: string }): string {
  return ["---------- Пересланное сообщение ----------", `От: ${m.authorName}, ${formatDateTime(m.createdAt)}`, `Тема: ${m.subject}`].join("\n") + "\n\n";
}

/** The hint under the files field: the school's limits. */
export function uploadHint(limits: { maxFileMb: number; maxFiles: number }): string {
  return `До ${limits.maxFiles} файлов, каждый не больше ${limits.maxFileMb} МБ: документы, таблицы, PDF, картинки, архивы.`;
}

/** The letter that goes out to an outside address (R-COM-2): nothing comes back from outside. */
export function outsideLetter(m: { authorName: string; schoolName: string; subject: string; body: string; files: string[] }): {
  subject: string;
  text: string;
} {
  const lines = [`${m.authorName} (${m.schoolName}) отправил(а) вам сообщение из электронного журнала.`, "", `Тема: ${m.subject}`, "", m.body];
  if (m.files.length) lines.push("", `Приложенные файлы (${m.files.join(", ")}) доступны только в электронном журнале.`);
  lines.push("", "Ответ на это письмо в журнал не попадёт: ответьте автору другим способом.");
  return { subject: m.subject, text: lines.join("\n") };
}

export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

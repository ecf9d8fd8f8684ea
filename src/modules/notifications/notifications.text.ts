/** Russian wording of notifications, their settings and letters (one place, so it can be reviewed). */
import type { EmailStatus, NotificationFrequency, NotificationKind } from "../../generated/prisma/client.ts";

/** The kinds as the settings page names them. */
export const KIND_NAMES: Record<NotificationKind, string> = {
  MARK: "Новые отметки",
  ABSENCE: "Пропуск урока без уважительной причины",
  TIMETABLE_CHANGE: "Замены и отмены уроков на завтра",
  ANNOUNCEMENT: "Новые объявления",
  FORECAST: "Прогноз «2» за четверть или полугодие",
  EVENT: "Родительские собрания и события",
  MESSAGE: "Новые сообщения",
  REMARK: "Замечания по проверке журнала",
  LOGIN_SLIP: "Данные для входа",
};

export const FREQUENCY_NAMES: Record<NotificationFrequency, string> = {
  IMMEDIATE: "сразу",
  DAILY: "раз в день",
  WEEKLY: "раз в неделю",
};

export const STATUS_NAMES: Record<EmailStatus, string> = {
  QUEUED: "в очереди",
  SENT: "отправлено",
  FAILED: "не доставлено",
};

/** What a letter of the delivery log is (EmailDelivery.kind). */
export const LETTER_KIND_NAMES: Record<string, string> = {
  ...KIND_NAMES,
  CONFIRM: "Подтверждение адреса",
  "digest-daily": "Сводка за день",
  "digest-weekly": "Сводка за неделю",
};

export const QUEUE_NAMES: Record<string, string> = {
  "email-send": "Отправка писем",
  "files-cleanup": "Очистка неиспользуемых файлов",
  "digest-daily": "Ежедневная сводка",
  "digest-weekly": "Еженедельная сводка",
  "timetable-changes": "Изменения расписания на завтра",
  "journal-mark-notices": "Новые отметки",
  "journal-absence-notices": "Пропуски без причины за сегодня",
  "journal-forecast-notices": "Прогноз «2» за две недели до конца периода",
  backup: "Резервная копия базы и её проверка",
};

export const JOB_STATE_NAMES: Record<string, string> = {
  created: "ждут",
  retry: "ждут повтора",
  active: "выполняются",
  completed: "выполнены",
  failed: "с ошибкой",
  cancelled: "отменены",
};

export const TEXT = {
  mailOff: "Отправка почты не настроена администратором сервера",
  addressSaved: (address: string) => `На адрес ${address} отправлено письмо со ссылкой для подтверждения. Ссылка действует 48 часов.`,
  addressSavedMailOff: "Адрес сохранён. Подтвердить его можно будет, когда администратор сервера настроит отправку почты.",
  addressRemoved: "Адрес электронной почты удалён, письма больше не отправляются.",
  addressInvalid: "Укажите адрес электронной почты, например ivanova@mail.ru",
  resendTooSoon: "Письмо для подтверждения уже отправлено. Повторить можно через минуту.",
  confirmed: (address: string) => `Адрес ${address} подтверждён. Теперь уведомления можно получать на e-mail.`,
  confirmBad: "Ссылка для подтверждения адреса неверна или устарела (она действует 48 часов). Откройте «Персональные настройки» и отправьте письмо ещё раз.",
  settingsSaved: "Настройки уведомлений сохранены",
  staleForm: "Форма устарела: обновите страницу и сохраните настройки ещё раз",
  unsubscribeBad: "Ссылка для отписки неверна или устарела. Настроить письма можно в «Персональных настройках» после входа.",
  unsubscribed: (what: string) => `Письма «${what}» больше не будут приходить.`,
  allLetters: "все письма электронного журнала",
  externalLetters: "письма из электронного журнала школы",
  markedRead: (n: number) => (n ? `Отмечено прочитанными: ${n}` : "Непрочитанных уведомлений нет"),
};

/** The letter that confirms an address. */
export function confirmationLetter(p: { schoolName: string; name: string; url: string }) {
  const subject = `Подтверждение адреса для уведомлений — ${p.schoolName}`;
  const text = [
    `Здравствуйте, ${p.name}!`,
    "",
    `Этот адрес указан для уведомлений электронного журнала школы «${p.schoolName}».`,
    "Чтобы получать уведомления на него, откройте ссылку (она действует 48 часов):",
    p.url,
    "",
    "Если вы не указывали этот адрес, просто не открывайте ссылку: писем больше не будет.",
  ].join("\n");
  return { subject, text };
}

/** The footer every letter carries: the school, why the letter came, how to stop it. */
export function footer(p: { schoolName: string; reason: string | null; unsubscribeUrl: string | null; settingsUrl: string }): string {
  const lines = ["", "—", `${p.schoolName}, электронный журнал.`];
  if (p.reason) lines.push(p.reason);
  if (p.unsubscribeUrl) lines.push(`Отписаться от этих писем: ${p.unsubscribeUrl}`);
  lines.push(`Настроить уведомления: ${p.settingsUrl}`);
  return lines.join("\n");
}

export const reasonFor = (kind: NotificationKind | "ALL") =>
  kind === "ALL" ? null : `Вы получили это письмо, потому что включили на e-mail уведомления «${KIND_NAMES[kind]}».`;

export const digestSubject = (frequency: NotificationFrequency, schoolName: string) =>
  `${frequency === "WEEKLY" ? "Сводка за неделю" : "Сводка за день"} — ${schoolName}`;

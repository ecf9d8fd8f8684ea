/** Russian wording of issuing logins by e-mail (R-SEC-8): the letter, the page's notes and messages. */

export const MAIL_TEXT = {
  mailOff: "Отправка почты не настроена администратором сервера: логины и пароли выдаются только на листках.",
  byEmail: "Отправить логин и временный пароль на e-mail тем, у кого он указан в карточке (остальным — листки PDF)",
  noAddress: "В карточке не указан адрес e-mail: новый пароль можно выдать только на листке («Сбросить пароль»).",
  badAddress: (address: string) => `Адрес e-mail в карточке указан неверно (${address}): исправьте его или выдайте пароль на листке.`,
  emailed: (n: number) => `Логины и временные пароли отправлены на e-mail: ${n}. Письма уходят в течение минуты; не дошедшие видны в журнале доставки писем.`,
  passwordEmailed: (address: string) =>
    `Новый временный пароль отправлен на ${address}. Прежний пароль больше не действует, все сеансы пользователя завершены.`,
  action: "Выслать новый временный пароль на e-mail",
  confirm: "Выслать новый временный пароль на e-mail? Старый пароль перестанет действовать, все сеансы пользователя будут завершены.",
};

/** The letter with a login and a temporary password (a new account, or a new password of an existing one). */
export function slipLetter(p: {
  schoolName: string;
  firstName: string;
  middleName: string | null;
  siteUrl: string;
  login: string;
  password: string;
  fresh: boolean;
}): { subject: string; text: string } {
  const subject = `${p.fresh ? "Данные для входа" : "Новый временный пароль"} в электронный журнал — ${p.schoolName}`;
  const text = [
    `Здравствуйте, ${[p.firstName, p.middleName].filter(Boolean).join(" ")}!`,
    "",
    p.fresh
      ? `Для вас создана учётная запись в электронном журнале школы «${p.schoolName}».`
      : `Для вашей учётной записи в электронном журнале школы «${p.schoolName}» выдан новый временный пароль. Прежний пароль больше не действует.`,
    "",
    `Адрес сайта: ${p.siteUrl}`,
    `Логин: ${p.login}`,
    `Временный пароль: ${p.password}`,
    "",
    "Временный пароль нужно сменить при первом входе: система попросит придумать свой пароль — не короче 8 символов, не фамилия и не дата рождения.",
    "Никому не сообщайте пароль и удалите это письмо после входа.",
    "",
    "Если вы не ждали этого письма, сообщите классному руководителю или администратору школы.",
  ].join("\n");
  return { subject, text };
}

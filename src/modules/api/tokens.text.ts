/** The Russian wording of personal API tokens («Токены для приложений (API)», issue 21), in one place. */

export const NAME_MAX = 100;
/** How long a new token lives, in days (the form's choice). */
export const EXPIRY_DAYS = [30, 90, 365] as const;
/** At most this many live tokens per user: enough for a phone, a tablet and a bot or two. */
export const MAX_LIVE_TOKENS = 20;

export const TOKEN_TEXT = {
  section: "Токены для приложений (API)",
  intro:
    "Токен позволяет приложению или боту читать ваш дневник, расписание, объявления и сообщения через API школы без вашего пароля. Токен показывается один раз; если он стал известен другим людям, отзовите его.",
  adminTitle: "Токены для приложений (API)",
  adminIntro: "Все действующие и отозванные токены пользователей школы. Отзыв токена записывается в журнал изменений.",
  none: "Токенов нет.",
  name: "Название",
  nameHint: "Например, «Телефон» или «Бот в Telegram»",
  expiry: "Срок действия",
  expiryOption: (days: number) => (days === 365 ? "1 год" : `${days} дней`),
  scope: "Права",
  readOnly: "Только чтение",
  readWrite: "Чтение и запись (для учителей: ввод отметок)",
  create: "Создать токен",
  created: "Токен создан",
  createdNote:
    "Скопируйте токен сейчас: он показывается только один раз и больше нигде не хранится. Приложение передаёт его в заголовке «Authorization: Bearer <токен>».",
  revoke: "Отозвать",
  revoked: "Токен отозван",
  revokedAt: "отозван",
  expired: "истёк",
  active: "действует",
  owner: "Владелец",
  createdAtCol: "Создан",
  expiresCol: "Действует до",
  lastUsedCol: "Последнее использование",
  neverUsed: "не использовался",
  stateCol: "Состояние",
  back: "Вернуться в «Персональные настройки»",
  nameRequired: "Введите название токена",
  nameTooLong: `Не длиннее ${NAME_MAX} символов`,
  expiryInvalid: "Выберите срок действия из списка",
  scopeInvalid: "Выберите права из списка",
  tooMany: `У вас уже ${MAX_LIVE_TOKENS} действующих токенов: отзовите ненужные, чтобы создать новый.`,
} as const;

/** The Russian wording of the JSON API (/api/v1, issue 21): error messages and the docs page. */

export const API_TEXT = {
  notFound: "Не найдено.",
  badId: "Ожидается целое число (id).",
  badPage: "Номер страницы — целое число от 1.",
  badFolder: "Папка: inbox, archive или sent.",
  badDate: "Дата в формате ГГГГ-ММ-ДД.",
  validation: "Проверьте параметры запроса.",
  rateLimited: (perMinute: number) => `Слишком много запросов с этим токеном: не больше ${perMinute} в минуту. Повторите позже.`,
  internal: "Непредвиденная ошибка на сервере. Повторите запрос позже.",
  unavailable: "База данных временно недоступна. Повторите запрос позже.",
  badRequest: "Запрос не удалось прочитать (ожидается JSON).",
  tooLarge: "Слишком большой запрос.",
  docsTitle: "API для разработчиков",
} as const;

/** The error code of a status: { error: { code, message } }. */
export const ERROR_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  422: "validation_failed",
  423: "locked",
  429: "rate_limited",
  500: "internal",
  503: "unavailable",
};

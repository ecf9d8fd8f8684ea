/** One error middleware: typed errors and Prisma's known codes become Russian pages; the unexpected are logged. */
import { isConnectionError, pgPool } from "./db.ts";
import { routePattern } from "./http.ts";
import { log } from "./log.ts";
import type { NextFunction, Request, Response } from "express";
import { AppError, NotFound } from "./errors.ts";

/** The error's class or code («TypeError», «P2034»): what «Состояние сервера» lists, never the message. */
function errorKind(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  const code = typeof e?.code === "string" ? e.code : "";
  const name = typeof e?.name === "string" ? e.name : typeof err;
  return (code ? `${name} ${code}` : name).slice(0, 100);
}

/**
 * Keeps the error for the administrator's «Состояние сервера» (ServerError: when, route pattern,
 * kind, request id) and drops those older than 30 days, in one statement that the answer does not
 * wait for; a database that cannot take it loses the row, the log keeps the line.
 */
function recordServerError(e: { method: string; route: string; kind: string; reqId: string | null; userId: number | null }): void {
  pgPool()
    .query(
      `WITH old AS (DELETE FROM "ServerError" WHERE at < (now() AT TIME ZONE 'UTC') - interval '30 days')
       INSERT INTO "ServerError" (at, method, route, kind, "reqId", "userId") VALUES (now() AT TIME ZONE 'UTC', $1, $2, $3, $4, $5)`,
      [e.method, e.route.slice(0, 200), e.kind, e.reqId, e.userId],
    )
    .catch(() => {});
}

/**
 * Logs an unexpected error and keeps it for «Состояние сервера»: the route pattern, not the URL (its
 * query may hold a name searched for); the user by id only. Also used by the JSON API's error handler.
 */
export function reportUnexpected(err: unknown, req: Request, res: Response): void {
  const where = {
    method: req.method,
    route: routePattern(req) ?? "-",
    userId: req.actor?.userId ?? null,
    reqId: String(res.getHeader("X-Request-Id") ?? "") || null,
  };
  log.error({ err, ...where }, "необработанная ошибка");
  recordServerError({ ...where, kind: errorKind(err) });
}

export function notFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFound());
}

const TITLES: Record<number, string> = {
  400: "Неверный запрос",
  403: "Доступ запрещён",
  404: "Страница не найдена",
  409: "Конфликт данных",
  413: "Слишком большой запрос",
  422: "Ошибка в данных",
  423: "Изменение запрещено",
  429: "Слишком много запросов",
  500: "Ошибка на сервере",
  503: "Сервис временно недоступен",
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Express knows an error handler by its four parameters.
export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  let status = 500;
  let message = "Произошла непредвиденная ошибка. Попробуйте повторить действие; если ошибка повторится, сообщите администратору.";
  const e = err as { status?: number; statusCode?: number; code?: string; type?: string; message?: string };
  if (err instanceof AppError) {
    status = err.status;
    message = err.message;
  } else if (e?.code === "EBADCSRFTOKEN" || (e?.statusCode === 403 && /csrf/i.test(e.message ?? ""))) {
    status = 403;
    message = "Форма устарела (истёк срок её действия). Обновите страницу и отправьте её снова.";
  } else if (e?.code === "P2025") {
    status = 404;
    message = "Запись не найдена";
  } else if (e?.code === "P2002") {
    status = 409;
    message = "Такая запись уже существует";
  } else if (e?.type === "entity.too.large") {
    status = 413;
    message = "Слишком большой объём данных в запросе";
  } else if (e?.type === "entity.parse.failed" || e?.type === "parameters.too.many") {
    status = 400;
    message = "Запрос не удалось прочитать";
  } else if (isConnectionError(e)) {
    status = 503;
    message = "База данных временно недоступна. Подождите немного и повторите действие — введённые данные не сохранены.";
  } else {
    reportUnexpected(err, req, res);
  }
  if (res.headersSent) return;
  res.status(status);
  if (req.accepts(["html", "json"]) === "json" || req.xhr) {
    res.json({ error: message });
    return;
  }
  if (typeof res.page === "function") res.page("shared/error", { title: TITLES[status] ?? "Ошибка", status, message }, status);
  else res.type("text/plain; charset=utf-8").send(message);
}

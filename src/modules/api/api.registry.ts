/**
 * One definition per endpoint of the JSON API (issue 21): its method, path, zod schemas of the
 * input and the answer, and the handler. defineEndpoint() mounts the handler on the router and
 * registers the same schemas in the OpenAPI registry, so the document (openapi.ts) is made from
 * what the code validates. tests/api/openapi.test.ts checks every mounted route is documented.
 */
import { OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { Request, RequestHandler, Response, Router } from "express";
import type { z } from "../../lib/validation.ts";
import { requireWriteToken } from "./api.http.ts";
import { errorSchema } from "./api.schemas.ts";

export const registry = new OpenAPIRegistry();

export const bearer = registry.registerComponent("securitySchemes", "bearer", {
  type: "http",
  scheme: "bearer",
  description: "Личный токен из «Персональных настроек» (ejapi_…)",
});

export interface Endpoint<R extends z.ZodType> {
  method: "get" | "post";
  /** The Express path under /api/v1 («/students/:studentId/diary»). */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  request?: RouteConfig["request"];
  response: R;
  /** Needs a read-write token (403 for a read-only one). */
  write?: boolean;
  guards?: RequestHandler[];
  handler: (req: Request, res: Response) => Promise<z.input<R>>;
}

const ERRORS: Record<number, string> = {
  401: "Нет токена, токен неверен, истёк или отозван, владелец заблокирован",
  403: "Недостаточно прав (или токен только для чтения)",
  404: "Объект не найден или вне доступа пользователя",
  422: "Ошибка в параметрах: поля и сообщения",
  429: "Превышен предел запросов токена (заголовок Retry-After)",
};

/** OpenAPI path of an Express path: «/a/:id» → «/a/{id}». */
export const openApiPath = (path: string) => `/api/v1${path.replace(/:([A-Za-z]+)/g, "{$1}")}`;

/** Mounts the endpoint on the router and documents it. */
export function defineEndpoint<R extends z.ZodType>(router: Router, e: Endpoint<R>): void {
  registry.registerPath({
    method: e.method,
    path: openApiPath(e.path),
    summary: e.summary,
    description: e.description,
    tags: [e.tag],
    security: [{ [bearer.name]: [] }],
    request: e.request,
    responses: {
      200: { description: "Успешно", content: { "application/json": { schema: e.response } } },
      ...Object.fromEntries(
        Object.entries(ERRORS)
          .filter(([status]) => e.write || status !== "403" || e.guards?.length)
          .map(([status, description]) => [status, { description, content: { "application/json": { schema: errorSchema } } }]),
      ),
    },
  });
  const guards = [...(e.write ? [requireWriteToken] : []), ...(e.guards ?? [])];
  router[e.method](e.path, ...guards, async (req: Request, res: Response) => {
    res.json(await e.handler(req, res));
  });
}

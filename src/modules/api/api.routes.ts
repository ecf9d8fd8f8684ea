/**
 * /api/v1 (issue 21): the JSON API for families' and teachers' apps. Mounted before the session
 * (app.ts): no cookies, no CSRF; every request but /openapi.json needs a bearer token; the rate
 * limit counts per token; errors are JSON. CORS stays closed: no Access-Control-* header is sent.
 */
import express, { Router } from "express";
import { apiErrors, apiNotFound, bearerAuth, tokenRateLimit } from "./api.http.ts";
import { boardEndpoints } from "./api.board.ts";
import { familyEndpoints } from "./api.family.ts";
import { teacherEndpoints } from "./api.teacher.ts";
import { registry } from "./api.registry.ts";
import { z } from "../../lib/validation.ts";

/** The endpoints, defined (and documented) once per process. */
export const endpoints = Router();
familyEndpoints(endpoints);
boardEndpoints(endpoints);
teacherEndpoints(endpoints);

registry.registerPath({
  method: "get",
  path: "/api/v1/openapi.json",
  summary: "Этот документ OpenAPI 3.1 (без токена)",
  tags: ["Документация"],
  responses: { 200: { description: "Документ OpenAPI", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } } },
});

/** The API of one app (its own rate-limit counts), mounted on /api/v1. */
export function apiRouter(openApi: () => object): Router {
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(openApi());
  });
  router.use(bearerAuth);
  router.use(tokenRateLimit());
  router.use(express.json({ limit: "64kb" })); // bodies are read only for a known token within its limit
  router.use((_req, res, next) => {
    // Answers are personal: never kept by shared caches; clients revalidate with the ETag (304).
    res.setHeader("Cache-Control", "private, no-cache");
    next();
  });
  router.use(endpoints);
  router.use(apiNotFound);
  router.use(apiErrors);
  return router;
}

/**
 * `GET /metrics` (Prometheus) and the per-request middleware that times each request and, with
 * LOG_REQUESTS=true, logs it (src/lib/log.ts: id, method, route pattern, status, duration, user id).
 * The metrics answer only addresses in METRICS_ALLOW (default: this machine) or a request with
 * `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 404, as for a page that does not exist.
 */
import crypto from "node:crypto";
import { Router, type NextFunction, type Request, type Response } from "express";
import { config, type Config } from "../../config.ts";
import { routePattern } from "../../lib/http.ts";
import { log } from "../../lib/log.ts";
import { METRICS_CONTENT_TYPE, metricsText, observeRequest, startMetrics } from "./metrics.service.ts";

/** An incoming X-Request-Id is kept when it looks like one (a proxy's); otherwise a new one. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,80}$/;

/** The route pattern a request matched («/journal/:id»); «static», «не найдено» or «-» otherwise. */
function routeOf(req: Request, res: Response): string {
  const pattern = routePattern(req);
  if (pattern) return pattern;
  if (req.originalUrl.startsWith("/static/")) return "static";
  return res.statusCode === 404 ? "не найдено" : "-";
}

export function requestTiming(req: Request, res: Response, next: NextFunction): void {
  const id = REQUEST_ID.test(req.get("x-request-id") ?? "") ? req.get("x-request-id")! : crypto.randomUUID();
  res.setHeader("X-Request-Id", id);
  const start = process.hrtime.bigint();
  // A line per request at «info» with LOG_REQUESTS=true, else at «debug» (LOG_LEVEL=debug shows them too).
  const level = config().logRequests ? "info" : "debug";
  res.once("finish", () => {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const route = routeOf(req, res);
    observeRequest(req.method, route, res.statusCode, seconds);
    if (log.isLevelEnabled(level))
      log[level](
        { reqId: id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 10_000) / 10, userId: req.actor?.userId ?? null },
        "запрос",
      );
  });
  next();
}

/** The metrics may be read with this Authorization header from this address (the connection's, not a forwarded one). */
export function metricsAllowed(
  authorization: string | undefined,
  remoteAddress: string | undefined,
  cfg: Pick<Config, "metricsToken" | "metricsAllow">,
): boolean {
  const auth = authorization ?? "";
  if (cfg.metricsToken && auth.startsWith("Bearer ")) {
    const a = Buffer.from(auth.slice(7));
    const b = Buffer.from(cfg.metricsToken);
    if (a.length === b.length && crypto.timingSafeEqual(a, b)) return true;
  }
  return cfg.metricsAllow.includes((remoteAddress ?? "").replace(/^::ffff:/, ""));
}

export const metricsRouter = Router();

metricsRouter.get("/metrics", async (req, res, next) => {
  if (!metricsAllowed(req.get("authorization"), req.socket.remoteAddress, config())) return next(); // the 404 of any unknown page
  try {
    const text = await metricsText();
    res.set("Content-Type", METRICS_CONTENT_TYPE).set("Cache-Control", "no-store").send(text);
  } catch (err) {
    // A worker being replaced (a rolling restart) does not answer the primary: a failed scrape, not an error of the app.
    res
      .status(503)
      .type("text/plain; charset=utf-8")
      .send(`Метрики кластера сейчас недоступны: ${err instanceof Error ? err.message : String(err)}`);
  }
});

startMetrics();

/**
 * Rendering: every page is a view rendered into views/layouts/base.ejs.
 * Handlers call res.page(view, locals); form handlers pass `values` (the typed
 * input) and `errors` (field → message) so a rejected form comes back intact.
 */
import type { NextFunction, Request, Response } from "express";
import type { FieldErrors } from "./validation.ts";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's Response is augmented through its global namespace (as in src/types.d.ts).
  namespace Express {
    interface Response {
      page(view: string, locals?: PageLocals, status?: number): void;
    }
  }
}

export interface PageLocals {
  title?: string;
  values?: Record<string, unknown>;
  errors?: FieldErrors;
  [key: string]: unknown;
}

export function flash(req: Request, kind: "ok" | "error" | "info", text: string): void {
  if (!req.session) return;
  (req.session.flash ??= []).push({ kind, text });
}

/** Adds res.page(). A form restored after a re-login pre-fills `values` of the page it came from. */
export function pageRenderer(req: Request, res: Response, next: NextFunction): void {
  res.page = (view, locals = {}, status = 200) => {
    const restored = req.session?.restoredForm;
    // req.path is relative to the router the page is rendered from (routers are mounted on prefixes).
    if (restored && restored.path === req.baseUrl + req.path && req.method === "GET") {
      locals.values = { ...(locals.values ?? {}), ...restored.values };
      delete req.session.restoredForm;
      (locals.notices as string[] | undefined) ??= [];
      (locals.notices as string[]).push("Введённые до истечения сеанса данные восстановлены. Проверьте их и сохраните.");
    }
    const messages = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    const all = { values: {}, errors: {}, notices: [], ...locals, messages };
    res.status(status);
    res.render(view, all, (err: Error | null, body?: string) => {
      if (err) return next(err);
      res.render("layouts/base", { ...all, body }, (err2: Error | null, html?: string) => {
        if (err2) return next(err2);
        res.send(html);
      });
    });
  };
  next();
}

import type { Actor } from "./access/actor.ts";

declare global {
  namespace Express {
    interface Request {
      actor?: Actor;
      /** What the session reader read with the session (lib/session.ts SessionReader). */
      sessionRead?: unknown;
    }
    interface User {
      id: number;
    }
  }
}

declare module "express-session" {
  interface SessionData {
    /** A form posted after the session expired, kept to be restored after login (R-SEC-4, R-INT-2). */
    pendingForm?: { path: string; values: Record<string, unknown> };
    restoredForm?: { path: string; values: Record<string, unknown> };
    flash?: { kind: "ok" | "error" | "info"; text: string }[];
    returnTo?: string;
    csrfToken?: string;
    loginAt?: number;
  }
}

/** The feature modules' routers, mounted after authentication. Add one line per module. */
import type { Router } from "express";

export const moduleRouters: Router[] = [];

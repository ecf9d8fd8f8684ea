/** Users and accounts (/admin/users), the audit log (/admin/audit). */
import { Router } from "express";
import { auditRouter } from "./audit.routes.ts";
import { userActionsRouter } from "./user-actions.routes.ts";
import { usersRouter } from "./users.routes.ts";

export const adminRouter = Router();
adminRouter.use(usersRouter, userActionsRouter, auditRouter);

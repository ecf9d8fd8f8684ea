/** Users and accounts (/admin/users), the audit log (/admin/audit), the rights of roles (/admin/rights), school settings (/admin/school). */
import { Router } from "express";
import { auditRouter } from "./audit.routes.ts";
import { cardRouter } from "./card.routes.ts";
import { rightsRouter } from "./rights.routes.ts";
import { schoolRouter } from "./school.routes.ts";
import { userActionsRouter } from "./user-actions.routes.ts";
import { usersRouter } from "./users.routes.ts";

export const adminRouter = Router();
adminRouter.use(usersRouter, userActionsRouter, auditRouter, rightsRouter, schoolRouter, cardRouter);

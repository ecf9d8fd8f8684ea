/** Users and accounts (/admin/users), the audit log (/admin/audit). */
import { Router } from "express";

export const adminRouter = Router();

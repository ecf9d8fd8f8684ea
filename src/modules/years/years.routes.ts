/** Academic years, period systems, periods and holidays (/setup/years), school settings (/admin/school). */
import { Router } from "express";

export const yearsRouter = Router();

/** The year-close module's router: closing the year and the integrity of archived years. */
import { Router } from "express";
import { integrityRouter } from "./integrity.routes.ts";
import { yearCloseRouter as closeRouter } from "./year-close.routes.ts";

export const yearCloseRouter = Router();
yearCloseRouter.use(closeRouter);
yearCloseRouter.use(integrityRouter);

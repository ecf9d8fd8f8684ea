/** The class journal (/journal), the class teacher's pages (/class). */
import { Router } from "express";

export const journalRouter = Router();

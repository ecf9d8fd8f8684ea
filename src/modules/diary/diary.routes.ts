/** The student and parent diary: week view, marks page, weekly printouts (/diary). */
import { Router } from "express";

export const diaryRouter = Router();

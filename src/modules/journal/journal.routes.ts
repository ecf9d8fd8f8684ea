/**
 * The class journal (/journal), the class teacher's pages (/class).
 *
 * HTTP contract (used by the benchmark and other modules):
 *   GET  /journal                                   the actor's journals (teaching load) and, for staff, a picker
 *   GET  /journal/:classId/:subjectId?period=ID&subgroup=ID
 *                                                   the grid page (HTML); period defaults to the period containing today
 *   POST /journal/lessons/:lessonId/marks           JSON (x-csrf-token header; body JSON)
 *        { studentId, assignmentTypeId, value, comment?, reason? }
 *        value: 1..5, or null / "" to delete the mark; reason required for a locked lesson (deputy/admin)
 *        → 200 { ok: true, mark: { id, value, comment } | null, corrected }
 *        → 422 { error, field } on bad input; 403 { error } forbidden; 404 { error } unknown/foreign lesson;
 *          423 { error } locked / closed year
 *   POST /journal/lessons/:lessonId/attendance      JSON { studentId, code: "" | "ABSENT" | "ILL" | "VALID" | "INVALID" | "LATE", reason? }
 *        → 200 { ok: true, attendance: { code } | null, corrected }
 *   POST /journal/:classId/:subjectId/final-marks?subgroup=ID
 *                                                   JSON { studentId, periodId | null (year), value: "5".."1"|"зач"|"незач"|"н/а"|"осв"|"", reason? }
 *
 * Order matters: the fixed paths (/journal/assignment-types, /journal/lessons/…) come before
 * the grid's /journal/:classId/:subjectId.
 */
import { Router } from "express";
import { assignmentTypesRouter } from "./assignment-types.routes.ts";
import { lessonsRouter } from "./lessons.routes.ts";
import { gridRouter } from "./grid.routes.ts";

export const journalRouter = Router();
journalRouter.use(assignmentTypesRouter, lessonsRouter, gridRouter);

export { classRouter } from "./class.routes.ts";

/**
 * The reads of /webapi behind the `at` token (issue 21): the diary and what the clients read
 * around it. Each handler: parse → service (which applies the pages' rules) → JSON. A student
 * outside the family, another school's id or a guessed one answers 404 {message} (R-ACL-1).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { idParam, queryText } from "../../lib/http.ts";
import { parseOrThrow } from "../../lib/validation.ts";
import { sendStoredFile } from "../files/files.service.ts";
import { assignmentAttachments, assignmentDetails, assignmentTypes, diaryInit, diaryRange } from "./webapi.diary.ts";
import { assertWebApiStudent } from "./webapi.policy.ts";
import { attachmentsBody, diaryQuery, initFiltersBody, studentQuery } from "./webapi.schemas.ts";
import { announcements, attachmentFile, context, currentYear, mySettings, schoolCard, studentGradesFilters, termRange } from "./webapi.school.ts";
import { PLACEHOLDER_PHOTO } from "./webapi.photo.ts";
import { NotFound } from "../../lib/errors.ts";

export const webapiReadRouter = Router();

webapiReadRouter.get("/mysettings", async (req, res) => void res.json(await mySettings(actorOf(req))));
webapiReadRouter.get("/context", async (req, res) => void res.json(await context(actorOf(req))));
webapiReadRouter.get("/years/current", async (req, res) => void res.json(await currentYear(actorOf(req))));
webapiReadRouter.get("/grade/assignment/types", async (req, res) => void res.json(await assignmentTypes(actorOf(req))));
webapiReadRouter.get("/student/diary/init", async (req, res) => void res.json(await diaryInit(actorOf(req))));

webapiReadRouter.get("/student/diary", async (req, res) => {
  const q = parseOrThrow(diaryQuery, req.query);
  res.json(await diaryRange(actorOf(req), q.studentId, q.weekStart, q.weekEnd));
});

webapiReadRouter.get("/student/diary/assigns/:id", async (req, res) => {
  const { studentId } = parseOrThrow(studentQuery, req.query);
  const id = Number(req.params.id);
  if (!/^-?\d{1,10}$/.test(String(req.params.id)) || !Number.isSafeInteger(id) || id === 0 || Math.abs(id) > 2147483647) throw new NotFound();
  res.json(await assignmentDetails(actorOf(req), studentId, id));
});

/** Overdue mandatory work: the journal keeps no hand-in of homework, so there is none to report (the student is still checked). */
webapiReadRouter.get("/student/diary/pastMandatory", (req, res) => {
  const q = parseOrThrow(diaryQuery, req.query);
  assertWebApiStudent(actorOf(req), q.studentId);
  res.json([]);
});

webapiReadRouter.post("/student/diary/get-attachments", (req, res) => {
  const { studentId } = parseOrThrow(studentQuery, req.query);
  parseOrThrow(attachmentsBody, req.body);
  res.json(assignmentAttachments(actorOf(req), studentId));
});

webapiReadRouter.get("/attachments/:id", async (req, res) => {
  await sendStoredFile(res, await attachmentFile(actorOf(req), idParam(req)));
});

webapiReadRouter.get("/announcements", async (req, res) => {
  const take = Number.parseInt(queryText(req, "take") || "-1", 10);
  res.json(await announcements(actorOf(req), Number.isFinite(take) ? take : -1));
});

webapiReadRouter.get("/schools/:id/card", async (req, res) => void res.json(await schoolCard(actorOf(req), idParam(req))));

/** No photos are kept: every user gets the same placeholder (the clients show it as the avatar). */
webapiReadRouter.get("/users/photo", (_req, res) => {
  res.type("image/png").send(PLACEHOLDER_PHOTO);
});

webapiReadRouter.get("/reports/studentgrades", async (req, res) => void res.json(await studentGradesFilters(actorOf(req))));
webapiReadRouter.post("/v2/reports/studentgrades/initfilters", async (req, res) => {
  const term = parseOrThrow(initFiltersBody, req.body ?? {}).selectedData.find((s) => s.filterId === "TERMID");
  const id = term ? Number(term.filterValue) : NaN;
  if (!Number.isInteger(id) || id < 1 || id > 2147483647) throw new NotFound();
  res.json(await termRange(actorOf(req), id));
});

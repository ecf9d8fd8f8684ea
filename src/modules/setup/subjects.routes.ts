/** /setup/subjects: the subjects of the school and how each is graded. */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { subjectSchema } from "./setup.schemas.ts";
import { listParams } from "./setup.common.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { GRADING_MODE_NAMES } from "./setup.text.ts";
import { createSubject, deleteSubject, getSubject, listSubjects, setSubjectArchived, subjectUsage, updateSubject } from "./subjects.service.ts";

export const subjectsRouter = Router();
const styles = ["/static/css/setup.css"];
const modes = Object.entries(GRADING_MODE_NAMES).map(([value, label]) => ({ value, label }));

subjectsRouter.get("/subjects", requirePermission("subject", "view"), async (req, res) => {
  const { q, page } = listParams(req);
  const subjects = await listSubjects(actorOf(req), { q, page });
  res.page("setup/subjects", { title: "Предметы", subjects, q, modeNames: GRADING_MODE_NAMES, styles });
});

subjectsRouter.get("/subjects/new", requirePermission("subject", "create"), (_req, res) => {
  res.page("setup/subject-form", { title: "Новый предмет", subject: null, usage: null, modes, values: { gradingMode: "MARKS", sortOrder: 0 }, styles });
});

subjectsRouter.post("/subjects", requirePermission("subject", "create"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(subjectSchema, body);
  const errors = parsed.ok ? await formErrors(() => createSubject(actorOf(req), parsed.data)) : parsed.errors;
  if (errors) return res.page("setup/subject-form", { title: "Новый предмет", subject: null, usage: null, modes, values: typed(body), errors, styles }, 422);
  flash(req, "ok", "Предмет добавлен");
  res.redirect("/setup/subjects");
});

subjectsRouter.get("/subjects/:id/edit", requirePermission("subject", "update"), async (req, res) => {
  const subject = await getSubject(actorOf(req), idParam(req));
  const usage = await subjectUsage(actorOf(req), subject.id);
  res.page("setup/subject-form", { title: subject.name, subject, usage, modes, values: subject, styles });
});

subjectsRouter.post("/subjects/:id", requirePermission("subject", "update"), async (req, res) => {
  const actor = actorOf(req);
  const subject = await getSubject(actor, idParam(req));
  const body = bodyOf(req);
  const parsed = parseForm(subjectSchema, body);
  const errors = parsed.ok ? await formErrors(() => updateSubject(actor, subject.id, parsed.data)) : parsed.errors;
  if (errors) {
    const usage = await subjectUsage(actor, subject.id);
    return res.page("setup/subject-form", { title: subject.name, subject, usage, modes, values: typed(body), errors, styles }, 422);
  }
  flash(req, "ok", "Предмет сохранён");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/subjects/:id/archive", requirePermission("subject", "update"), async (req, res) => {
  await setSubjectArchived(actorOf(req), idParam(req), true);
  flash(req, "ok", "Предмет перенесён в архив");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/subjects/:id/unarchive", requirePermission("subject", "update"), async (req, res) => {
  await setSubjectArchived(actorOf(req), idParam(req), false);
  flash(req, "ok", "Предмет возвращён из архива");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/subjects/:id/delete", requirePermission("subject", "delete"), async (req, res) => {
  await deleteSubject(actorOf(req), idParam(req));
  flash(req, "ok", "Предмет удалён");
  res.redirect("/setup/subjects");
});

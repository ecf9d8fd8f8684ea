/** /setup/subjects: the subjects of the school and how each is graded. */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { subjectSchema } from "./setup.schemas.ts";
import { formErrors, idParam, listParams } from "./setup.common.ts";
import { GRADING_MODE_NAMES } from "./setup.text.ts";
import { createSubject, deleteSubject, getSubject, listSubjects, setSubjectArchived, subjectUsage, updateSubject } from "./subjects.service.ts";

export const subjectsRouter = Router();
const styles = ["/static/css/setup.css"];
const modes = Object.entries(GRADING_MODE_NAMES).map(([value, label]) => ({ value, label }));

subjectsRouter.get("/setup/subjects", requirePermission("subject", "view"), async (req, res) => {
  const { q, page } = listParams(req);
  const subjects = await listSubjects(req.actor!, { q, page });
  res.page("setup/subjects", { title: "Предметы", subjects, q, modeNames: GRADING_MODE_NAMES, styles });
});

subjectsRouter.get("/setup/subjects/new", requirePermission("subject", "create"), (_req, res) => {
  res.page("setup/subject-form", { title: "Новый предмет", subject: null, usage: null, modes, values: { gradingMode: "MARKS", sortOrder: 0 }, styles });
});

subjectsRouter.post("/setup/subjects", requirePermission("subject", "create"), async (req, res) => {
  const parsed = parseForm(subjectSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => createSubject(req.actor!, parsed.data)) : parsed.errors;
  if (errors) return res.page("setup/subject-form", { title: "Новый предмет", subject: null, usage: null, modes, values: req.body, errors, styles }, 422);
  flash(req, "ok", "Предмет добавлен");
  res.redirect("/setup/subjects");
});

subjectsRouter.get("/setup/subjects/:id/edit", requirePermission("subject", "update"), async (req, res) => {
  const subject = await getSubject(req.actor!, idParam(req));
  const usage = await subjectUsage(req.actor!, subject.id);
  res.page("setup/subject-form", { title: subject.name, subject, usage, modes, values: subject, styles });
});

subjectsRouter.post("/setup/subjects/:id", requirePermission("subject", "update"), async (req, res) => {
  const actor = req.actor!;
  const subject = await getSubject(actor, idParam(req));
  const parsed = parseForm(subjectSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => updateSubject(actor, subject.id, parsed.data)) : parsed.errors;
  if (errors) {
    const usage = await subjectUsage(actor, subject.id);
    return res.page("setup/subject-form", { title: subject.name, subject, usage, modes, values: req.body, errors, styles }, 422);
  }
  flash(req, "ok", "Предмет сохранён");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/setup/subjects/:id/archive", requirePermission("subject", "update"), async (req, res) => {
  await setSubjectArchived(req.actor!, idParam(req), true);
  flash(req, "ok", "Предмет перенесён в архив");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/setup/subjects/:id/unarchive", requirePermission("subject", "update"), async (req, res) => {
  await setSubjectArchived(req.actor!, idParam(req), false);
  flash(req, "ok", "Предмет возвращён из архива");
  res.redirect("/setup/subjects");
});

subjectsRouter.post("/setup/subjects/:id/delete", requirePermission("subject", "delete"), async (req, res) => {
  await deleteSubject(req.actor!, idParam(req));
  flash(req, "ok", "Предмет удалён");
  res.redirect("/setup/subjects");
});

/** /students/:id/gia: the GIA of a graduating student — form, document, chosen subjects, results (R-REG-8). */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { canEditSection } from "./students.policy.ts";
import { addGiaExam, deleteGiaExam, giaClassOverview, giaSection, giaSubjectOptions, saveGia, saveGiaResult } from "./gia.service.ts";
import { formValues, prefixed, STYLES } from "./students.http.ts";
import { giaExamSchema, giaResultSchema, giaSchema } from "./students.schemas.ts";
import { DOC_KINDS, GIA_LEVELS, GIA_SUBJECTS } from "./students.text.ts";

export const giaRouter = Router();
const viewGia = requirePermission("gia", "view");
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

async function render(req: Request, res: Response, forms: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number } = {}) {
  const actor = actorOf(req);
  const gia = await giaSection(actor, idParam(req));
  const schoolSubjects = await giaSubjectOptions(actor);
  const values = forms.values ?? { reg: formValues(gia.registration ?? gia.draft) };
  res.page(
    "students/gia",
    {
      title: "ГИА ученика",
      gia,
      values,
      errors: forms.errors ?? {},
      canEdit: canEditSection(actor, "gia", gia.classIds),
      levelOptions: options(GIA_LEVELS),
      docOptions: options(DOC_KINDS),
      subjectOptions: GIA_SUBJECTS.map((s) => ({ value: s, label: s })),
      markOptions: ["5", "4", "3", "2", "зачёт", "незачёт"].map((m) => ({ value: m, label: m })),
      schoolSubjects,
      GIA_LEVELS,
      DOC_KINDS,
      styles: STYLES,
    },
    forms.status ?? 200,
  );
}

giaRouter.get("/gia", viewGia, async (req, res) => {
  const overview = await giaClassOverview(actorOf(req), queryId(req, "class"));
  res.page("students/gia-class", { title: "ГИА выпускных классов", ...overview, styles: STYLES });
});

giaRouter.get("/:id/gia", viewGia, (req, res) => render(req, res));

giaRouter.post("/:id/gia", viewGia, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(giaSchema, body);
  const errors = parsed.ok ? await formErrors(() => saveGia(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return render(req, res, { values: { reg: typed(body) }, errors: prefixed("reg", errors), status: 422 });
  flash(req, "ok", "Сведения о ГИА сохранены");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/:id/gia/exams", viewGia, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(giaExamSchema, body);
  const errors = parsed.ok ? await formErrors(() => addGiaExam(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return render(req, res, { values: { exam: typed(body) }, errors: prefixed("exam", errors), status: 422 });
  flash(req, "ok", "Предмет добавлен");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/:id/gia/exams/:examId", viewGia, async (req, res) => {
  const id = idParam(req);
  const examId = idParam(req, "examId");
  const body = bodyOf(req);
  const parsed = parseForm(giaResultSchema, body);
  const errors = parsed.ok ? await formErrors(() => saveGiaResult(actorOf(req), id, examId, parsed.data)) : parsed.errors;
  if (errors) return render(req, res, { values: { [`result${examId}`]: typed(body) }, errors: prefixed(`result${examId}`, errors), status: 422 });
  flash(req, "ok", "Результат сохранён");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/:id/gia/exams/:examId/delete", viewGia, async (req, res) => {
  const id = idParam(req);
  await deleteGiaExam(actorOf(req), id, idParam(req, "examId"));
  flash(req, "ok", "Предмет удалён из выбора");
  res.redirect(`/students/${id}/gia`);
});

/** /students/:id/gia: the GIA of a graduating student — form, document, chosen subjects, results (R-REG-8). */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { canEditSection } from "./students.policy.ts";
import { addGiaExam, deleteGiaExam, giaClassOverview, giaSection, saveGia, saveGiaResult } from "./gia.service.ts";
import { attempt, formValues, idParam, queryId, STYLES } from "./students.http.ts";
import { giaExamSchema, giaResultSchema, giaSchema } from "./students.schemas.ts";
import { DOC_KINDS, GIA_LEVELS, GIA_SUBJECTS } from "./students.text.ts";

export const giaRouter = Router();
const viewGia = requirePermission("gia", "view");
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

async function render(req: Request, res: Response, forms: { values?: Record<string, unknown>; errors?: FieldErrors; status?: number } = {}) {
  const gia = await giaSection(req.actor!, idParam(req));
  const values = forms.values ?? { reg: formValues((gia.registration ?? gia.draft) as Record<string, unknown>) };
  res.page(
    "students/gia",
    {
      title: "ГИА ученика",
      gia,
      values,
      errors: forms.errors ?? {},
      canEdit: canEditSection(req.actor!, "gia", gia.classIds),
      levelOptions: options(GIA_LEVELS),
      docOptions: options(DOC_KINDS),
      subjectOptions: GIA_SUBJECTS.map((s) => ({ value: s, label: s })),
      markOptions: ["5", "4", "3", "2", "зачёт", "незачёт"].map((m) => ({ value: m, label: m })),
      GIA_LEVELS,
      DOC_KINDS,
      styles: STYLES,
    },
    forms.status ?? 200,
  );
}

const prefixed = (prefix: string, errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));

giaRouter.get("/students/gia", viewGia, async (req, res) => {
  const overview = await giaClassOverview(req.actor!, queryId(req, "class"));
  res.page("students/gia-class", { title: "ГИА выпускных классов", ...overview, styles: STYLES });
});

giaRouter.get("/students/:id/gia", viewGia, (req, res) => render(req, res));

giaRouter.post("/students/:id/gia", viewGia, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(giaSchema, req.body);
  const r = parsed.ok ? await attempt(() => saveGia(req.actor!, id, parsed.data)) : { ok: false as const, errors: parsed.errors };
  if (!r.ok) return render(req, res, { values: { reg: req.body }, errors: prefixed("reg", r.errors), status: 422 });
  flash(req, "ok", "Сведения о ГИА сохранены");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/students/:id/gia/exams", viewGia, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(giaExamSchema, req.body);
  const r = parsed.ok ? await attempt(() => addGiaExam(req.actor!, id, parsed.data)) : { ok: false as const, errors: parsed.errors };
  if (!r.ok) return render(req, res, { values: { exam: req.body }, errors: prefixed("exam", r.errors), status: 422 });
  flash(req, "ok", "Предмет добавлен");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/students/:id/gia/exams/:examId", viewGia, async (req, res) => {
  const id = idParam(req);
  const examId = idParam(req, "examId");
  const parsed = parseForm(giaResultSchema, req.body);
  const r = parsed.ok ? await attempt(() => saveGiaResult(req.actor!, id, examId, parsed.data)) : { ok: false as const, errors: parsed.errors };
  if (!r.ok) return render(req, res, { values: { [`result${examId}`]: req.body }, errors: prefixed(`result${examId}`, r.errors), status: 422 });
  flash(req, "ok", "Результат сохранён");
  res.redirect(`/students/${id}/gia`);
});

giaRouter.post("/students/:id/gia/exams/:examId/delete", viewGia, async (req, res) => {
  const id = idParam(req);
  await deleteGiaExam(req.actor!, id, idParam(req, "examId"));
  flash(req, "ok", "Предмет удалён из выбора");
  res.redirect(`/students/${id}/gia`);
});

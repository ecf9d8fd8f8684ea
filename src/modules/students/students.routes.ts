/** /students: the list, creating a student, the personal file and its main, medical and social sections. */
import { Router, type Request, type Response } from "express";
import { requirePermission } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { listQuery, parseForm, type FieldErrors } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { accountsRouter } from "./accounts.routes.ts";
import { renderFile } from "./file-page.ts";
import { changesRouter } from "./changes.routes.ts";
import { giaRouter } from "./gia.routes.ts";
import { parentsRouter } from "./parents.routes.ts";
import { attempt, formValues, idParam, queryId, STYLES } from "./students.http.ts";
import { canCreateStudent, canEditSection } from "./students.policy.ts";
import { medicalSchema, noteSchema, socialSchema, studentCreateSchema, studentMainSchema } from "./students.schemas.ts";
import type { Duplicate } from "./students.service.ts";
import { addNote, classOptions, createStudent, deleteNote, listStudents, saveMedical, saveSocial, studentFile, updateStudentMain } from "./students.service.ts";
import { selectYear, yearQuery } from "../year-close/year-select.ts";
import { DOC_KINDS, HEALTH_GROUPS, NOTE_KINDS, PE_GROUPS, RELATIONS, SEXES } from "./students.text.ts";

export const studentsRouter = Router();
const viewFile = requirePermission("student-file", "view");
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const LISTS = {
  sexOptions: options(SEXES),
  docOptions: options(DOC_KINDS),
  relationOptions: options(RELATIONS),
  noteKinds: options(NOTE_KINDS),
  RELATIONS,
  DOC_KINDS,
  SEXES,
  NOTE_KINDS,
};

// Sub-routers with fixed first segments (/students/parents, /students/accounts, /students/changes) go first.
studentsRouter.use(changesRouter, accountsRouter, parentsRouter, giaRouter);

studentsRouter.get("/students", viewFile, async (req, res) => {
  const { q, page } = listQuery.parse(req.query);
  const classId = queryId(req, "class");
  // Issue 7: ?year=<id> lists a past year's students and classes as they were (read-only archive).
  const { year, years } = await selectYear(req, req.actor!.schoolId, yearQuery(req) !== null);
  const yearId = yearQuery(req) !== null && year ? year.id : null;
  const [list, classes] = await Promise.all([listStudents(req.actor!, { q, classId, page, yearId }), classOptions(req.actor!, yearId)]);
  const params = new URLSearchParams();
  if (yearId) params.set("year", String(yearId));
  if (q) params.set("q", q);
  if (classId) params.set("class", String(classId));
  res.page("students/index", {
    title: "Ученики",
    ...list,
    classes,
    filter: { q, classId, yearId },
    years,
    year,
    styles: STYLES,
    canCreate: canCreateStudent(req.actor!),
    pagerBase: `/students?${params.toString() ? params.toString() + "&" : ""}`,
  });
});

async function renderNew(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, duplicates: Duplicate[] = [], status = 200) {
  if (!canCreateStudent(req.actor!)) throw new Forbidden();
  const classes = await classOptions(req.actor!);
  res.page("students/new", { title: "Новый ученик", classes, values, errors, duplicates, ...LISTS, styles: STYLES }, status);
}

studentsRouter.get("/students/new", requirePermission("student-file", "create"), async (req, res) => {
  await renderNew(req, res, { fromDate: isoDate(today()), classId: queryId(req, "class") ?? "" });
});

studentsRouter.post("/students", requirePermission("student-file", "create"), async (req, res) => {
  const parsed = parseForm(studentCreateSchema, req.body);
  if (!parsed.ok) return renderNew(req, res, req.body, parsed.errors, [], 422);
  const r = await attempt(() => createStudent(req.actor!, parsed.data));
  if (!r.ok) return renderNew(req, res, req.body, r.errors, r.duplicates, 422);
  flash(req, "ok", "Ученик добавлен и зачислен в класс");
  res.redirect(`/students/${r.value.studentId}`);
});

studentsRouter.get("/students/:id", viewFile, (req, res) => renderFile(req, res));

async function renderEdit(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const file = await studentFile(req.actor!, idParam(req));
  if (!file.can.editMain) throw new Forbidden();
  res.page(
    "students/edit",
    { title: "Основные данные ученика", file, values: values ?? { ...formValues(file.person), ...formValues(file.profile) }, errors, ...LISTS, styles: STYLES },
    status,
  );
}

studentsRouter.get("/students/:id/edit", viewFile, (req, res) => renderEdit(req, res));

studentsRouter.post("/students/:id", viewFile, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(studentMainSchema, req.body);
  if (!parsed.ok) return renderEdit(req, res, req.body, parsed.errors, 422);
  const r = await attempt(() => updateStudentMain(req.actor!, id, parsed.data));
  if (!r.ok) return renderEdit(req, res, req.body, r.errors, 422);
  flash(req, "ok", r.value ? "Основные данные сохранены" : "Изменений нет");
  res.redirect(`/students/${id}`);
});

studentsRouter.post("/students/:id/notes", viewFile, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(noteSchema, req.body);
  const r = parsed.ok ? await attempt(() => addNote(req.actor!, id, parsed.data)) : { ok: false as const, errors: parsed.errors };
  if (!r.ok)
    return renderFile(req, res, {
      errors: Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [`note.${k}`, v])),
      values: { note: req.body },
      status: 422,
    });
  flash(req, "ok", "Запись добавлена");
  res.redirect(`/students/${id}#notes`);
});

studentsRouter.post("/students/:id/notes/:noteId/delete", viewFile, async (req, res) => {
  const id = idParam(req);
  await deleteNote(req.actor!, id, idParam(req, "noteId"));
  flash(req, "ok", "Запись удалена");
  res.redirect(`/students/${id}#notes`);
});

type SectionName = "medical" | "social";

async function renderSection(req: Request, res: Response, section: SectionName, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const file = await studentFile(req.actor!, idParam(req));
  if (!canEditSection(req.actor!, section, file.classIds)) throw new Forbidden();
  const current = section === "medical" ? file.medical : file.social;
  res.page(
    `students/${section}`,
    {
      title: section === "medical" ? "Медицинские сведения" : "Социально-психологические сведения",
      file,
      values: values ?? formValues(current),
      errors,
      healthGroups: HEALTH_GROUPS.map((g) => ({ value: g, label: g })),
      peGroups: PE_GROUPS.map((g) => ({ value: g, label: g })),
      styles: STYLES,
    },
    status,
  );
}

for (const section of ["medical", "social"] as const) {
  const entity = section === "medical" ? "student-medical" : "student-social";
  const schema = section === "medical" ? medicalSchema : socialSchema;
  studentsRouter.get(`/students/:id/${section}`, requirePermission(entity, "view"), (req, res) => renderSection(req, res, section));
  studentsRouter.post(`/students/:id/${section}`, requirePermission(entity, "view"), async (req, res) => {
    const id = idParam(req);
    const parsed = parseForm(schema, req.body);
    if (!parsed.ok) return renderSection(req, res, section, req.body, parsed.errors, 422);
    const save = section === "medical" ? () => saveMedical(req.actor!, id, parsed.data as never) : () => saveSocial(req.actor!, id, parsed.data as never);
    const r = await attempt(save);
    if (!r.ok) return renderSection(req, res, section, req.body, r.errors, 422);
    flash(req, "ok", r.value ? "Сведения сохранены" : "Изменений нет");
    res.redirect(`/students/${id}#${section}`);
  });
}

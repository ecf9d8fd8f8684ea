/** /students: the list, creating a student, the personal file and its main, medical and social sections. */
import { Router, type Request, type Response } from "express";
import { actorOf, type Actor } from "../../access/actor.ts";
import type { Entity } from "../../access/permissions.ts";
import { requirePermission } from "../../access/policy.ts";
import { Forbidden } from "../../lib/errors.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { bodyOf, formErrors, idParam, queryId, typed } from "../../lib/http.ts";
import { listQuery, parseForm, type FieldErrors, type z } from "../../lib/validation.ts";
import { flash } from "../../lib/views.ts";
import { accountsRouter } from "./accounts.routes.ts";
import { renderFile } from "./file-page.ts";
import { changesRouter } from "./changes.routes.ts";
import { giaRouter } from "./gia.routes.ts";
import { parentsRouter } from "./parents.routes.ts";
import { creationErrors, formValues, prefixed, STYLES } from "./students.http.ts";
import { canCreateStudent, canEditSection } from "./students.policy.ts";
import { medicalSchema, noteSchema, socialSchema, studentCreateSchema, studentMainSchema } from "./students.schemas.ts";
import type { Duplicate } from "./students.service.ts";
import { addNote, classOptions, createStudent, deleteNote, listStudents, saveMedical, saveSocial, studentFile, updateStudentMain } from "./students.service.ts";
import { selectYear, yearQuery } from "../setup/year-select.service.ts";
import { DOC_KINDS, NOTE_KINDS, RELATIONS, SEXES } from "./students.text.ts";
import { referenceOptions } from "../references/references.service.ts";

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

studentsRouter.get("/", viewFile, async (req, res) => {
  const actor = actorOf(req);
  const { q, page } = listQuery.parse(req.query);
  const classId = queryId(req, "class");
  // Issue 7: ?year=<id> lists a past year's students and classes as they were (read-only archive).
  const { year, years } = await selectYear(req, actor.schoolId, yearQuery(req) !== null);
  const yearId = yearQuery(req) !== null && year ? year.id : null;
  const [list, classes] = await Promise.all([listStudents(actor, { q, classId, page, yearId }), classOptions(actor, yearId)]);
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
    canCreate: canCreateStudent(actor),
    pagerBase: `/students?${params.toString() ? params.toString() + "&" : ""}`,
  });
});

async function renderNew(req: Request, res: Response, values: Record<string, unknown>, errors: FieldErrors = {}, duplicates: Duplicate[] = [], status = 200) {
  if (!canCreateStudent(actorOf(req))) throw new Forbidden();
  const classes = await classOptions(actorOf(req));
  res.page("students/new", { title: "Новый ученик", classes, values, errors, duplicates, ...LISTS, styles: STYLES }, status);
}

studentsRouter.get("/new", requirePermission("student-file", "create"), async (req, res) => {
  await renderNew(req, res, { fromDate: isoDate(today()), classId: queryId(req, "class") ?? "" });
});

studentsRouter.post("/", requirePermission("student-file", "create"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(studentCreateSchema, body);
  let studentId = 0;
  const failure = parsed.ok
    ? await creationErrors(async () => (studentId = (await createStudent(actorOf(req), parsed.data)).studentId))
    : { errors: parsed.errors, duplicates: [] };
  if (failure) return renderNew(req, res, typed(body), failure.errors, failure.duplicates, 422);
  flash(req, "ok", "Ученик добавлен и зачислен в класс");
  res.redirect(`/students/${studentId}`);
});

studentsRouter.get("/:id", viewFile, (req, res) => renderFile(req, res));

async function renderEdit(req: Request, res: Response, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const file = await studentFile(actorOf(req), idParam(req));
  if (!file.can.editMain) throw new Forbidden();
  res.page(
    "students/edit",
    { title: "Основные данные ученика", file, values: values ?? { ...formValues(file.person), ...formValues(file.profile) }, errors, ...LISTS, styles: STYLES },
    status,
  );
}

studentsRouter.get("/:id/edit", viewFile, (req, res) => renderEdit(req, res));

studentsRouter.post("/:id", viewFile, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(studentMainSchema, body);
  let changed = false;
  const errors = parsed.ok ? await formErrors(async () => (changed = await updateStudentMain(actorOf(req), id, parsed.data))) : parsed.errors;
  if (errors) return renderEdit(req, res, typed(body), errors, 422);
  flash(req, "ok", changed ? "Основные данные сохранены" : "Изменений нет");
  res.redirect(`/students/${id}`);
});

studentsRouter.post("/:id/notes", viewFile, async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(noteSchema, body);
  const errors = parsed.ok ? await formErrors(() => addNote(actorOf(req), id, parsed.data)) : parsed.errors;
  if (errors) return renderFile(req, res, { errors: prefixed("note", errors), values: { note: typed(body) }, status: 422 });
  flash(req, "ok", "Запись добавлена");
  res.redirect(`/students/${id}#notes`);
});

studentsRouter.post("/:id/notes/:noteId/delete", viewFile, async (req, res) => {
  const id = idParam(req);
  await deleteNote(actorOf(req), id, idParam(req, "noteId"));
  flash(req, "ok", "Запись удалена");
  res.redirect(`/students/${id}#notes`);
});

type SectionName = "medical" | "social";

async function renderSection(req: Request, res: Response, section: SectionName, values?: Record<string, unknown>, errors: FieldErrors = {}, status = 200) {
  const actor = actorOf(req);
  const file = await studentFile(actor, idParam(req));
  if (!canEditSection(actor, section, file.classIds)) throw new Forbidden();
  const current = section === "medical" ? file.medical : file.social;
  res.page(
    `students/${section}`,
    {
      title: section === "medical" ? "Медицинские сведения" : "Социально-психологические сведения",
      file,
      values: values ?? formValues(current),
      errors,
      // The school's reference lists (R-REG-9): renamed labels, archived groups offered only where already recorded.
      healthGroups: await referenceOptions(actor.schoolId, "HEALTH_GROUP", file.medical?.healthGroup),
      peGroups: await referenceOptions(actor.schoolId, "PE_GROUP", file.medical?.peGroup),
      styles: STYLES,
    },
    status,
  );
}

/** The form of a section written by one role (R-ACL-5 medical, R-ACL-6 social): the service checks who. */
function sectionRoutes<S extends z.ZodType>(
  section: SectionName,
  entity: Entity,
  schema: S,
  save: (actor: Actor, studentId: number, input: z.output<S>) => Promise<boolean>,
) {
  studentsRouter.get(`/:id/${section}`, requirePermission(entity, "view"), (req, res) => renderSection(req, res, section));
  studentsRouter.post(`/:id/${section}`, requirePermission(entity, "view"), async (req, res) => {
    const id = idParam(req);
    const body = bodyOf(req);
    const parsed = parseForm(schema, body);
    let changed = false;
    const errors = parsed.ok ? await formErrors(async () => (changed = await save(actorOf(req), id, parsed.data))) : parsed.errors;
    if (errors) return renderSection(req, res, section, typed(body), errors, 422);
    flash(req, "ok", changed ? "Сведения сохранены" : "Изменений нет");
    res.redirect(`/students/${id}#${section}`);
  });
}

sectionRoutes("medical", "student-medical", medicalSchema, saveMedical);
sectionRoutes("social", "student-social", socialSchema, saveSocial);

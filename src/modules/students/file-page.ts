/** The personal file page, shared by the routes that re-render it with a section form's errors. */
import type { Request, Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { idParam } from "../../lib/http.ts";
import { isoDate, today } from "../../lib/dates.ts";
import type { FieldErrors } from "../../lib/validation.ts";
import { STYLES } from "./students.http.ts";
import { studentFile } from "./students.service.ts";
import { DOC_KINDS, LOGIN_STATE, NOTE_KINDS, RELATIONS, SEXES, TEXT } from "./students.text.ts";

const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
const LISTS = { noteKinds: options(NOTE_KINDS), RELATIONS, DOC_KINDS, SEXES, NOTE_KINDS, LOGIN_STATE, TEXT };

export async function renderFile(req: Request, res: Response, forms: { errors?: FieldErrors; values?: Record<string, unknown>; status?: number } = {}) {
  const file = await studentFile(actorOf(req), idParam(req));
  res.page(
    "students/file",
    { title: file.name, file, ...LISTS, todayIso: isoDate(today()), errors: forms.errors ?? {}, values: forms.values ?? {}, styles: STYLES },
    forms.status ?? 200,
  );
}

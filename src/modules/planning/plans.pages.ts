/**
 * The pages of the КТП section, shared by its routers (plans.routes.ts, plans.items.routes.ts,
 * plans.review.routes.ts, plan-import.routes.ts): each renders its view with what the service
 * read, and the typed values and errors of a rejected form (422).
 */
import type { Request, Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { NotFound } from "../../lib/errors.ts";
import { flash, type PageLocals } from "../../lib/views.ts";
import { assignableJournals, journalKey } from "./plans.assign.ts";
import { ROW_FIELDS, rawOf, type RawRow } from "./plans.rows.ts";
import type { PostedRow } from "./plans.schemas.ts";
import { getPlan } from "./plans.service.ts";
import { ACTION_NAMES, LESSON_TYPES, STATUS_BADGES, STATUS_NAMES, WORK_KINDS, WORK_KIND_NAMES } from "./plans.text.ts";
import { lessonTypeNames } from "../references/references.service.ts";

export const styles = ["/static/css/plans.css"];
export const lists = { ACTION_NAMES, LESSON_TYPES, STATUS_BADGES, STATUS_NAMES, WORK_KINDS, WORK_KIND_NAMES };

/** The plan's page: topics, hours against the curriculum, review, journals, actions. */
export async function planPage(req: Request, res: Response, id: number, locals: PageLocals = {}, status = 200) {
  const actor = actorOf(req);
  const data = await getPlan(actor, id);
  const journals = data.rights.assign ? await assignableJournals(actor, { ...data.plan, yearId: data.plan.yearId }) : [];
  const ticked = journals.filter((j) => j.plan?.id === id).map(journalKey);
  const settings = { title: data.plan.title, note: data.note ?? "" };
  res.page(
    "planning/plan",
    {
      title: data.plan.title,
      ...data,
      journals,
      journalKey,
      ticked,
      settings,
      review: { comment: "" },
      styles,
      ...lists,
      LESSON_TYPES: await lessonTypeNames(actor.schoolId),
      ...locals,
    },
    status,
  );
}

/** A row of the topics table as the form shows it. */
export interface FormRow {
  index: number;
  id: number | null;
  raw: RawRow;
  /** Position in the stored plan (null for a new row). */
  position: number | null;
}

const blankRaw = (): RawRow => Object.fromEntries(ROW_FIELDS.map((f) => [f, ""])) as RawRow;

/** Blank rows at the end of the table, for new topics (more are added by «Вставить строку ниже»). */
const BLANK_ROWS = 3;

/**
 * The topics table: the stored topics (or the posted rows of a rejected form), a blank row after
 * `after` (the position «вставить строку ниже» asked for) and blank rows at the end.
 */
export async function itemsPage(
  req: Request,
  res: Response,
  id: number,
  opts: { posted?: PostedRow[]; after?: number | null; locals?: PageLocals; status?: number } = {},
) {
  const actor = actorOf(req);
  const data = await getPlan(actor, id);
  if (!data.rights.edit) {
    if (!data.rights.inScope) throw new NotFound("КТП не найден");
    flash(req, "error", data.rights.lock ?? "КТП сейчас нельзя изменить");
    return res.redirect(`/planning/plans/${id}`);
  }
  let rows: Omit<FormRow, "index">[];
  if (opts.posted) rows = opts.posted.map((r) => ({ id: r.id, raw: r.raw, position: null }));
  else {
    rows = data.items.map((i) => ({ id: i.id, raw: rawOf(i), position: i.position }));
    if (opts.after !== null && opts.after !== undefined && opts.after >= 0 && opts.after <= rows.length)
      rows.splice(opts.after, 0, { id: null, raw: blankRaw(), position: null });
    for (let k = 0; k < BLANK_ROWS; k++) rows.push({ id: null, raw: blankRaw(), position: null });
  }
  const formRows: FormRow[] = rows.map((r, i) => ({ ...r, index: i + 1 }));
  res.page(
    "planning/plan-items",
    {
      title: `Темы: ${data.plan.title}`,
      ...data,
      rows: formRows,
      insertedAt: opts.after ?? null,
      paste: { paste: "", mode: "append" },
      styles,
      ...lists,
      LESSON_TYPES: await lessonTypeNames(actorOf(req).schoolId),
      ...opts.locals,
    },
    opts.status ?? 200,
  );
}

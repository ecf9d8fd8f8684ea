/**
 * /announcements — the board («Объявления», issue 15, R-COM-1):
 *   GET  /announcements[?page=]            what the reader's audience includes, pinned first, newest next
 *   GET  /announcements/archive[?page=]    past their date: the own ones (the administrator: all)
 *   GET  /announcements/new, POST /announcements            posting
 *   GET  /announcements/:id                one announcement (opening marks it read)
 *   GET  /announcements/:id/edit, POST /announcements/:id   editing (the author; the administrator any)
 *   POST /announcements/:id/delete, POST /announcements/:id/pin
 *   GET  /announcements/:id/files/:fileId  an attachment
 * Anything outside the reader's audience or the editor's rights is a 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { prisma } from "../../lib/db.ts";
import { RICH_TEXT_HINT, richTextHtml } from "../../lib/rich-text.ts";
import { flash } from "../../lib/views.ts";
import { listQuery, parseForm } from "../../lib/validation.ts";
import { canPin, canPost, seesWholeArchive } from "./announcements.policy.ts";
import { announcementInput } from "./announcements.schemas.ts";
import { describeFile, fileLimits, sendStoredFile } from "../files/files.service.ts";
import { announcementFile, boardPage, openAnnouncement } from "./announcements.service.ts";
import { AUDIENCE_NAMES, BODY_MAX, MSG, TITLE_MAX, uploadHint } from "./announcements.text.ts";
import { announcementForEdit, createAnnouncement, deleteAnnouncement, postingTargets, setPinned, updateAnnouncement } from "./announcements.write.ts";
import { recountUnreadAfterWrites } from "../inbox/inbox.service.ts";

export const announcementsRouter = Router();
const styles = ["/static/css/announcements.css"];
const create = requirePermission("announcement", "create");

async function board(req: Request, res: Response, archive: boolean) {
  const actor = actorOf(req);
  const { page } = listQuery.parse(req.query);
  const data = await boardPage(actor, { page, archive });
  if (!data.items.length && page > 1) return res.redirect(archive ? "/announcements/archive" : "/announcements");
  res.page("announcements/index", {
    title: archive ? "Архив объявлений" : "Объявления",
    ...data,
    archive,
    canPost: canPost(actor),
    wholeArchive: seesWholeArchive(actor),
    styles,
  });
}

announcementsRouter.get("/", (req, res) => board(req, res, false));
announcementsRouter.get("/archive", (req, res) => board(req, res, true));

/** The form's values as typed (lists as arrays of strings), for showing the form again. */
function formValues(body: Record<string, unknown>): Record<string, unknown> {
  const v = typed(body);
  for (const k of ["grades", "classIds", "removeFiles"]) v[k] = ([] as unknown[]).concat(v[k] ?? []).map(String);
  return v;
}

async function formPage(req: Request, res: Response, locals: { id?: number; values: Record<string, unknown>; errors?: Record<string, string> }, status = 200) {
  const actor = actorOf(req);
  const targets = await postingTargets(prisma, actor);
  const existing = locals.id ? await announcementForEdit(actor, locals.id) : null;
  res.page(
    "announcements/form",
    {
      title: existing ? "Изменение объявления" : "Новое объявление",
      announcement: existing,
      files: existing ? existing.files.map((f) => f.file) : [],
      targets,
      canPin: canPin(actor),
      AUDIENCE_NAMES,
      TITLE_MAX,
      BODY_MAX,
      RICH_TEXT_HINT,
      minDate: isoDate(today()),
      uploads: { hint: uploadHint(await fileLimits(prisma, actor.schoolId)) },
      values: locals.values,
      errors: locals.errors ?? {},
      styles,
    },
    status,
  );
}

/** The files of the form (`files`), as the multipart middleware read them. */
const filesOf = (req: Request) => (req.uploads ?? []).filter((u) => u.field === "files");

announcementsRouter.get("/new", create, async (req, res) => {
  const targets = await postingTargets(prisma, actorOf(req));
  const audience = targets.audiences.length === 1 ? targets.audiences[0] : "";
  await formPage(req, res, { values: { audience, toParents: audience === "FAMILIES" ? "on" : "", grades: [], classIds: [] } });
});

announcementsRouter.post("/", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(announcementInput, body);
  let id = 0;
  const errors = parsed.ok ? await formErrors(async () => (id = await createAnnouncement(actorOf(req), parsed.data, filesOf(req)))) : parsed.errors;
  if (errors) return formPage(req, res, { values: formValues(body), errors }, 422);
  flash(req, "ok", MSG.created);
  res.redirect(`/announcements/${id}`);
});

const ESCAPED_LENGTH: Record<string, number> = { "&": 5, "<": 4, ">": 4, '"': 5, "'": 5 };
/**
 * The window's title: its own part at most 48 characters as written in the HTML (escapes
 * counted), so the whole <title> with « — Электронный журнал» stays within 70.
 */
function shortTitle(t: string): string {
  let length = 0;
  let i = 0;
  for (; i < t.length; i++) {
    length += ESCAPED_LENGTH[t[i]!] ?? 1;
    if (length > 48) break;
  }
  return i === t.length ? t : `${t.slice(0, Math.max(0, i - 1)).trimEnd()}…`;
}

announcementsRouter.get("/:id", async (req, res) => {
  const a = await openAnnouncement(actorOf(req), idParam(req));
  if (!a) throw new NotFound();
  recountUnreadAfterWrites(res);
  res.page("announcements/show", { title: shortTitle(a.title), a, files: a.files.map(describeFile), html: richTextHtml(a.body), styles });
});

announcementsRouter.get("/:id/edit", async (req, res) => {
  const a = await announcementForEdit(actorOf(req), idParam(req));
  const values = {
    title: a.title,
    body: a.body,
    audience: a.audience,
    toParents: a.toParents ? "on" : "",
    toStudents: a.toStudents ? "on" : "",
    grades: a.grades.map(String),
    classIds: a.classIds.map(String),
    showUntil: a.showUntil ? isoDate(a.showUntil) : "",
    pinned: a.pinned ? "on" : "",
    removeFiles: [],
  };
  await formPage(req, res, { id: a.id, values });
});

announcementsRouter.post("/:id", async (req, res) => {
  const id = idParam(req);
  const body = bodyOf(req);
  const parsed = parseForm(announcementInput, body);
  const errors = parsed.ok ? await formErrors(() => updateAnnouncement(actorOf(req), id, parsed.data, filesOf(req))) : parsed.errors;
  if (errors) return formPage(req, res, { id, values: formValues(body), errors }, 422);
  flash(req, "ok", MSG.updated);
  res.redirect(`/announcements/${id}`);
});

announcementsRouter.post("/:id/delete", async (req, res) => {
  await deleteAnnouncement(actorOf(req), idParam(req));
  flash(req, "ok", MSG.deleted);
  res.redirect("/announcements");
});

announcementsRouter.post("/:id/pin", async (req, res) => {
  const pinned = bodyOf(req).pinned === "1";
  await setPinned(actorOf(req), idParam(req), pinned);
  flash(req, "ok", pinned ? MSG.pinned : MSG.unpinned);
  res.redirect(`/announcements/${idParam(req)}`);
});

announcementsRouter.get("/:id/files/:fileId", async (req, res) => {
  const file = await announcementFile(actorOf(req), idParam(req), idParam(req, "fileId"));
  if (!file) throw new NotFound();
  await sendStoredFile(res, file);
});

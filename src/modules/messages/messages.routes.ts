/**
 * /messages — «Сообщения» (issue 15, R-COM-2):
 *   GET  /messages[?folder=archive|sent&q=&page=]   the actor's conversations
 *   GET  /messages/new[?to=&group=&forward=]        writing (prefilled recipients, forwarding)
 *   POST /messages/new                              sending (multipart: files)
 *   GET  /messages/contacts[?class=&q=]             the address book
 *   /messages/complaints…                           the administrator's complaints (complaints.routes.ts)
 *   GET  /messages/:id                              a conversation (opening marks it read)
 *   POST /messages/:id/reply, /archive, /complaints
 *   GET  /messages/:id/files/:fileId                an attachment
 * A conversation, message or file that is not the actor's is a 404.
 */
import { Router, type Request, type Response } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";
import { attempt, bodyOf, formErrors, idParam, parseId, queryId, queryText, typed } from "../../lib/http.ts";
import { prisma } from "../../lib/db.ts";
import { RICH_TEXT_HINT } from "../../lib/rich-text.ts";
import { flash } from "../../lib/views.ts";
import { listQuery, parseForm } from "../../lib/validation.ts";
import { fileLimits, sendStoredFile } from "../files/files.service.ts";
import { emailEnabled } from "../notifications/notifications.service.ts";
import { complaintsRouter } from "./complaints.routes.ts";
import { addressBook, classContacts, contactsByIds, groupLabel, searchContacts } from "./messages.contacts.ts";
import { parseGroup, reachesFamilies, writeScope } from "./messages.policy.ts";
import { complaintInput, newMessageInput, replyInput } from "./messages.schemas.ts";
import { sendMessage, replyTo } from "./messages.send.ts";
import { complain, forwardPreview, listConversations, messageFile, openConversation, setArchived } from "./messages.service.ts";
import { BODY_MAX, FOLDERS, MSG, pageTitle, SUBJECT_MAX, uploadHint, type Folder } from "./messages.text.ts";
import { recountUnreadAfterWrites } from "../inbox/inbox.service.ts";

export const messagesRouter = Router();
const styles = ["/static/css/messages.css"];
const view = requirePermission("message", "view");
const create = requirePermission("message", "create");

const folderOf = (req: Request): Folder => {
  const f = queryText(req, "folder");
  return f === "archive" || f === "sent" ? f : "inbox";
};

messagesRouter.get("/", view, async (req, res) => {
  const { page, q } = listQuery.parse(req.query);
  const folder = folderOf(req);
  const data = await listConversations(actorOf(req), { folder, q, page });
  res.page("messages/index", { title: FOLDERS[folder] === "Входящие" ? "Сообщения" : `Сообщения: ${FOLDERS[folder]}`, ...data, FOLDERS, styles });
});

messagesRouter.use("/complaints", complaintsRouter);

/** Values of a list field (checkboxes, repeated query parameters) as strings. */
const listOf = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).filter((x): x is string => typeof x === "string");

async function formPage(req: Request, res: Response, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) {
  const actor = actorOf(req);
  const [book, limits] = await Promise.all([addressBook(prisma, actor), fileLimits(prisma, actor.schoolId)]);
  const ids = listOf(values.to)
    .map(parseId)
    .filter((n): n is number => n !== null);
  const listed = new Set([...book.administration, ...book.teachers, ...book.staff].map((c) => c.userId));
  const selected = (await contactsByIds(prisma, actor, ids)).filter((c) => !listed.has(c.userId));
  const forwardId = parseId(typeof values.forward === "string" ? values.forward : undefined);
  const forward = forwardId ? await forwardPreview(actor, forwardId) : null;
  const groups = listOf(values.groups)
    .map((g) => parseGroup(g))
    .filter((g) => g !== null)
    .map((g) => ({ key: `${g.kind}:${g.classId}`, label: groupLabel(g, book.classes) }))
    .filter((g) => g.label);
  res.page(
    "messages/new",
    {
      title: forward ? "Пересылка сообщения" : "Новое сообщение",
      book,
      selected,
      selectedGroups: groups,
      familyGroups: reachesFamilies(writeScope(actor)),
      forward,
      emailOn: emailEnabled(),
      uploads: { hint: uploadHint(limits) },
      SUBJECT_MAX,
      BODY_MAX,
      RICH_TEXT_HINT,
      values: { ...values, to: ids.map(String), groups: listOf(values.groups) },
      errors,
      styles,
    },
    status,
  );
}

messagesRouter.get("/new", create, async (req, res) => {
  const values: Record<string, unknown> = { to: listOf(req.query.to), groups: listOf(req.query.group) };
  const forwardId = queryId(req, "forward");
  if (forwardId) {
    const f = await forwardPreview(actorOf(req), forwardId);
    Object.assign(values, { forward: String(f.id), subject: `Пересылка: ${f.subject}`.slice(0, SUBJECT_MAX) });
  }
  await formPage(req, res, values);
});

/** The files of a form (`files`), as the multipart middleware read them. */
const filesOf = (req: Request) => (req.uploads ?? []).filter((u) => u.field === "files");

messagesRouter.post("/new", create, async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(newMessageInput, body);
  const sent = parsed.ok ? await attempt(() => sendMessage(actorOf(req), parsed.data, filesOf(req))) : { ok: false as const, errors: parsed.errors };
  if (!sent.ok) {
    return formPage(req, res, { ...typed(body), to: listOf(body.to), groups: listOf(body.groups) }, sent.errors, sent.errors._limit ? 429 : 422);
  }
  const ids = sent.value.conversationIds;
  flash(req, "ok", MSG.sent(ids.length));
  res.redirect(ids.length === 1 ? `/messages/${ids[0]}` : "/messages?folder=sent");
});

messagesRouter.get("/contacts", view, async (req, res) => {
  const actor = actorOf(req);
  const classId = queryId(req, "class");
  const q = listQuery.parse(req.query).q;
  const [book, cls, found] = await Promise.all([
    addressBook(prisma, actor),
    classId ? classContacts(prisma, actor, classId) : null,
    q ? searchContacts(prisma, actor, q) : null,
  ]);
  if (classId && !cls) throw new NotFound();
  res.page("messages/contacts", { title: cls ? `Адресная книга: ${cls.cls.name}` : "Адресная книга", book, cls, q, found, styles });
});

messagesRouter.get("/:id", view, async (req, res) => {
  const c = await openConversation(actorOf(req), idParam(req));
  recountUnreadAfterWrites(res);
  const limits = await fileLimits(prisma, actorOf(req).schoolId);
  res.page("messages/show", { title: pageTitle(c.subject), c, uploads: { hint: uploadHint(limits) }, BODY_MAX, RICH_TEXT_HINT, styles });
});

messagesRouter.post("/:id/reply", view, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(replyInput, bodyOf(req));
  const errors = parsed.ok ? await formErrors(() => replyTo(actorOf(req), id, parsed.data, filesOf(req))) : parsed.errors;
  if (errors) {
    const c = await openConversation(actorOf(req), id);
    const limits = await fileLimits(prisma, actorOf(req).schoolId);
    const status = errors._limit ? 429 : 422;
    return res.page(
      "messages/show",
      { title: pageTitle(c.subject), c, uploads: { hint: uploadHint(limits) }, BODY_MAX, RICH_TEXT_HINT, values: typed(bodyOf(req)), errors, styles },
      status,
    );
  }
  flash(req, "ok", MSG.replied);
  res.redirect(`/messages/${id}`);
});

messagesRouter.post("/:id/archive", view, async (req, res) => {
  const archived = bodyOf(req).archived !== "0";
  await setArchived(actorOf(req), idParam(req), archived);
  flash(req, "ok", archived ? MSG.archived : MSG.unarchived);
  res.redirect(archived ? "/messages" : `/messages/${idParam(req)}`);
});

messagesRouter.post("/:id/complaints", view, async (req, res) => {
  const id = idParam(req);
  const parsed = parseForm(complaintInput, bodyOf(req));
  if (!parsed.ok) {
    if (!parsed.errors.reason) throw new NotFound();
    flash(req, "error", `Жалоба не отправлена: причина — ${parsed.errors.reason.toLowerCase()}`);
    return res.redirect(`/messages/${id}`);
  }
  const created = await complain(actorOf(req), id, parsed.data);
  flash(req, created ? "ok" : "info", created ? MSG.complained : MSG.alreadyComplained);
  res.redirect(`/messages/${id}`);
});

messagesRouter.get("/:id/files/:fileId", view, async (req, res) => {
  const file = await messageFile(actorOf(req), idParam(req), idParam(req, "fileId"));
  if (!file) throw new NotFound();
  await sendStoredFile(res, file);
});

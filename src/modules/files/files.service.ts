/**
 * Uploaded files (issue 15), for the modules that own them (messages, announcements, later
 * homework and documents). A module takes the files of its form with acceptFiles() inside its own
 * transaction, links the returned StoredFile rows to its object (MessageFile, AnnouncementFile),
 * and serves them from its own download route with sendStoredFile() after its policy allowed the
 * object. There is no public file route: a file id alone grants nothing, and a file of an object
 * the user may not see is a 404 of that module.
 *
 *   const accepted = await acceptFiles(tx, actor, req.uploads ?? []);
 *   if (!accepted.ok) throw new ValidationError({ files: accepted.error });
 *   await tx.messageFile.createMany({ data: accepted.files.map((f) => ({ messageId, fileId: f.id })) });
 *
 * Files no object links to are removed after a day by the clean-up job (files.jobs.ts).
 */
import type { Response } from "express";
import type { Db } from "../../lib/db.ts";
import { contentDisposition } from "../../lib/download.ts";
import { detectType, isInlineType } from "../../lib/files/detect.ts";
import { fileStore, sha256Of } from "../../lib/files/store.ts";
import type { UploadedFile } from "../../lib/uploads.ts";
import { NotFound } from "../../lib/errors.ts";
import type { StoredFile } from "../../generated/prisma/client.ts";
import { FILE_TEXT } from "./files.text.ts";

export type { StoredFile, UploadedFile };

/** A size as people read it: «12 КБ», «3,4 МБ», «1,2 ГБ». */
export const formatSize = FILE_TEXT.size;

export type AcceptResult = { ok: true; files: StoredFile[] } | { ok: false; error: string };

/** The uploader: only the school and the user are used. */
export interface Uploader {
  schoolId: number;
  userId: number;
}

/** The school's limits (School.maxFileMb per file, School.maxFilesPerMessage per form). */
export async function fileLimits(db: Db, schoolId: number): Promise<{ maxFileMb: number; maxFiles: number }> {
  const s = await db.school.findUnique({ where: { id: schoolId }, select: { maxFileMb: true, maxFilesPerMessage: true } });
  if (!s) throw new NotFound();
  return { maxFileMb: s.maxFileMb, maxFiles: s.maxFilesPerMessage };
}

/** A name fit to keep and show: no path, no control characters, at most 200 characters; never empty. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex -- control characters never belong in a file name
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (!clean) return "файл";
  if (clean.length <= 200) return clean;
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(clean)?.[0] ?? "";
  return clean.slice(0, 200 - ext.length) + ext;
}

/**
 * Checks and stores the files of one form (R-COM-2, issue 15 «Files»): at most the school's number
 * of files, each within the school's size, each of an allowed type detected from its content.
 * All or nothing: the first refused file is named in a Russian message and nothing is stored.
 * The content goes to the file store (once per content), a StoredFile row per file to `db` — pass
 * the caller's transaction client, so the rows vanish with a rolled-back transaction (the content
 * left behind is removed by the clean-up job).
 */
export async function acceptFiles(db: Db, actor: Uploader, uploads: UploadedFile[]): Promise<AcceptResult> {
  const files = uploads.filter((u) => u.filename || u.data.length);
  if (!files.length) return { ok: true, files: [] };
  const limits = await fileLimits(db, actor.schoolId);
  if (files.length > limits.maxFiles) return { ok: false, error: FILE_TEXT.tooMany(limits.maxFiles) };

  const checked: { name: string; mime: string; data: Buffer; sha256: string }[] = [];
  for (const f of files) {
    const name = cleanFileName(f.filename);
    if (!f.data.length) return { ok: false, error: FILE_TEXT.empty(name) };
    if (f.data.length > limits.maxFileMb * 1024 * 1024) return { ok: false, error: FILE_TEXT.tooLarge(name, limits.maxFileMb) };
    const detected = await detectType(f.data, name);
    if (!detected.ok) return { ok: false, error: FILE_TEXT.refused(name, detected.reason, detected.what) };
    checked.push({ name, mime: detected.type.mime, data: f.data, sha256: sha256Of(f.data) });
  }

  const store = fileStore();
  for (const c of new Map(checked.map((c) => [c.sha256, c])).values()) await store.put(c.sha256, c.data);
  const rows: StoredFile[] = [];
  for (const c of checked)
    rows.push(
      await db.storedFile.create({
        data: { schoolId: actor.schoolId, sha256: c.sha256, name: c.name, mime: c.mime, size: c.data.length, uploaderId: actor.userId },
      }),
    );
  return { ok: true, files: rows };
}

/** The Content-Security-Policy of a file shown in the browser. */
function inlinePolicy(mime: string): string {
  // Images: a sandboxed document that may load nothing and run nothing. PDF: every browser's PDF
  // viewer refuses to run in a sandboxed document (Chromium issue 41131921, Safari likewise), so a
  // PDF gets the same «nothing else» policy without `sandbox`; its content was checked to be a PDF.
  return mime === "application/pdf"
    ? "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"
    : "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'";
}

/**
 * Sends a stored file to a user the owning module's policy has already allowed (issue 15): the type
 * detected at upload (text with charset=utf-8), `X-Content-Type-Options: nosniff`, inline only for
 * images and PDF (with a restrictive Content-Security-Policy), an attachment for everything else,
 * under the Russian name with an ASCII fallback; never cached by shared caches. 404 when the
 * content is missing from the store.
 */
export async function sendStoredFile(res: Response, file: StoredFile): Promise<void> {
  const stream = await fileStore().get(file.sha256);
  if (!stream) throw new NotFound("Файл не найден");
  const inline = isInlineType(file.mime);
  res.setHeader("Content-Type", file.mime.startsWith("text/") ? `${file.mime}; charset=utf-8` : file.mime);
  res.setHeader("Content-Length", String(file.size));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Disposition", contentDisposition(file.name, { inline }));
  res.setHeader("Cache-Control", "private, no-store");
  res.setHeader("Content-Security-Policy", inline ? inlinePolicy(file.mime) : "sandbox; default-src 'none'");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  await new Promise<void>((resolve, reject) => {
    stream.on("error", reject);
    res.on("close", () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/**
 * The files of an object for its page: what a module's view lists (name, size, type) — the module
 * builds the download link to its own route.
 */
export function describeFile(f: Pick<StoredFile, "id" | "name" | "mime" | "size">): { id: number; name: string; size: string; inline: boolean } {
  return { id: f.id, name: f.name, size: FILE_TEXT.size(f.size), inline: isInlineType(f.mime) };
}

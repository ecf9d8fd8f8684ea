/**
 * A small multipart/form-data reader for the spreadsheet upload forms (/imports only): fields go to
 * req.body (so the CSRF check sees _csrf), files to req.uploads. Mounted after authentication and
 * before the CSRF check; anything else passes through untouched. Limit: 10 MB per request.
 */
import type { NextFunction, Request, Response } from "express";

/** A file of the form; the request's files are req.uploads (declared in uploads.d.ts). */
export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Parses a multipart body; returns null when it is malformed. */
export function parseMultipart(body: Buffer, boundary: string): { fields: Record<string, string>; files: UploadedFile[] } | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) return null;
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === "--") break; // the closing delimiter
    pos += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) return null;
    const headers = body.subarray(pos, headerEnd).toString("utf8");
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) return null;
    const content = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim() ?? "application/octet-stream";
    if (name !== undefined) {
      if (filename !== undefined) files.push({ field: name, filename, contentType, data: Buffer.from(content) });
      else fields[name] = content.toString("utf8");
    }
    pos = next + 2;
  }
  return { fields, files };
}

export function multipartForms(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== "POST" || !req.path.startsWith("/imports") || !req.is("multipart/form-data")) return next();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers["content-type"] ?? "");
  if (!boundary) return next();
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size > MAX_UPLOAD_BYTES) tooLarge = true;
    else chunks.push(c);
  });
  req.on("error", next);
  req.on("end", () => {
    if (tooLarge) {
      res.status(413).send("Файл слишком большой: не больше 10 МБ");
      return;
    }
    const parsed = parseMultipart(Buffer.concat(chunks), (boundary[1] ?? boundary[2] ?? "").trim());
    req.body = parsed?.fields ?? {};
    req.uploads = parsed?.files ?? [];
    next();
  });
}

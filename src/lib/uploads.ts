/**
 * Multipart forms (files): fields go to req.body, so the CSRF check that follows sees `_csrf`;
 * files go to req.uploads as buffers. Mounted once, after authentication and before the CSRF
 * check (app.ts), for every path: only signed-in users reach it, and a multipart body is parsed
 * only when a form sends one (/imports, /announcements, /messages, later homework).
 *
 * The parser is busboy, the streaming multipart parser that multer and most of the Node world are
 * built on (maintained by the Node.js core contributor who wrote it, no dependencies but
 * `streamsearch`). multer itself is not used: it adds a storage layer we do not need (files are
 * checked by content and stored by files.service.ts, not by the parser) and hides the limit events
 * this middleware turns into Russian messages.
 *
 * Limits: the whole request at most UPLOAD_LIMIT_MB (config); a bigger one is answered 413 with a
 * Russian page, the rest of its body is read and thrown away (so the browser sees the answer, not
 * a reset connection) up to four times the limit, then the connection is closed. A body that is
 * not valid multipart is 400. The school's own limits (size per file, files per form) are checked
 * later by files.service.ts acceptFiles(), next to the form.
 */
import busboy from "busboy";
import type { NextFunction, Request, Response } from "express";
import { config } from "../config.ts";
import { AppError } from "./errors.ts";

/** A file of a multipart form (req.uploads). */
export interface UploadedFile {
  /** The form field's name. */
  field: string;
  /** The name on the user's computer, as the browser sent it (UTF-8). */
  filename: string;
  /** The type the browser claimed: never trusted (files.service.ts detects it from the content). */
  contentType: string;
  data: Buffer;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's Request is augmented through its global namespace (as in src/types.d.ts).
  namespace Express {
    interface Request {
      /** The files of a multipart form (empty file inputs left out). */
      uploads?: UploadedFile[];
    }
  }
}

const MB = 1024 * 1024;

export const UPLOAD_MESSAGES = {
  tooLarge: (limitMb: number) => `Слишком большой объём файлов: за одну отправку не больше ${limitMb} МБ. Уменьшите файлы или отправьте их по частям.`,
  malformed: "Форма пришла повреждённой и не может быть прочитана. Обновите страницу и отправьте её ещё раз.",
  tooManyParts: "В форме слишком много полей или файлов.",
};

/** How many fields, files and parts one form may have (far above any form of the product). */
const PART_LIMITS = { fields: 2000, files: 50, parts: 2100, fieldSize: 1 * MB };

/** The middleware; `limitBytes` defaults to UPLOAD_LIMIT_MB. */
export function multipartForms(opts: { limitBytes?: number } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== "POST" || !req.is("multipart/form-data")) return next();
    const limit = opts.limitBytes ?? config().uploadLimitBytes;
    const limitMb = Math.max(1, Math.floor(limit / MB));
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit * 4) {
      // Far too big to be worth reading: answer and close the connection.
      res.setHeader("Connection", "close");
      return next(new AppError(UPLOAD_MESSAGES.tooLarge(limitMb), 413));
    }

    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: "utf8", limits: { ...PART_LIMITS, fileSize: limit } });
    } catch {
      return next(new AppError(UPLOAD_MESSAGES.malformed, 400)); // no boundary, unknown charset
    }

    const fields: Record<string, string | string[]> = {};
    const files: UploadedFile[] = [];
    let received = 0;
    let failed: AppError | null = null;
    let done = false;
    const finish = (err: AppError | null) => {
      if (done) return;
      done = true;
      if (err) return next(err);
      req.body = fields;
      req.uploads = files;
      next();
    };
    /** Stops parsing; the rest of the body is drained (bounded) before the answer. */
    const fail = (err: AppError) => {
      if (failed || done) return;
      failed = err;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on("error", () => {});
      let drained = 0;
      req.on("data", (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > limit * 4) req.destroy();
      });
      req.on("end", () => finish(err));
      req.on("close", () => finish(err));
      req.resume();
    };

    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) fail(new AppError(UPLOAD_MESSAGES.tooLarge(limitMb), 413));
    });
    parser.on("field", (name, value) => {
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new AppError(UPLOAD_MESSAGES.tooLarge(limitMb), 413)));
      stream.on("end", () => {
        const data = Buffer.concat(chunks);
        // An empty file input is sent as a part with no name and no content: not a file.
        if (!info.filename && !data.length) return;
        files.push({ field: name, filename: (info.filename ?? "").normalize("NFC"), contentType: info.mimeType || "application/octet-stream", data });
      });
    });
    const tooMany = () => fail(new AppError(UPLOAD_MESSAGES.tooManyParts, 413));
    parser.on("filesLimit", tooMany);
    parser.on("fieldsLimit", tooMany);
    parser.on("partsLimit", tooMany);
    parser.on("error", () => fail(new AppError(UPLOAD_MESSAGES.malformed, 400)));
    parser.on("close", () => {
      if (!failed) finish(null);
    });
    req.on("error", () => fail(new AppError(UPLOAD_MESSAGES.malformed, 400)));
    req.pipe(parser);
  };
}

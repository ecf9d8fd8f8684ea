/**
 * What a file is, by its content (issue 15: «a file is checked by its content, not its name»).
 * Binary formats by their signatures (the `file-type` package: magic numbers, and the inside of
 * ZIP containers for docx/xlsx/pptx/odt/ods); plain text and CSV by a strict UTF-8 check. Only
 * the allow-list below is accepted: documents, spreadsheets, presentations, PDF, raster images,
 * text, archives. HTML, SVG, XML, scripts, executables and everything else are refused, whatever
 * the file is called — an HTML page named «справка.pdf» is an HTML page.
 */
import { fileTypeFromBuffer } from "file-type";

export interface Detected {
  /** The type the file is served with (never the browser's claim). */
  mime: string;
  /** A short Russian word for messages: «PDF», «картинка», … */
  label: string;
}

/** Detected by signature: file-type's extension → our type. */
const BY_SIGNATURE: Record<string, Detected> = {
  pdf: { mime: "application/pdf", label: "PDF" },
  png: { mime: "image/png", label: "картинка" },
  jpg: { mime: "image/jpeg", label: "картинка" },
  gif: { mime: "image/gif", label: "картинка" },
  webp: { mime: "image/webp", label: "картинка" },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", label: "документ Word" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "таблица Excel" },
  pptx: { mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", label: "презентация" },
  odt: { mime: "application/vnd.oasis.opendocument.text", label: "документ OpenDocument" },
  ods: { mime: "application/vnd.oasis.opendocument.spreadsheet", label: "таблица OpenDocument" },
  rtf: { mime: "application/rtf", label: "документ RTF" },
  zip: { mime: "application/zip", label: "архив" },
  "7z": { mime: "application/x-7z-compressed", label: "архив" },
  rar: { mime: "application/vnd.rar", label: "архив" },
};

/** Old Office files share one container format (CFB, also used by installers): the name says which. */
const CFB_BY_NAME: Record<string, Detected> = {
  doc: { mime: "application/msword", label: "документ Word" },
  xls: { mime: "application/vnd.ms-excel", label: "таблица Excel" },
  ppt: { mime: "application/vnd.ms-powerpoint", label: "презентация" },
};

/** Names of binary formats: text content under such a name is not what it says. */
const BINARY_NAMES = new Set([...Object.keys(BY_SIGNATURE), "jpeg", ...Object.keys(CFB_BY_NAME)]);

const TEXT = { mime: "text/plain", label: "текст" };
const CSV = { mime: "text/csv", label: "таблица CSV" };

/** Markup a browser would run or render as a page: refused even as "text". */
const MARKUP = /^\s*(?:<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe|<object|<embed|<meta|<link|<style|<!--)/i;

function extensionOf(name: string): string {
  return /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? "";
}

/** Valid UTF-8 without NUL bytes or other control characters (tab, line breaks and form feed allowed). */
function isUtf8Text(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what marks a binary file
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

export type Detection = { ok: true; type: Detected } | { ok: false; reason: "html" | "mismatch" | "unknown"; what?: string };

/** What the content is, or why it is refused. `name` only tells old Office files apart and catches text posing as a binary format. */
export async function detectType(data: Buffer, name: string): Promise<Detection> {
  const ext = extensionOf(name);
  const found = await fileTypeFromBuffer(data);
  if (found) {
    if (found.ext === "cfb") {
      const cfb = CFB_BY_NAME[ext];
      return cfb ? { ok: true, type: cfb } : { ok: false, reason: "unknown" };
    }
    const type = BY_SIGNATURE[found.ext];
    if (type) return { ok: true, type };
    return { ok: false, reason: found.ext === "xml" ? "html" : "unknown", what: found.ext };
  }
  if (!isUtf8Text(data)) return { ok: false, reason: "unknown" };
  const text = data.toString("utf8").replace(/^\uFEFF/, "");
  if (MARKUP.test(text) || /<\s*(?:script|svg|html|iframe)\b/i.test(text.slice(0, 4096))) return { ok: false, reason: "html" };
  if (BINARY_NAMES.has(ext)) return { ok: false, reason: "mismatch", what: ext };
  return { ok: true, type: ext === "csv" ? CSV : TEXT };
}

/** Shown in a browser rather than saved: raster images and PDF only. */
export function isInlineType(mime: string): boolean {
  return mime === "application/pdf" || ["image/png", "image/jpeg", "image/gif", "image/webp"].includes(mime);
}

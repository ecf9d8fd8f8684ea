/**
 * Names of downloaded files (issue 23): every PDF, spreadsheet and archive the app sends is named
 * in Russian after what it is — «Журнал-6А-1-четверть.pdf», not «journal-6-13-p1.pdf». The
 * Content-Disposition header carries the name twice (RFC 6266, through the `content-disposition`
 * package Express itself uses): `filename*=UTF-8''…` with the Russian name for every current
 * browser, and `filename="Zhurnal-6A-1-chetvert.pdf"`, a transliterated ASCII fallback for old
 * clients and tools.
 *
 *   sendDownload(res, pdf, downloadName(["Журнал", "6А", "1-четверть"], "pdf"), { inline: true });
 *   sendPdf(res, pdf, `Расписание ${name} на ${formatDate(day)}.pdf`);   // any name: sendDownload cleans it
 */
import { LATIN_LETTERS } from "./translit.ts";
import type { Response } from "express";
import { create as formatDisposition } from "content-disposition";

const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  gz: "application/gzip",
  json: "application/json",
  csv: "text/csv; charset=utf-8",
};

/** Russian letters in Latin (src/lib/translit.ts), and the few other signs of file names. */
const LATIN: Record<string, string> = { ...LATIN_LETTERS, і: "i", "№": "N" };

/** Latin letters for Russian text: «Журнал 6А» → «Zhurnal 6A» (capitals kept: «Щ» → «Shch»). */
export function transliterate(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const latin = LATIN[lower];
    if (latin === undefined) out += ch;
    else if (ch !== lower && latin) out += latin[0]!.toUpperCase() + latin.slice(1);
    else out += latin;
  }
  return out;
}

/** Separators a file system refuses (Windows' set) and punctuation between words: a hyphen — «2025/2026» → «2025-2026». */
const SEPARATORS = /[\\/:|,;]/g;
/** Other characters file systems refuse or quote, quotation marks and controls: dropped. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not carry
const UNSAFE = /[*?"<>«»„“”'`\u0000-\u001f\u007f]/g;

/**
 * A file name from its parts: «Журнал», «6А», «1-четверть» → «Журнал-6А-1-четверть.pdf». Empty
 * parts are skipped; spaces become hyphens; characters a file system would refuse are dropped.
 */
export function downloadName(parts: readonly (string | number | null | undefined)[], ext: string): string {
  const base = parts
    .filter((p): p is string | number => p !== null && p !== undefined && String(p).trim() !== "")
    .map((p) => String(p).normalize("NFC").replace(SEPARATORS, "-").replace(UNSAFE, "").trim().replace(/\s+/g, "-"))
    .join("-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
  return `${base || "file"}.${ext.replace(/^\./, "")}`;
}

/** A name's base and extension («Архив-2025-2026.json.gz» → «Архив-2025-2026», «.json.gz»); dates with dots stay in the base. */
function splitName(name: string): [string, string] {
  const known = /\.(json\.gz|pdf|xlsx|csv|json|gz|zip)$/i.exec(name);
  if (known) return [name.slice(0, known.index), known[0]];
  const dot = name.lastIndexOf(".");
  return dot > 0 && /^\.[A-Za-z0-9]{1,5}$/.test(name.slice(dot)) ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
}

/** A whole name made safe as downloadName() makes its parts: «Расписание школы на 09.12.2026, среда.pdf» → «Расписание-школы-на-09.12.2026-среда.pdf». */
export function cleanName(name: string): string {
  const [base, ext] = splitName(name);
  return ext ? downloadName([base], ext) : downloadName([base], "").replace(/\.$/, "");
}

/** The ASCII fallback of a name: transliterated, anything else outside [A-Za-z0-9._-] a hyphen. */
export function asciiName(name: string): string {
  const [base, ext] = splitName(name);
  const ascii = (s: string) =>
    transliterate(s)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/-{2,}/g, "-");
  return `${ascii(base).replace(/^[-.]+|[-.]+$/g, "") || "file"}${ascii(ext)}`;
}

/** The Content-Disposition header of a download: the Russian name (filename*) and its ASCII fallback (filename). */
export function contentDisposition(name: string, opts: { inline?: boolean } = {}): string {
  const fallback = asciiName(name);
  return formatDisposition(name, { type: opts.inline ? "inline" : "attachment", fallback: fallback === name ? false : fallback });
}

/**
 * Sends a file under its Russian name: the type from the extension, not cached (pupils' data).
 * `inline` opens it in the browser (PDFs for printing); otherwise the browser saves it.
 */
export function sendDownload(res: Response, data: Buffer, name: string, opts: { inline?: boolean; type?: string } = {}): void {
  const clean = cleanName(name);
  const ext = /\.([a-z0-9]+)$/i.exec(clean)?.[1]?.toLowerCase() ?? "";
  res.setHeader("Content-Type", opts.type ?? TYPES[ext] ?? "application/octet-stream");
  res.setHeader("Content-Disposition", contentDisposition(clean, opts));
  res.setHeader("Cache-Control", "private, no-store");
  res.send(data);
}

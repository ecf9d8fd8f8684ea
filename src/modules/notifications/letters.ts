/**
 * Letters as text and HTML. The HTML is built from the plain text (escaped, paragraphs, links made
 * clickable) so both say the same and nothing a user typed becomes markup.
 */
import { config } from "../../config.ts";
import { footer, reasonFor } from "./notifications.text.ts";
import type { NotificationKind } from "../../generated/prisma/client.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Links of the product itself (and only http(s) ones) become clickable. */
const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)»]/g;

function lineHtml(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(URL_RE)) {
    out += escapeHtml(line.slice(last, m.index)) + `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

/** The HTML body of a plain-text letter: paragraphs at blank lines, line breaks kept. */
export function htmlOf(text: string, title?: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.replace(/^\n+|\n+$/g, ""))
    .filter(Boolean)
    .map((p) => `<p>${p.split("\n").map(lineHtml).join("<br>\n")}</p>`);
  return [
    "<!doctype html>",
    '<html lang="ru"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title ?? "Электронный журнал")}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 15px; line-height: 1.45; color: #1a1a1a;">',
    ...paragraphs,
    "</body></html>",
  ].join("\n");
}

/** An absolute address of a page of the product (links in letters). */
export function productUrl(path: string): string {
  return `${config().publicUrl}${path.startsWith("/") ? path : `/${path}`}`;
}

/** Text + HTML of a letter with the standard footer (the school, why, unsubscribe, settings). */
export function composeLetter(p: { body: string; schoolName: string; kind: NotificationKind | "ALL" | null; unsubscribeUrl: string | null; subject: string }) {
  const text = `${p.body.trimEnd()}\n${footer({
    schoolName: p.schoolName,
    reason: p.kind ? reasonFor(p.kind) : null,
    unsubscribeUrl: p.unsubscribeUrl,
    settingsUrl: productUrl("/account#notifications"),
  })}\n`;
  return { text, html: htmlOf(text, p.subject) };
}

/**
 * Rich text of announcements and messages: a small safe subset of Markdown rendered on the server
 * (paragraphs, line breaks, bulleted and numbered lists, **bold**, links). Raw HTML is never
 * passed through (html: false, every other rule off): whatever a user types that is not this
 * subset stays text, escaped. Links lead only to http, https and mailto addresses and carry
 * rel="noopener noreferrer nofollow"; anything else (javascript:, data:, relative) stays text.
 * Single *stars* and _underscores_ stay as typed (the subset has no italics).
 */
import MarkdownIt from "markdown-it";

/** What the hint under a text field says the subset supports. */
export const RICH_TEXT_HINT = "Поддерживается: **жирный**, списки (строки с «- » или «1. »), ссылки http(s) и mailto; пустая строка — новый абзац.";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt("zero", { html: false, linkify: true, breaks: true, typographer: false });
md.enable(["paragraph", "list", "newline", "escape", "emphasis", "link", "autolink", "linkify"]);
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
// Links added by linkify without a scheme (www.example.ru) get http://; e-mail addresses get mailto:.
md.linkify.set({ fuzzyEmail: true, fuzzyLink: true });

const render = md.renderer.rules;
render.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!;
  token.attrSet("rel", "noopener noreferrer nofollow");
  return self.renderToken(tokens, idx, options);
};
// Italics are not part of the subset: the markers are shown as typed.
render.em_open = (tokens, idx) => md.utils.escapeHtml(tokens[idx]!.markup);
render.em_close = (tokens, idx) => md.utils.escapeHtml(tokens[idx]!.markup);

/** The text rendered as safe HTML (for `<%- %>` in a template, inside a block element). */
export function richTextHtml(source: string): string {
  return md.render(source);
}

/**
 * The text without its markup, whitespace collapsed, cut to at most `max` characters with «…», at
 * a word boundary where it can (excerpts on lists). A few patterns rather than a parse: a list
 * shows twenty excerpts, and a parse costs about a millisecond each. Links keep their text, bold
 * loses its stars, list markers and backslash escapes go. The result is text: escape it when shown.
 */
export function richTextPlain(source: string, max = Infinity): string {
  const head = Number.isFinite(max) && source.length > max * 3 ? source.slice(0, max * 3) : source;
  const text = head
    .replace(/!?\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)/g, "$1") // [text](address "title")
    .replace(/<((?:https?:\/\/|mailto:)[^<>\s]*)>/gi, "$1") // <https://…>
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, "$1") // **bold**
    .replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/gm, "") // list markers
    .replace(/\\([!-/:-@[-`{-~])/g, "$1") // backslash escapes
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  return (space > cut.length * 0.6 ? cut.slice(0, space) : cut).trimEnd() + "…";
}

/** The text without its markup, paragraph by paragraph (notifications and letters keep the paragraphs). */
export function richTextParagraphs(source: string): string {
  return source
    .split(/\n\s*\n/)
    .map((p) => richTextPlain(p))
    .filter(Boolean)
    .join("\n\n");
}

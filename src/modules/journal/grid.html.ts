/**
 * The body rows of the journal grid as one HTML string. A 30 × 50 grid has several thousand
 * cells; building them with plain string concatenation is several times faster than EJS
 * tags per cell. The markup is the contract of public/js/journal.js:
 *   td.c.a  attendance cell (data-l lesson id), td.c.m mark cell (data-l, data-t kind of work),
 *   td.c.f  final mark cell (data-p period id); classes ro (read-only), rs (correction with a
 *   reason), locked (older than lockDays), fu (a future lesson: folded away until shown, and the
 *   keyboard says «урок ещё не прошёл»), h (has a history), cm (has a comment), v1..v5.
 */
import type { Grid } from "./grid.service.ts";

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };
export function esc(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESC[c]!) : s;
}

const accessClass = (a: "edit" | "reason" | "ro") => (a === "ro" ? " ro" : a === "reason" ? " rs" : "");

export function gridBodyHtml(g: Grid): string {
  const out: string[] = [];
  const lessonCls = g.lessons.map((l) => ({
    att: accessClass(l.att) + (l.locked ? " locked" : "") + (l.future ? " fu" : ""),
    marks: accessClass(l.marks) + (l.locked ? " locked" : "") + (l.future ? " fu" : ""),
    nm: l.future ? "nm fu" : "nm",
    span: l.cols.length + 1,
  }));
  const finalCls = accessClass(g.finalAccess);
  const periodId = g.period ? g.period.id : "";
  for (const r of g.rows) {
    out.push(`<tr data-s="${r.id}"><th scope="row" class="stu" title="${esc(r.name)}">${esc(r.short)}</th>`);
    for (let i = 0; i < g.lessons.length; i++) {
      const l = g.lessons[i]!;
      const lc = lessonCls[i]!;
      const cell = r.cells[i]!;
      if (!cell.member) {
        out.push(`<td class="${lc.nm}" colspan="${lc.span}" title="Не числился в классе на эту дату"></td>`);
        continue;
      }
      out.push(
        `<td class="c a${lc.att}${cell.attHist ? " h" : ""}${cell.exempt ? " ex" : ""}" data-l="${l.id}"${cell.exempt ? ' title="Освобождён"' : ""}>${cell.attLabel || (cell.exempt ? "осв" : "")}</td>`,
      );
      for (let k = 0; k < l.cols.length; k++) {
        const m = cell.marks[k]!;
        out.push(
          `<td class="c m${m.v ? ` v${m.v}` : ""}${lc.marks}${m.h ? " h" : ""}${m.c ? " cm" : ""}" data-l="${l.id}" data-t="${l.cols[k]!.typeId}"${m.c ? ` title="${esc(m.c)}"` : ""}>${m.v ?? ""}</td>`,
        );
      }
    }
    const f = r.final ?? "";
    out.push(
      `<td class="num avg">${r.avgText}</td><td class="num fc${r.forecast ? ` v${r.forecast}` : ""}" title="${r.count} отм.">${r.forecast ?? ""}</td>` +
        `<td class="c f${finalCls}${r.finalHist ? " h" : ""}${/^[1-5]$/.test(f) ? ` v${f}` : ""}" data-p="${periodId}">${esc(f)}</td></tr>`,
    );
  }
  return out.join("\n");
}

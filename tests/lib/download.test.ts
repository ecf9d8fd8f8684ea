/** Issue 23: Russian file names of downloads with a transliterated ASCII fallback (src/lib/download.ts, RFC 6266). */
import { parse } from "content-disposition";
import { describe, expect, it } from "vitest";
import { asciiName, cleanName, contentDisposition, downloadName, transliterate } from "../../src/lib/download.ts";

describe("download names", () => {
  it("transliterates Russian as on passports and signs, keeping capitals", () => {
    expect(transliterate("Журнал 6А, 1-я четверть")).toBe("Zhurnal 6A, 1-ya chetvert");
    expect(transliterate("Щукина Юлия Эдуардовна, подъезд №5")).toBe("Shchukina Yuliya Eduardovna, podezd N5");
    expect(transliterate("Ёлкин Хасан Цой")).toBe("Elkin Khasan Tsoy");
  });

  it("joins the parts with hyphens and drops what a file system refuses", () => {
    expect(downloadName(["Журнал", "6А", "1-четверть"], "pdf")).toBe("Журнал-6А-1-четверть.pdf");
    expect(downloadName(["Архив журнала", "2025/2026"], ".json.gz")).toBe("Архив-журнала-2025-2026.json.gz");
    expect(downloadName(["Шаблон «Ученики»", null, "", undefined, 7], "xlsx")).toBe("Шаблон-Ученики-7.xlsx");
    expect(downloadName(['a*b?c"d<e>f|g', "  "], "pdf")).toBe("abcdef-g.pdf");
    expect(downloadName([], "pdf")).toBe("file.pdf");
    expect(cleanName("Расписание школы на 09.12.2026, среда.pdf")).toBe("Расписание-школы-на-09.12.2026-среда.pdf");
    expect(cleanName("Расписание: Иванова Анна Петровна.pdf")).toBe("Расписание-Иванова-Анна-Петровна.pdf");
  });

  it("the ASCII fallback keeps dates and extensions", () => {
    expect(asciiName("Журнал-6А-1-четверть.pdf")).toBe("Zhurnal-6A-1-chetvert.pdf");
    expect(asciiName("Архив-журнала-2025-2026.json.gz")).toBe("Arkhiv-zhurnala-2025-2026.json.gz");
    expect(asciiName("Расписание-на-09.12.2026.pdf")).toBe("Raspisanie-na-09.12.2026.pdf");
    expect(asciiName("Ёжик-№1-é.pdf")).toBe("Ezhik-N1-e.pdf");
  });

  it("Content-Disposition: the Russian name in filename*, the ASCII one in filename; attachment or inline", () => {
    const header = contentDisposition("Журнал-6А-1-четверть.pdf");
    expect(header).toBe(`attachment; filename=Zhurnal-6A-1-chetvert.pdf; filename*=UTF-8''${encodeURIComponent("Журнал-6А-1-четверть.pdf")}`);
    expect(parse(header).parameters.filename).toBe("Журнал-6А-1-четверть.pdf");
    expect(parse(header, { extended: false }).parameters.filename).toBe("Zhurnal-6A-1-chetvert.pdf");
    expect(contentDisposition("Журнал-6А.pdf", { inline: true })).toMatch(/^inline; filename=Zhurnal-6A\.pdf; filename\*=UTF-8''/);
    // An ASCII name needs no second form.
    expect(contentDisposition("report-2026.pdf")).toBe("attachment; filename=report-2026.pdf");
  });
});

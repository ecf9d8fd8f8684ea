/**
 * Issue 23: the close button of the overview follows the calendar (the app clock pinned per block): in
 * December it is disabled and names the day closing becomes possible; a POST before that day answers with
 * the reason on the overview itself (not a «Конфликт данных» page) and changes nothing; after the year's end,
 * with decisions for everybody and the check accepted, it is active. The checkbox sits inside its label.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { htmlProblems } from "../support/html.ts";
import { pageText } from "../reports/helpers.ts";
import { as } from "../support/http.ts";
import { useClock } from "../support/use-clock.ts";
import { closeSnapshot, closingSchool, decideAll } from "./helpers.ts";

/** The close form's button and checkbox as rendered. */
function closeForm(html: string) {
  const form = /<form method="post" action="\/year-close\/\d+\/close"[\s\S]*?<\/form>/.exec(html)?.[0] ?? "";
  return {
    form,
    buttonDisabled: /<button type="submit" class="primary" disabled[^>]*>Закрыть учебный год<\/button>/.test(form),
    buttonActive: /<button type="submit" class="primary">Закрыть учебный год<\/button>/.test(form),
    checkboxInLabel: /<label class="checkbox">\s*<input type="checkbox" id="f-confirm"[^>]*>\s*<span>Подтверждаю закрытие учебного года/.test(form),
  };
}

describe("in December, before the last period ends (31.05.2027)", () => {
  useClock("2026-12-09T10:00:00+03:00");

  it("the button is disabled with the date from which closing is possible; the checkbox sits in its label", async () => {
    const s = await closingSchool();
    await decideAll(s);
    const page = await (await as(s.users.admin)).get("/year-close");
    expect(page.status).toBe(200);
    const f = closeForm(page.text);
    expect(f.buttonDisabled).toBe(true);
    expect(f.buttonActive).toBe(false);
    expect(f.checkboxInLabel).toBe(true);
    expect(pageText(page.text)).toContain("Закрыть год можно после окончания последнего периода — с 01.06.2027.");
    expect(pageText(f.form)).toContain("Доступно с 01.06.2027");
  });

  it("a POST anyway is refused on the overview with the reason, and nothing changes", async () => {
    const s = await closingSchool();
    await decideAll(s);
    const before = await closeSnapshot(s.schoolId);
    const res = await (await as(s.users.admin)).form(`/year-close/${s.year.id}/close`, { confirm: "on" });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain("Конфликт данных");
    expect(res.text).toContain("<h1>Закрытие учебного года</h1>");
    expect(pageText(res.text)).toContain(
      "Учебный год 2026/2027 можно закрыть только после окончания последнего периода (31.05.2027), то есть с 01.06.2027; сегодня 09.12.2026.",
    );
    expect(res.text).toMatch(/<div class="message message-error" role="alert">Учебный год 2026\/2027 можно закрыть/);
    expect(await htmlProblems(res.text)).toEqual([]);
    expect(await closeSnapshot(s.schoolId)).toEqual(before);
    expect(await prisma.yearCloseRun.count({ where: { schoolId: s.schoolId } })).toBe(0);
  });
});

describe("after the last period (02.06.2027)", () => {
  useClock("2027-06-02T10:00:00+03:00");

  it("without decisions for everybody the button stays disabled, and a POST names what is missing", async () => {
    const s = await closingSchool();
    const admin = await as(s.users.admin);
    const page = await admin.get("/year-close");
    expect(closeForm(page.text).buttonDisabled).toBe(true);
    expect(pageText(page.text)).toContain("Закрытие станет доступно, когда в проверке не останется непринятых пунктов");
    const res = await admin.form(`/year-close/${s.year.id}/close`, { confirm: "on" });
    expect(res.status).toBe(409);
    expect(res.text).not.toContain("Конфликт данных");
    expect(pageText(res.text)).toContain("Нет решения педсовета для 5 учеников: закрытие невозможно.");
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } })).status).toBe("CURRENT");
  });

  it("with decisions and the check accepted the button is active", async () => {
    const s = await closingSchool();
    await decideAll(s);
    const admin = await as(s.users.admin);
    await admin.form(`/year-close/${s.year.id}/acks`, { all: "on" });
    const f = closeForm((await admin.get("/year-close")).text);
    expect(f.buttonActive).toBe(true);
    expect(f.checkboxInLabel).toBe(true);
    expect(f.form).not.toContain("Доступно с");
  });
});

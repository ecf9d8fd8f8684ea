/** The pages of closing the year: access, forms with errors, the refusal before the end, progress, valid HTML. */
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { closeYear } from "../../src/modules/year-close/close.service.ts";
import { as } from "../support/http.ts";
import { AFTER_END, closingSchool, decideAll } from "./helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const problems = htmlProblems;

// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

describe("closing the year: pages", () => {
  it("only the administrator acts on them; the deputy sees the preparation read-only (issue 17), the others nothing", async () => {
    const s = await closingSchool();
    for (const role of ["teacherMath", "secretary", "studentA1", "parentAlekseev"] as const) {
      const agent = await as(s.users[role]);
      expect([(await agent.get("/year-close")).status, role]).toEqual([403, role]);
      expect([(await agent.get(`/year-close/${s.year.id}/check`)).status, role]).toEqual([403, role]);
      expect([(await agent.form(`/year-close/${s.year.id}/close`, { confirm: "on" })).status, role]).toEqual([403, role]);
    }
    const deputy = await as(s.users.deputy);
    expect((await deputy.get("/integrity")).status).toBe(200);
    const overview = await deputy.get("/year-close");
    expect(overview.status).toBe(200);
    expect(overview.text).toContain("нет решения: 5");
    expect(overview.text).toContain("только для чтения");
    expect(overview.text).not.toContain(`action="/year-close/${s.year.id}/close"`);
    const check = await deputy.get(`/year-close/${s.year.id}/check`);
    expect(check.status).toBe(200);
    expect(check.text).not.toContain('name="keys"');
    expect(check.text).not.toContain("Принять выбранные к сведению");
    const decisions = await deputy.get(`/year-close/${s.year.id}/decisions`);
    expect(decisions.status).toBe(200);
    expect(decisions.text).not.toContain(`action="/year-close/${s.year.id}/decisions/defaults"`);
    // Crafted POSTs of the deputy: refused, nothing written.
    const before = await prisma.auditLog.count({ where: { schoolId: s.schoolId } });
    expect((await deputy.form(`/year-close/${s.year.id}/close`, { confirm: "on" })).status).toBe(403);
    expect((await deputy.form(`/year-close/${s.year.id}/acks`, { all: "on" })).status).toBe(403);
    expect((await deputy.form(`/year-close/${s.year.id}/decisions/defaults`, {})).status).toBe(403);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId } })).toBe(before);
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } })).status).toBe("CURRENT");
    const admin = await as(s.users.admin);
    const home = await admin.get("/year-close");
    expect(home.status).toBe(200);
    expect(home.text).toContain("Закрытие года");
    expect(home.text).toContain("нет решения: 5");
    expect(home.text).not.toContain("только для чтения");
  });

  it("closing before the last period has ended is refused with a clear message", async () => {
    const s = await closingSchool();
    await decideAll(s);
    const admin = await as(s.users.admin);
    const noConfirm = await admin.form(`/year-close/${s.year.id}/close`, {});
    expect(noConfirm.status).toBe(422);
    expect(noConfirm.text).toContain("Подтвердите закрытие учебного года");
    const res = await admin.form(`/year-close/${s.year.id}/close`, { confirm: "on" });
    expect(res.status).toBe(409);
    expect(res.text).toContain("можно закрыть только после окончания последнего периода (31.05.2027)");
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } })).status).toBe("CURRENT");
  });

  it("records decisions: defaults for all, then a class with a wrong choice comes back with the message and the typed values", async () => {
    const s = await closingSchool();
    const admin = await as(s.users.admin);
    const bad = await admin.form(`/year-close/${s.year.id}/decisions/defaults`, { orderNumber: "", orderDate: "31.02.2027" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Укажите номер приказа");
    const ok = await admin.form(`/year-close/${s.year.id}/decisions/defaults`, { orderNumber: "45-уч", orderDate: "30.05.2027" });
    expect(ok.status).toBe(302);
    expect(await prisma.yearDecision.count({ where: { yearId: s.year.id } })).toBe(5);
    const url = `/year-close/${s.year.id}/decisions/${s.classes["5А"]!.id}`;
    const wrong = await admin.form(url, { orderNumber: "46-уч", orderDate: "2027-05-31", [`kind-${s.A1}`]: "GRADUATE", [`kind-${s.A2}`]: "RETAIN" });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Выпуск возможен только из 9 или 11 класса");
    expect(wrong.text).toContain('value="46-уч"');
    const saved = await admin.form(url, { orderNumber: "46-уч", orderDate: "2027-05-31", [`kind-${s.A1}`]: "PROMOTE", [`kind-${s.A2}`]: "RETAIN" });
    expect(saved.status).toBe(302);
    const a2 = await prisma.yearDecision.findFirstOrThrow({ where: { studentId: s.A2 } });
    expect([a2.kind, a2.orderNumber]).toEqual(["RETAIN", "46-уч"]);
  });

  it("the check page acknowledges items; the progress page refreshes itself while running and shows the result", async () => {
    const s = await closingSchool();
    await decideAll(s);
    await prisma.lesson.create({
      data: {
        schoolId: s.schoolId,
        classId: s.classes["5Б"]!.id,
        subjectId: s.subjects.math.id,
        teacherId: s.users.teacherMath.personId,
        date: s.year.startDate,
      },
    });
    const admin = await as(s.users.admin);
    const check = await admin.get(`/year-close/${s.year.id}/check`);
    expect(check.text).toContain("Уроки без темы");
    expect((await admin.form(`/year-close/${s.year.id}/acks`, { all: "on" })).status).toBe(302);
    expect(await prisma.yearCloseAck.count({ where: { yearId: s.year.id } })).toBe(1);

    const running = await prisma.yearCloseRun.create({ data: { schoolId: s.schoolId, yearId: s.year.id, status: "RUNNING", step: "seal", progress: 90 } });
    const page = await admin.get(`/year-close/runs/${running.id}`);
    expect(page.headers.refresh).toBe("2");
    expect(page.text).toContain("Печать целостности архива");
    expect((await admin.get(`/year-close/runs/${running.id}/status`)).body).toMatchObject({
      status: "RUNNING",
      progress: 90,
      stepName: "Печать целостности архива",
    });
    await prisma.yearCloseRun.delete({ where: { id: running.id } });

    const done = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    expect(done.status).toBe("DONE");
    const result = await admin.get(`/year-close/runs/${done.runId}`);
    expect(result.headers.refresh).toBeUndefined();
    expect(result.text).toContain("Учебный год 2026/2027 закрыт; текущим стал 2027/2028.");
    const other = await as(s.users.admin);
    expect((await other.get("/year-close/runs/999999")).status).toBe(404);
  });

  it("closing through the page runs in the background: the progress page follows it to the end", async () => {
    const s = await closingSchool();
    await decideAll(s);
    // A year whose study ended before today: only the first quarter remains.
    await prisma.studyPeriod.deleteMany({ where: { yearId: s.year.id, number: { gt: 1 } } });
    // A run cut off by a stopped server an hour ago does not block a new one.
    const stale = await prisma.yearCloseRun.create({
      data: { schoolId: s.schoolId, yearId: s.year.id, status: "RUNNING", step: "students", progress: 40, startedAt: new Date(Date.now() - 3_600_000) },
    });
    const admin = await as(s.users.admin);
    const res = await admin.form(`/year-close/${s.year.id}/close`, { confirm: "on" });
    expect(res.status).toBe(302);
    expect(res.headers.location).not.toBe(`/year-close/runs/${stale.id}`);
    expect(await prisma.yearCloseRun.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/прервано/) as string,
    });
    const url = res.headers.location!;
    expect(url).toMatch(/^\/year-close\/runs\/\d+$/);
    let status = "RUNNING";
    for (let i = 0; i < 100 && status === "RUNNING"; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = ((await admin.get(`${url}/status`)).body as { status: string }).status;
    }
    expect(status).toBe("DONE");
    expect((await prisma.academicYear.findUniqueOrThrow({ where: { id: s.year.id } })).status).toBe("CLOSED");
    // Again: nothing to do, the overview says so.
    const again = await admin.form(`/year-close/${s.year.id}/close`, { confirm: "on" });
    expect(again.headers.location).toBe(`/year-close?year=${s.year.id}`);
    expect((await admin.get(again.headers.location!)).text).toContain("уже закрыт");
  });

  it("pages are valid HTML", async () => {
    const s = await closingSchool();
    const admin = await as(s.users.admin);
    const pages: Record<string, string> = {};
    await prisma.finalMark.deleteMany({ where: { studentId: s.A2, subjectId: s.subjects.english.id } });
    for (const url of [
      "/year-close",
      `/year-close/${s.year.id}/check`,
      `/year-close/${s.year.id}/decisions`,
      `/year-close/${s.year.id}/decisions/${s.classes["5А"]!.id}`,
    ]) {
      const r = await admin.get(url);
      expect(r.status, url).toBe(200);
      pages[url] = r.text;
    }
    pages["class with errors"] = (
      await admin.form(`/year-close/${s.year.id}/decisions/${s.classes["5А"]!.id}`, { orderNumber: "", [`kind-${s.A1}`]: "GRADUATE" })
    ).text;
    pages["close without confirmation"] = (await admin.form(`/year-close/${s.year.id}/close`, {})).text;
    await decideAll(s);
    await admin.form(`/year-close/${s.year.id}/acks`, { all: "on" });
    const done = await closeYear(s.actor, s.year.id, { asOf: AFTER_END });
    for (const url of [`/year-close/runs/${done.runId}`, "/integrity", `/integrity/${s.year.id}`, `/year-close?year=${s.year.id}`])
      pages[url] = (await admin.get(url)).text;
    for (const [name, html] of Object.entries(pages)) expect([name, await problems(html)]).toEqual([name, []]);
  });
});

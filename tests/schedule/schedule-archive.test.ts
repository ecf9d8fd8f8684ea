/**
 * Issue 7: the timetable of a closed year's class opens on a day of that year, read-only
 * (no add/change controls), and timetable writes into it stay refused (423).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { as } from "../support/http.ts";
import { archiveSchool, htmlProblems, type ArchiveSchool } from "../support/archive-year.ts";

let s: ArchiveSchool;
let loadId: number;
beforeAll(async () => {
  s = await archiveSchool();
  loadId = (await prisma.teachingLoad.findFirstOrThrow({ where: { yearId: s.past.year.id, classId: s.past.c4a.id } })).id;
});

function expectReadOnly(html: string) {
  expect(html).toContain("закрыт: расписание только для просмотра");
  expect(html).not.toContain("Добавить урок");
  expect(html).not.toContain('/edit"');
  expect(html).not.toContain("lesson-add");
}

describe("schedule archive (issue 7)", () => {
  it("a closed year's class timetable opens on a day of its year, read-only", async () => {
    const admin = await as(s.users.admin);
    const res = await admin.get(`/schedule/classes/${s.past.c4a.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Расписание действует на 31.05.2026");
    expect(res.text).toContain("Математика");
    expectReadOnly(res.text);
    expect(res.text).toContain(`/schedule/classes/${s.past.c4a.id}/pdf?date=2026-05-31`);
    expect(await htmlProblems(res.text)).toEqual([]);

    const onDate = await admin.get(`/schedule/classes/${s.past.c4a.id}?date=2026-04-15`);
    expect(onDate.status).toBe(200);
    expect(onDate.text).toContain("Математика");
    expectReadOnly(onDate.text);

    const pdf = await admin.get(`/schedule/classes/${s.past.c4a.id}/pdf`);
    expect(pdf.status).toBe(200);

    // A current class keeps its edit controls.
    const current = await admin.get(`/schedule/classes/${s.classes["5А"]!.id}`);
    expect(current.text).toContain("Добавить урок");
    expect(current.text).not.toContain("расписание только для просмотра");
  });

  it("timetable writes into the closed year are refused (423) and change nothing", async () => {
    const admin = await as(s.users.admin);
    const before = await prisma.timetableEntry.findMany({ where: { yearId: s.past.year.id }, orderBy: { id: "asc" } });
    const add = await admin.form(`/schedule/classes/${s.past.c4a.id}/entries`, { loadId, weekday: "1", number: "2", validFrom: "2026-04-06" });
    expect(add.status).toBe(423);
    const change = await admin.form(`/schedule/entries/${s.past.entry.id}`, { loadId, weekday: "2", number: "3", validFrom: "2026-04-06" });
    expect(change.status).toBe(423);
    const remove = await admin.form(`/schedule/entries/${s.past.entry.id}/delete`, { fromDate: "2026-04-06" });
    expect(remove.status).toBe(423);
    expect(await prisma.timetableEntry.findMany({ where: { yearId: s.past.year.id }, orderBy: { id: "asc" } })).toEqual(before);
  });
});

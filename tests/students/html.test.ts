/** Every page of the module is valid HTML (html-validate with the project's rules), including a form re-rendered with errors. */
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { addClass, addParent, addStudent } from "./helpers.ts";

const problems = htmlProblems;

describe("valid HTML", () => {
  it("list, file, forms, parent card, GIA, accounts and the change log", async () => {
    const s = await buildSchool();
    const c9 = await addClass(s, 9, "А");
    const st = await addStudent(s, c9.id, "Выпускников", "Глеб");
    const mom = await addParent(s, st.studentId, "Выпускникова", "Ольга");
    await prisma.personalDataConsent.create({ data: { schoolId: s.schoolId, personId: mom.personId, date: new Date("2026-09-01") } });
    await prisma.studentNote.create({
      data: { schoolId: s.schoolId, studentId: st.studentId, kind: "ACHIEVEMENT", date: new Date("2026-10-01"), text: "Грамота" },
    });
    const admin = await as(s.users.admin);
    await admin.form(`/students/${st.studentId}/gia/exams`, { subjectName: "Физика", examDate: "" });
    const a1 = s.students.studentA1!.studentId;
    const pages: Record<string, string> = {};
    const get = async (agent: typeof admin, url: string) => {
      const r = await agent.get(url);
      expect(r.status, url).toBe(200);
      pages[url] = r.text;
    };
    for (const url of [
      "/students",
      `/students?class=${c9.id}&q=вып`,
      `/students/${st.studentId}`,
      `/students/${a1}/edit`,
      "/students/new",
      `/students/${st.studentId}/parents/new?q=Вып`,
      `/students/parents/${mom.personId}`,
      `/students/parents/${mom.personId}/edit`,
      `/students/${st.studentId}/gia`,
      `/students/gia?class=${c9.id}`,
      `/students/accounts?class=${c9.id}`,
      "/students/changes",
    ])
      await get(admin, url);
    await get(await as(s.users.medic), `/students/${a1}/medical`);
    await get(await as(s.users.psychologist), `/students/${a1}/social`);
    const sec = await as(s.users.secretary);
    pages["new with errors"] = (
      await sec.form("/students", {
        lastName: "Алексеев",
        firstName: "Артём",
        middleName: "Игоревич",
        birthDate: "2015-04-02",
        classId: s.classes["5А"]!.id,
        fromDate: "2026-11-23",
        snils: "1",
      })
    ).text;
    pages["parent with errors"] = (await sec.form(`/students/${a1}/parents`, { lastName: "", relation: "" })).text;
    pages["consent with errors"] = (await admin.form(`/students/${st.studentId}/consent`, { personId: mom.personId, date: "x" })).text;
    pages["gia with errors"] = (await admin.form(`/students/${st.studentId}/gia`, { level: "", docSeries: "1" })).text;
    const all: string[] = [];
    for (const [url, html] of Object.entries(pages)) for (const p of await problems(html)) all.push(`${url}: ${p}`);
    expect(all).toEqual([]);
  });
});

/** Pages of the movement book, personnel register and import are valid HTML, including forms re-rendered with errors. */
import ExcelJS from "exceljs";
import { htmlProblems } from "../support/html.ts";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

const problems = htmlProblems;

describe("valid HTML of the registers", () => {
  it("movement book, staff card and reports, import preview", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const pages: Record<string, string> = {};
    await admin.form("/movement", {
      kind: "TRANSFER",
      number: "1",
      orderDate: "2026-11-09",
      effectiveDate: "2026-11-10",
      studentId: String(s.students.studentA1!.studentId),
      toClassId: String(s.classes["5Б"]!.id),
    });
    const order = await prisma.movementOrder.findFirstOrThrow({ where: { schoolId: s.schoolId } });
    const staff = await prisma.staff.findFirstOrThrow({ where: { personId: s.users.teacherMath.personId } });
    await admin.form(`/staff/${staff.id}/sections/education`, { level: "HIGHER", institution: "ТГПУ", graduationYear: "2000" });
    for (const url of [
      "/movement",
      "/movement/new?kind=WITHDRAW",
      `/movement/${order.id}`,
      `/movement/report?year=${s.year.id}`,
      "/staff",
      "/staff?dismissed=1",
      "/staff/new",
      `/staff/${staff.id}`,
      "/staff/reports",
      "/imports",
    ]) {
      const r = await admin.get(url);
      expect(r.status, url).toBe(200);
      pages[url] = r.text;
    }
    pages["order with errors"] = (await admin.form("/movement", { kind: "WITHDRAW", number: "", reason: "TO_SCHOOL" })).text;
    pages["cancel with errors"] = (await admin.form(`/movement/${order.id}/cancel`, { cancelReason: "" })).text;
    pages["hire with errors"] = (await admin.form("/staff", { lastName: "", rate: "x" })).text;
    pages["card with errors"] = (await admin.form(`/staff/${staff.id}/sections/training`, { course: "", hours: "x" })).text;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("1");
    ws.addRow(["Фамилия", "Имя", "Дата рождения", "Класс", "Дата зачисления"]);
    ws.addRow(["Иванов", "", "1.1.2015", "5Я", "01.09.2026"]);
    const up = await admin
      .post("/imports/upload")
      .field("_csrf", admin.token)
      .field("kind", "students")
      .attach("file", Buffer.from(await wb.xlsx.writeBuffer()), "a.xlsx");
    pages["import preview"] = (await admin.get(up.headers.location!)).text;
    pages["import without file"] = (await admin.post("/imports/upload").field("_csrf", admin.token).field("kind", "students")).text;
    const all: string[] = [];
    for (const [url, html] of Object.entries(pages)) for (const p of await problems(html)) all.push(`${url}: ${p}`);
    expect(all).toEqual([]);
  });
});

/** Timing of a large students import (run with PERF=1): 1000 rows — preview, apply, re-import preview. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { COLUMNS } from "../../src/modules/imports/imports.columns.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as } from "../support/http.ts";

describe.skipIf(!process.env.PERF)("import timing", () => {
  it("1000 students", { timeout: 600_000 }, async () => {
    const s = await buildSchool();
    for (const letter of ["В", "Г", "Д", "Е"]) await prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade: 6, letter } });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("1");
    ws.addRow(COLUMNS.students.map((c) => c.title));
    const classes = ["5А", "5Б", "6В", "6Г", "6Д", "6Е"];
    for (let i = 0; i < 1000; i++) {
      const row: Record<string, unknown> = {
        lastName: `Фамилия${i}`,
        firstName: "Имя",
        birthDate: `0${1 + (i % 9)}.0${1 + (i % 9)}.2014`,
        className: classes[i % 6],
        enrolDate: "10.11.2026",
        orderNumber: `${i}-у`,
        orderDate: "09.11.2026",
        registrationAddress: `ул. Школьная, ${i}`,
      };
      ws.addRow(COLUMNS.students.map((c) => row[c.key] ?? null));
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const admin = await as(s.users.admin);
    let t = Date.now();
    const up = await admin.post("/imports/upload").field("_csrf", admin.token).field("kind", "students").attach("file", file, "big.xlsx");
    const preview = await admin.get(up.headers.location!);
    const tPreview = Date.now() - t;
    expect(preview.text).toContain("Новых: 1000");
    t = Date.now();
    await admin.form(`${up.headers.location}/apply`, {});
    const tApply = Date.now() - t;
    expect(await prisma.student.count({ where: { schoolId: s.schoolId } })).toBe(1003);
    t = Date.now();
    const up2 = await admin.post("/imports/upload").field("_csrf", admin.token).field("kind", "students").attach("file", file, "big.xlsx");
    const again = await admin.get(up2.headers.location!);
    const tAgain = Date.now() - t;
    expect(again.text).toContain("без изменений: 1000");
    console.log(`import 1000 students: preview ${tPreview} ms, apply ${tApply} ms, re-import preview ${tAgain} ms`);
  });
});

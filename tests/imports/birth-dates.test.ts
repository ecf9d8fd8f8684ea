/** Issue 23: an implausible birth date in an imported row gets its message in the preview; nothing is written. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { COLUMNS, type Kind } from "../../src/modules/imports/imports.columns.ts";
import { buildSchool } from "../support/fixtures.ts";
import { as, type Agent } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

async function xlsx(kind: Kind, rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Лист1");
  const cols = COLUMNS[kind];
  ws.addRow(cols.map((c) => c.title));
  for (const r of rows) ws.addRow(cols.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function preview(agent: Agent, kind: Kind, data: Buffer) {
  const res = await agent.post("/imports/upload").field("_csrf", agent.token).field("kind", kind).attach("file", data, "file.xlsx");
  expect(res.status).toBe(302);
  return { url: res.headers.location!, page: await agent.get(res.headers.location!) };
}

const row = (n: number, column: string, message: string) =>
  new RegExp(`<td class="num">${n}</td><td>${column}</td><td>${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</td>`);

const student = (over: Record<string, unknown> = {}) => ({
  lastName: "Сидоров",
  firstName: "Семён",
  birthDate: "03.03.2015",
  className: "5А",
  enrolDate: "10.11.2026",
  orderNumber: "200-у",
  orderDate: "09.11.2026",
  ...over,
});

describe("birth dates in imported registers", () => {
  it("students: a future date, a 2-year-old and a 7-year-old in the 5th grade are errors of their rows", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const persons = await prisma.person.count({ where: { schoolId: s.schoolId } });
    const { url, page } = await preview(
      agent,
      "students",
      await xlsx("students", [
        student(),
        student({ lastName: "Будущев", birthDate: "01.01.2035" }),
        student({ lastName: "Малышев", birthDate: "01.03.2024" }),
        student({ lastName: "Ранова", birthDate: "05.05.2019" }),
      ]),
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain("Ничего не записано");
    expect(page.text).toMatch(row(3, "Дата рождения", "Дата рождения 01.01.2035 ещё не наступила. Проверьте год."));
    expect(page.text).toMatch(
      row(4, "Дата рождения", "По этой дате рождения ученику на 1 сентября 2026 г. 2 года, а для ученика допустимо от 5 до 21 года. Проверьте дату рождения."),
    );
    expect(page.text).toMatch(
      row(5, "Дата рождения", "По этой дате рождения ученику на 1 сентября 2026 г. 7 лет, а в 5 классе допустимо от 9 до 15 лет. Проверьте дату рождения."),
    );
    expect(page.text).not.toMatch(/<td class="num">2<\/td><td>Дата рождения/);
    await agent.form(`${url}/apply`, {});
    expect(await prisma.person.count({ where: { schoolId: s.schoolId } })).toBe(persons);
  });

  it("staff: a 12-year-old is an error of the row", async () => {
    const s = await buildSchool();
    const hr = await as(s.users.hr);
    const { page } = await preview(
      hr,
      "staff",
      await xlsx("staff", [
        {
          lastName: "Юнцова",
          firstName: "Юлия",
          birthDate: "05.05.2014",
          position: "Лаборант",
          rate: 1,
          hiredAt: "01.09.2026",
          orderNumber: "1-к",
          orderDate: "28.08.2026",
        },
      ]),
    );
    expect(page.text).toMatch(
      row(2, "Дата рождения", "По этой дате рождения сотруднику сейчас 12 лет, а допустимо от 16 до 100 лет. Проверьте дату рождения."),
    );
    expect(await prisma.person.count({ where: { schoolId: s.schoolId, lastName: "Юнцова" } })).toBe(0);
  });

  it("parents: the parent's and the child's dates are both checked", async () => {
    const s = await buildSchool();
    const agent = await as(s.users.secretary);
    const { page } = await preview(
      agent,
      "parents",
      await xlsx("parents", [
        {
          lastName: "Борисов",
          firstName: "Борис",
          birthDate: "01.01.2020",
          relation: "отец",
          "child.lastName": "Борисова",
          "child.firstName": "Вера",
          "child.birthDate": "01.01.2035",
        },
      ]),
    );
    expect(page.text).toMatch(row(2, "Дата рождения", "По этой дате рождения родителю сейчас 6 лет, а допустимо от 16 до 100 лет. Проверьте дату рождения."));
    expect(page.text).toMatch(row(2, "Ребёнок: дата рождения", "Дата рождения 01.01.2035 ещё не наступила. Проверьте год."));
  });
});

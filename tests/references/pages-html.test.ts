/** The pages of the institution's registers (R-REG-9) are valid HTML, with their errors shown beside the fields. */
import { describe, expect, it } from "vitest";
import { buildSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";

describe("valid HTML of the registers' pages", () => {
  it("the card, the reference lists and the methodical associations (forms with errors too)", async () => {
    const s = await buildSchool();
    const admin = await as(s.users.admin);
    const bad = await admin.form("/admin/school/card", { name: "", shortName: "x", inn: "1" });
    expect(bad.status).toBe(422);
    const created = await admin.form("/methodical", {
      name: "МО",
      leaderId: String(s.users.teacherMath.personId),
      memberIds: [],
      subjectIds: [String(s.subjects.math.id)],
    });
    const id = /\/methodical\/(\d+)/.exec(created.headers.location as string)![1]!;
    const pages = [
      (await admin.get("/admin/school/card")).text,
      (await admin.get("/admin/school")).text,
      bad.text,
      (await admin.get("/admin/references/LESSON_TYPE")).text,
      (await admin.get("/admin/references/HEALTH_GROUP")).text,
      (await admin.form("/admin/references/POSITION", { name: "", sort: "x" })).text,
      (await admin.get("/methodical")).text,
      (await admin.get("/methodical/new")).text,
      (await admin.get(`/methodical/${id}`)).text,
      (await admin.get(`/methodical/${id}/edit`)).text,
      (await admin.form("/methodical", { name: "", subjectIds: ["999999999"] })).text,
      (await (await as(s.users.deputy)).get("/admin/references/POSITION")).text,
    ];
    for (const html of pages) expect(await htmlProblems(html)).toEqual([]);
  });
});

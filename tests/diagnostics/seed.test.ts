/**
 * The demo school's ВПР step (src/seed/diagnostics.ts), run alone on a fixture school: a ВПР in Russian and in
 * maths per class of grades 5–8 taught those subjects, entered by the load's teacher, with scores within the
 * maximum and marks by the scale; idempotent; the deputy's analysis shows them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { markOfScore } from "../../src/modules/diagnostics/diagnostics.service.ts";
import { seedDiagnostics } from "../../src/seed/diagnostics.ts";
import { buildSchool, d } from "../support/fixtures.ts";
import { as } from "../support/http.ts";
import { pageText } from "../reports/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

let s: Awaited<ReturnType<typeof buildSchool>>;

beforeAll(async () => {
  s = await buildSchool();
});

describe("the demo ВПР", () => {
  it("one ВПР per class of grades 5–8 and subject, with results by the scale, once", async () => {
    const first = await seedDiagnostics(s.schoolId, d("2026-12-09"));
    // 5А and 5Б, Russian and maths each.
    expect(first.works).toBe(4);
    const works = await prisma.diagnosticWork.findMany({ where: { schoolId: s.schoolId }, include: { results: true } });
    expect(works.every((w) => w.kind === "VPR" && w.date.toISOString().slice(0, 10) <= "2026-11-19")).toBe(true);
    const math5a = works.find((w) => w.classId === s.classes["5А"]!.id && w.subjectId === s.subjects.math.id)!;
    const author = await prisma.user.findUniqueOrThrow({ where: { id: math5a.createdById! } });
    expect(author.personId).toBe(s.users.teacherMath.personId);
    const results = works.flatMap((w) => w.results.map((r) => ({ w, r })));
    expect(results.length).toBe(first.results);
    expect(results.length).toBeGreaterThan(0);
    for (const { w, r } of results) {
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(w.maxScore);
      expect(r.mark).toBe(markOfScore(w, r.score));
    }
    expect(await seedDiagnostics(s.schoolId, d("2026-12-09"))).toEqual({ works: 0, results: 0 });
    const page = pageText((await (await as(s.users.deputy)).get("/reports/diagnostics")).text);
    expect(page).toContain("ВПР · Математика · 5 классы");
    expect(page).toContain("ВПР · Русский язык · 5 классы");
  });
});

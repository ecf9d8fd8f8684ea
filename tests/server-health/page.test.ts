/**
 * «Состояние сервера» (issue 20): the administrator's alone; versions, the database's size and
 * connections, the queue, the backups; the last unexpected errors with their route pattern, kind and
 * request id — an error's message and URL (which may hold a name) are neither kept nor shown.
 */
import express from "express";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { errorHandler } from "../../src/lib/error-handler.ts";
import { requestTiming } from "../../src/modules/metrics/metrics.routes.ts";
import { pageText } from "../diary/helpers.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { htmlProblems } from "../support/html.ts";
import { as } from "../support/http.ts";

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

describe("«Состояние сервера»", () => {
  it.each(["deputy", "teacherMath", "secretary", "parentAlekseev", "studentA1"] as const)("%s is refused", async (who) => {
    expect((await (await as(s.users[who])).get("/admin/server")).status).toBe(403);
  });

  it("the administrator sees the versions, the database, the queue and the backups", async () => {
    const page = await (await as(s.users.admin)).get("/admin/server");
    expect(page.status).toBe(200);
    const t = pageText(page.text);
    expect(t).toContain(`Node.js ${process.version}`);
    expect(t).toContain("Реплики для чтения нет (DATABASE_REPLICA_URL не задан).");
    expect(t).toMatch(/PostgreSQL \d+/);
    expect(t).toMatch(/Размер: [\d,]+ (МБ|ГБ|КБ)/);
    expect(t).toMatch(/Ждут: \d+, выполняются: \d+, не удались: \d+/);
    expect(t).toContain("Приложение само не делает копий");
  });

  it("an unexpected error is listed by route pattern, kind and request id; its message and URL are not kept", async () => {
    const app = express();
    app.use(requestTiming);
    app.get("/boom/:id", () => {
      throw new TypeError("Алексеев Артём: cannot read");
    });
    app.use(errorHandler);
    const res = await request(app).get("/boom/77?q=Алексеев").set("X-Request-Id", "req-boom-000001");
    expect(res.status).toBe(500);
    expect(res.text).not.toContain("Алексеев");
    let row = null;
    for (let i = 0; i < 50 && !row; i++) {
      row = await prisma.serverError.findFirst({ where: { reqId: "req-boom-000001" } });
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    expect(row).toMatchObject({ method: "GET", route: "/boom/:id", kind: "TypeError", userId: null });

    const page = await (await as(s.users.admin)).get("/admin/server");
    const t = pageText(page.text);
    expect(t).toContain("GET /boom/:id");
    expect(t).toContain("req-boom-000001");
    expect(t).toMatch(/За сутки: [1-9]\d*/);
    expect(page.text).not.toContain("Алексеев Артём");
    expect(page.text).not.toContain("/boom/77");
    expect(await htmlProblems(page.text)).toEqual([]);
  });
});

/**
 * The diary week by the JSON API (issue 21), beside the page (diary.ts's diary-week, same parent,
 * same week): the goal is «at least as fast as the page». A read-only token of the parent is
 * written straight to the database (only its hash, as the service keeps it); the second scenario
 * revalidates with If-None-Match (304, no body).
 */
import crypto from "node:crypto";
import type { Scenario } from "../measure.ts";
import { log } from "../results.ts";
import type { ScenarioContext } from "./context.ts";
import { DIARY_PARENT_SQL } from "./diary.ts";

export async function apiScenarios(ctx: ScenarioContext): Promise<Scenario[]> {
  const { q, app } = ctx;
  const { today, isoDate, addDays } = await import("../../src/lib/dates.ts");
  const { TOKEN_PREFIX, tokenHash } = await import("../../src/modules/api/tokens.service.ts");
  const schoolId = ctx.db.seed.schoolId;
  const week = isoDate(addDays(today(), -7));
  // The parent diary.ts picks (the same query), so the two scenarios read the same week.
  const [pick] = await q<{ userId: number; login: string; studentId: number }>(DIARY_PARENT_SQL, [schoolId]);
  const skip = pick ? {} : { skip: "нет родителя с ребёнком в классе" };
  const path = `/api/v1/students/${pick?.studentId ?? 0}/diary?week=${week}`;
  let headers: Record<string, string> = {};
  let etag = "";
  if (pick) {
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
    await q(`DELETE FROM "ApiToken" WHERE "userId" = $1 AND name = 'bench'`, [pick.userId]); // the previous run's
    await q(
      `INSERT INTO "ApiToken" ("schoolId", "userId", name, hash, hint, "canWrite", "createdAt", "expiresAt")
       VALUES ($1, $2, 'bench', $3, $4, false, now() AT TIME ZONE 'UTC', (now() + interval '1 day') AT TIME ZONE 'UTC')`,
      [schoolId, pick.userId, tokenHash(token), token.slice(0, 10)],
    );
    headers = { authorization: `Bearer ${token}`, accept: "application/json" };
    const first = await fetch(app.base + path, { headers });
    etag = first.headers.get("etag") ?? "";
    log(`API: родитель ${pick.login}, ученик ${pick.studentId}, неделя с ${week}, ответ ${first.status}, ETag ${etag ? "есть" : "нет"}`);
  }
  return [
    {
      key: "api-diary-week",
      title: "API: неделя дневника, родитель GET /api/v1/students/:studentId/diary?week= (рядом со страницей diary-week)",
      target: app,
      method: "GET",
      path,
      headers,
      goal: 20,
      ...skip,
    },
    {
      key: "api-diary-week-304",
      title: "API: неделя дневника без изменений, If-None-Match → 304",
      target: app,
      method: "GET",
      path,
      headers: { ...headers, "if-none-match": etag },
      ...skip,
    },
  ];
}

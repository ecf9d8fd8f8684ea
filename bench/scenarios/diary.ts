/**
 * The parent's diary (issue 4): a parent of a student in a class with lessons, the last full school
 * week; beside it, on the bare app, the bare SQL of that week (no session, no actor, no rendering).
 */
import type { Scenario } from "../measure.ts";
import { log } from "../results.ts";
import { signIn, type Session } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

/** The parent whose diary week the scenarios read ($1: the school): a parent of a pupil in grades 5–11, the highest grade first (api.ts reads the same week). */
export const DIARY_PARENT_SQL = `SELECT u.id AS "userId", u.login, pl."studentId", cm."classId"
       FROM "User" u
       JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
       JOIN "ParentLink" pl ON pl."parentId" = u."personId"
       JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
       JOIN "SchoolClass" c ON c.id = cm."classId" AND c.grade >= 5
      WHERE u."schoolId" = $1 AND u.blocked = false
      ORDER BY c.grade DESC, u.id LIMIT 1`;

export async function diaryScenarios(ctx: ScenarioContext): Promise<Scenario[]> {
  const { q, app, bare } = ctx;
  const { today, isoDate, addDays } = await import("../../src/lib/dates.ts");
  const schoolId = ctx.db.seed.schoolId;
  const diaryWeekDate = isoDate(addDays(today(), -7));
  const [parentPick] = await q<{ login: string; studentId: number; classId: number }>(DIARY_PARENT_SQL, [schoolId]);
  let parent: Session | undefined;
  if (parentPick) {
    await noPasswordChange(q, parentPick.login);
    parent = await signIn(app.base, parentPick.login, ctx.password);
    log(`Дневник: родитель ${parentPick.login}, ученик ${parentPick.studentId}, неделя с ${diaryWeekDate}`);
    // The bare SQL behind the diary week (no session, no actor, no rendering): the baseline.
    const { diaryWeekSql } = await import("../../src/modules/diary/diary.week.ts");
    ctx.bareApp.get("/sql/diary-week", async (_req, res) => {
      res.json(await diaryWeekSql(schoolId, parentPick.studentId, addDays(today(), -7)));
    });
  }
  return [
    {
      key: "diary-sql",
      title: "Дневник: только SQL недели (без сеанса и страницы) GET /sql/diary-week",
      target: bare,
      method: "GET",
      path: "/sql/diary-week",
      ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
    },
    {
      key: "diary-redirect",
      title: "Дневник: переход GET /diary (ответ 302, в «Ошибках» — это не-2xx; сеанс, пользователь, без страницы)",
      target: app,
      method: "GET",
      path: "/diary",
      session: parent,
      ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
    },
    {
      key: "diary-week",
      title: "Дневник: неделя, родитель GET /diary/:studentId/week?date=",
      target: app,
      method: "GET",
      path: `/diary/${parentPick?.studentId ?? 0}/week?date=${diaryWeekDate}`,
      session: parent,
      goal: 20,
      ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
    },
    {
      key: "diary-marks",
      title: "Дневник: оценки за период, родитель GET /diary/:studentId/marks",
      target: app,
      method: "GET",
      path: `/diary/${parentPick?.studentId ?? 0}/marks`,
      session: parent,
      ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
    },
  ];
}

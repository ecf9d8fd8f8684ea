/**
 * The home pages (issue 23 §2: one statement per home, server time ≤ 15 ms on the large school):
 * a parent of the most children in grades 5–11, the teacher (leading no class) with the most
 * lessons in the lock window before today, the class teacher of the largest class, a deputy and
 * an administrator. Each is signed in only when BENCH_ONLY asks for its scenario.
 */
import { selected } from "../env.ts";
import type { Scenario } from "../measure.ts";
import { log } from "../results.ts";
import { signIn, type Session } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

interface Pick {
  key: string;
  title: string;
  /** The user's login: the first row of the query. */
  sql: string;
}

const ACTIVE = `u."schoolId" = $1 AND NOT u.blocked`;

const PICKS: Pick[] = [
  {
    key: "home-parent",
    title: "Главная страница родителя GET /",
    sql: `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
            JOIN "ParentLink" pl ON pl."parentId" = u."personId"
            JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
            JOIN "SchoolClass" c ON c.id = cm."classId" AND c.grade >= 5
           WHERE ${ACTIVE} GROUP BY u.id, u.login ORDER BY count(*) DESC, u.id LIMIT 1`,
  },
  {
    key: "home-teacher",
    title: "Главная страница учителя (без классного руководства) GET /",
    sql: `SELECT u.login FROM "User" u JOIN "Lesson" l ON l."teacherId" = u."personId" AND l.date BETWEEN $2::date - 30 AND $2::date
           WHERE ${ACTIVE} AND NOT EXISTS (SELECT 1 FROM "SchoolClass" c JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
                                            WHERE c."classTeacherId" = u."personId")
           GROUP BY u.id, u.login ORDER BY count(*) DESC, u.id LIMIT 1`,
  },
  {
    key: "home-class-teacher",
    title: "Главная страница классного руководителя GET /",
    sql: `SELECT u.login FROM "User" u JOIN "SchoolClass" c ON c."classTeacherId" = u."personId"
            JOIN "AcademicYear" y ON y.id = c."yearId" AND y.status = 'CURRENT'
            JOIN "ClassMembership" cm ON cm."classId" = c.id AND cm."toDate" IS NULL
           WHERE ${ACTIVE} GROUP BY u.id, u.login ORDER BY count(*) DESC, u.id LIMIT 1`,
  },
  {
    key: "home-deputy",
    title: "Главная страница заместителя директора GET /",
    sql: `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'DEPUTY' WHERE ${ACTIVE} ORDER BY u.id LIMIT 1`,
  },
  {
    key: "home-admin",
    title: "Главная страница администратора GET /",
    sql: `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'ADMIN' WHERE ${ACTIVE} ORDER BY u.id LIMIT 1`,
  },
];

export async function homeScenarios(ctx: ScenarioContext): Promise<Scenario[]> {
  const { q, app } = ctx;
  const { today, isoDate } = await import("../../src/lib/dates.ts");
  const scenarios: Scenario[] = [];
  for (const p of PICKS) {
    if (!selected(p.key)) continue;
    const [row] = await q<{ login: string }>(p.sql, p.sql.includes("$2") ? [ctx.db.seed.schoolId, isoDate(today())] : [ctx.db.seed.schoolId]);
    let session: Session | undefined;
    if (row) {
      await noPasswordChange(q, row.login);
      session = await signIn(app.base, row.login, ctx.password);
      log(`${p.title}: ${row.login}`);
    }
    scenarios.push({
      key: p.key,
      title: p.title,
      target: app,
      method: "GET",
      path: "/",
      session,
      goal: 15,
      ...(row ? {} : { skip: "нет такого пользователя в базе замера" }),
    });
  }
  return scenarios;
}

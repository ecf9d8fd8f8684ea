/**
 * Events and the calendar (issue 18 «Speed»), on the large school:
 *   calendar-month   GET /events as the parent of the most children        (goal ≤ 20 ms)
 *   ical-parent      GET /ical/<token>.ics of a parent with two children   (goal ≤ 100 ms)
 * (The diary week with events is the existing diary-week scenario.) The school gets a term's
 * worth of marked events (titles start with MARK: a weekly «Разговоры о важном» and 40 single
 * ones) and the parent a feed link; teardown removes both.
 */
import crypto from "node:crypto";
import { selected } from "../env.ts";
import type { Scenario } from "../measure.ts";
import { log } from "../results.ts";
import { signIn, type Session } from "../session.ts";
import { noPasswordChange, type ScenarioContext } from "./context.ts";

const MARK = "[bench]";

export async function eventsScenarios(ctx: ScenarioContext): Promise<{ scenarios: Scenario[]; teardown: () => Promise<void> }> {
  const { q, app } = ctx;
  const schoolId = ctx.db.seed.schoolId;
  const scenarios: Scenario[] = [];
  let feedUser = 0;
  const teardown = async () => {
    await q(`DELETE FROM "SchoolEvent" WHERE "schoolId" = $1 AND title LIKE $2`, [schoolId, `${MARK}%`]);
    if (feedUser) await q(`DELETE FROM "CalendarFeed" WHERE "userId" = $1`, [feedUser]);
  };
  if (!selected("calendar-month") && !selected("ical-parent")) return { scenarios, teardown };
  await teardown();
  const [admin] = await q<{ id: number }>(
    `SELECT u.id FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'ADMIN' WHERE u."schoolId" = $1 ORDER BY u.id LIMIT 1`,
    [schoolId],
  );
  await q(
    `INSERT INTO "SchoolEvent" ("schoolId", "authorId", title, audience, grades, "startDate", "endDate", "startMinute", "endMinute", rrule, "untilDate", exdates, "updatedAt")
     VALUES ($1, $2, $3, 'GRADES', '{1,2,3,4,5,6,7,8,9,10,11}', '2026-09-07', '2026-09-07', 480, 525, 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20270531T235959Z', '2027-05-31', '{2026-11-02}', now())`,
    [schoolId, admin?.id ?? 0, `${MARK} Разговоры о важном`],
  );
  await q(
    `INSERT INTO "SchoolEvent" ("schoolId", "authorId", title, audience, "startDate", "endDate", "startMinute", "endMinute", exdates, "updatedAt")
     SELECT $1, $2, $3 || ' ' || g, 'SCHOOL', date '2026-09-01' + g * 5, date '2026-09-01' + g * 5, 900, 960, '{}', now() FROM generate_series(1, 40) g`,
    [schoolId, admin?.id ?? 0, MARK],
  );

  const [most] = await q<{ login: string }>(
    `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT' JOIN "ParentLink" pl ON pl."parentId" = u."personId"
      WHERE u."schoolId" = $1 AND NOT u.blocked GROUP BY u.id, u.login ORDER BY count(*) DESC, u.id LIMIT 1`,
    [schoolId],
  );
  if (selected("calendar-month")) {
    let session: Session | undefined;
    if (most) {
      await noPasswordChange(q, most.login);
      session = await signIn(app.base, most.login, ctx.password);
      log(`Календарь месяца: ${most.login}`);
    }
    scenarios.push({
      key: "calendar-month",
      title: "Календарь месяца, родитель GET /events",
      target: app,
      method: "GET",
      path: "/events",
      session,
      goal: 20,
      ...(most ? {} : { skip: "нет родителя в базе замера" }),
    });
  }
  if (selected("ical-parent")) {
    const [two] = await q<{ id: number }>(
      `SELECT u.id FROM "User" u JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT' JOIN "ParentLink" pl ON pl."parentId" = u."personId"
        WHERE u."schoolId" = $1 AND NOT u.blocked GROUP BY u.id HAVING count(*) = 2 ORDER BY u.id LIMIT 1`,
      [schoolId],
    );
    const token = crypto.randomBytes(32).toString("base64url");
    if (two) {
      feedUser = two.id; // teardown removes this user's link
      await q(`DELETE FROM "CalendarFeed" WHERE "userId" = $1`, [two.id]);
      await q(`INSERT INTO "CalendarFeed" ("schoolId", "userId", hash) VALUES ($1, $2, $3)`, [
        schoolId,
        two.id,
        crypto.createHash("sha256").update(token).digest("hex"),
      ]);
    }
    scenarios.push({
      key: "ical-parent",
      title: "Календарь iCalendar родителя двоих детей GET /ical/<token>.ics",
      target: app,
      method: "GET",
      path: `/ical/${token}.ics`,
      goal: 100,
      ...(two ? {} : { skip: "нет родителя двоих детей в базе замера" }),
    });
  }
  return { scenarios, teardown };
}

/**
 * Telling an event's audience (issue 18 «Notifications of new and changed events»): the same
 * people the calendar shows it to (events.policy.ts inAudience, as one statement here) except the
 * author, through the notifications module (kind EVENT). The dedupe key carries the event's
 * version, so a change notifies once per change and a retried transaction never twice.
 */
import { Prisma, type Db } from "../../lib/db.ts";
import { formatDate, today } from "../../lib/dates.ts";
import type { SchoolEvent } from "../../generated/prisma/client.ts";
import { notify } from "../notifications/notifications.service.ts";
import { timeText } from "./events.service.ts";

/** The users in the event's audience (not its author, not blocked accounts). One statement. */
export async function eventAudienceUserIds(db: Db, e: SchoolEvent, yearId: number | null): Promise<number[]> {
  const day = today();
  const rows = await db.$queryRaw<{ id: number }[]>(Prisma.sql`
    WITH cls AS (
      SELECT c.id FROM "SchoolClass" c
       WHERE c."schoolId" = ${e.schoolId} AND c."yearId" = ${yearId ?? 0}
         AND (c.id = ANY(${e.classIds}::int[]) OR c.grade = ANY(${e.grades}::int[]))
    ), kids AS (
      SELECT DISTINCT m."studentId" FROM "ClassMembership" m
       WHERE m."classId" IN (SELECT id FROM cls)
         AND m."fromDate" <= ${day}::date AND (m."toDate" IS NULL OR m."toDate" >= ${day}::date)
    ), teachers AS (
      SELECT t."teacherId" AS "personId" FROM "TeachingLoad" t WHERE t."classId" IN (SELECT id FROM cls)
      UNION SELECT c."classTeacherId" FROM "SchoolClass" c WHERE c.id IN (SELECT id FROM cls) AND c."classTeacherId" IS NOT NULL
    )
    SELECT u.id FROM "User" u
     WHERE u."schoolId" = ${e.schoolId} AND NOT u.blocked AND u.id <> ${e.authorId}
       AND CASE ${e.audience}::text
         WHEN 'SCHOOL' THEN true
         WHEN 'STAFF' THEN EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role NOT IN ('PARENT', 'STUDENT'))
         WHEN 'PARENTS' THEN
              (EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'PARENT')
                AND (cardinality(${e.classIds}::int[]) = 0
                     OR u."personId" IN (SELECT l."parentId" FROM "ParentLink" l WHERE l."studentId" IN (SELECT "studentId" FROM kids))))
           OR u."personId" IN (SELECT "personId" FROM teachers)
         ELSE (EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'PARENT')
                 AND u."personId" IN (SELECT l."parentId" FROM "ParentLink" l WHERE l."studentId" IN (SELECT "studentId" FROM kids)))
           OR (EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'STUDENT')
                 AND u."personId" IN (SELECT st."personId" FROM "Student" st WHERE st.id IN (SELECT "studentId" FROM kids)))
           OR u."personId" IN (SELECT "personId" FROM teachers)
       END
     ORDER BY u.id`);
  return rows.map((r) => r.id);
}

/** Notifies the audience of a new (changed: `changed`) event, in the writing transaction. */
export async function notifyEvent(db: Db, e: SchoolEvent, yearId: number | null, changed: boolean): Promise<void> {
  const userIds = await eventAudienceUserIds(db, e, yearId);
  if (!userIds.length) return;
  const when = `${formatDate(e.startDate)}${e.rrule ? " (повторяется)" : ""}, ${timeText(e)}`;
  await notify(db, {
    schoolId: e.schoolId,
    userIds,
    kind: "EVENT",
    title: `${changed ? "Событие изменено" : "Новое событие"}: ${e.title}`,
    body: [when, e.place ? `Место: ${e.place}` : "", e.description].filter(Boolean).join("\n\n"),
    link: `/events/${e.id}`,
    dedupeKey: `event:${e.id}:${e.updatedAt.getTime()}`,
  });
}

/**
 * Telling the audience of a new announcement (issue 15 «Notifications»: new announcements for
 * them): the same readers the board shows it to — everyone of the school, the staff, or the parents
 * and/or students of the chosen classes and grades today — except its author. Each reader's
 * channels (in the product, e-mail) are the notifications module's.
 */
import type { Actor } from "../../access/actor.ts";
import { Prisma, type Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { richTextParagraphs } from "../../lib/rich-text.ts";
import type { Announcement } from "../../generated/prisma/client.ts";
import { notify } from "../notifications/notifications.service.ts";

/** The users the announcement is addressed to (not its author, not blocked accounts). One statement. */
export async function audienceUserIds(db: Db, actor: Actor, a: Announcement): Promise<number[]> {
  const rows = await db.$queryRaw<{ id: number }[]>(Prisma.sql`
    WITH kids AS (
      SELECT DISTINCT m."studentId"
        FROM "ClassMembership" m
        JOIN "SchoolClass" c ON c.id = m."classId"
       WHERE c."schoolId" = ${a.schoolId} AND c."yearId" = ${actor.currentYearId ?? 0}
         AND (c.id = ANY(${a.classIds}::int[]) OR c.grade = ANY(${a.grades}::int[]))
         AND m."fromDate" <= ${today()}::date AND (m."toDate" IS NULL OR m."toDate" >= ${today()}::date)
    )
    SELECT u.id FROM "User" u
     WHERE u."schoolId" = ${a.schoolId} AND NOT u.blocked AND u.id <> ${a.authorId}
       AND CASE ${a.audience}::text
         WHEN 'SCHOOL' THEN true
         WHEN 'STAFF' THEN EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role NOT IN ('PARENT', 'STUDENT'))
         ELSE (${a.toParents} AND EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'PARENT')
                 AND u."personId" IN (SELECT l."parentId" FROM "ParentLink" l WHERE l."studentId" IN (SELECT "studentId" FROM kids)))
           OR (${a.toStudents} AND EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role = 'STUDENT')
                 AND u."personId" IN (SELECT st."personId" FROM "Student" st WHERE st.id IN (SELECT "studentId" FROM kids)))
       END
     ORDER BY u.id`);
  return rows.map((r) => r.id);
}

/**
 * Notifies the audience of a new announcement, in the posting transaction (idempotent by the
 * announcement's id). The notification and the letter carry the text without the formatting
 * subset's markup (stars, list markers, [text](address)), paragraph by paragraph.
 */
export async function notifyAudience(db: Db, actor: Actor, a: Announcement): Promise<void> {
  const userIds = await audienceUserIds(db, actor, a);
  if (!userIds.length) return;
  await notify(db, {
    schoolId: a.schoolId,
    userIds,
    kind: "ANNOUNCEMENT",
    title: `Объявление: ${a.title}`,
    body: richTextParagraphs(a.body),
    link: `/announcements/${a.id}`,
    dedupeKey: `announcement:${a.id}`,
  });
}

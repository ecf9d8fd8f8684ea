/**
 * The personal calendar feed (issue 18): a private, revocable link in «Персональные настройки»
 * → GET /ical/<token>.ics (text/calendar), written with the maintained ical-generator library.
 * Only the SHA-256 of the token is stored (like the API tokens); a wrong or revoked token, or a
 * blocked account, is a 404 that reveals nothing. The feed holds nothing beyond what the user sees
 * in the product: the own lessons (a teacher's taught ones, a student's, a parent's children's)
 * from 2 weeks back to 8 weeks ahead, the homework due dates of those students, and the events of
 * the user's audience (events.service occurrencesFor).
 */
import crypto from "node:crypto";
import ical, { ICalCalendarMethod, type ICalEventData } from "ical-generator";
import { loadActor, type Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { addDays, isoDate, schoolInstant, today } from "../../lib/dates.ts";
import { isStaff } from "./events.policy.ts";
import { occurrencesFor, viewerOf } from "./events.service.ts";
import { FEED_TEXT } from "./events.text.ts";

export const FEED_WEEKS_BACK = 2;
export const FEED_WEEKS_AHEAD = 8;

const hash = (token: string) => crypto.createHash("sha256").update(token, "utf8").digest("hex");

/** The user's feed link, if any (its creation date only: the token itself is never kept). */
export async function feedView(actor: Actor): Promise<{ createdAt: Date } | null> {
  return prisma.calendarFeed.findUnique({ where: { userId: actor.userId }, select: { createdAt: true } });
}

/** Creates the link (replacing an older one, which stops working). Returns the token, shown once. Audited. */
export async function createFeed(actor: Actor): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await prisma.$transaction(async (tx) => {
    const old = await tx.calendarFeed.findUnique({ where: { userId: actor.userId } });
    await tx.calendarFeed.upsert({
      where: { userId: actor.userId },
      create: { schoolId: actor.schoolId, userId: actor.userId, hash: hash(token) },
      update: { hash: hash(token), createdAt: clock.now() },
    });
    await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "calendar-feed", entityId: actor.userId, action: old ? "update" : "create" });
  });
  return token;
}

/** Revokes the link; false when there was none. Audited. */
export async function revokeFeed(actor: Actor): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.calendarFeed.deleteMany({ where: { userId: actor.userId } });
    if (count) await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "calendar-feed", entityId: actor.userId, action: "revoke" });
    return count > 0;
  });
}

interface LessonRow {
  id: number;
  date: Date;
  subject: string;
  topic: string | null;
  homework: string | null;
  homeworkDue: Date | null;
  className: string;
  room: string | null;
  startMinute: number | null;
  endMinute: number | null;
  /** The student's first name (a parent's feed with several children), null for a teacher's lesson. */
  child: string | null;
}

/** The bell slot of a lesson: the class's schedule, else the school's default. */
const SLOT = `LEFT JOIN "BellSlot" b ON b.number = l.number AND b."scheduleId" = COALESCE(c."bellScheduleId",
  (SELECT bs.id FROM "BellSchedule" bs WHERE bs."schoolId" = l."schoolId" AND bs."isDefault" ORDER BY bs.id LIMIT 1))`;

/** The lessons of students (their class on the lesson's date, their own subgroups). */
async function studentLessons(schoolId: number, studentIds: number[], from: Date, to: Date, named: boolean): Promise<LessonRow[]> {
  if (!studentIds.length) return [];
  return prisma.$queryRawUnsafe<LessonRow[]>(
    `SELECT l.id, l.date, s.name AS subject, l.topic, l.homework, l."homeworkDue", c.grade || c.letter AS "className", r.name AS room,
            b."startMinute", b."endMinute", CASE WHEN $5 THEN p."firstName" END AS child
       FROM "Lesson" l
       JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
       JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId"
       JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId"
       LEFT JOIN "Room" r ON r.id = l."roomId" ${SLOT}
      WHERE l."schoolId" = $1 AND m."studentId" = ANY($2::int[]) AND l.date BETWEEN $3::date AND $4::date
        AND (l."subgroupId" IS NULL OR EXISTS (SELECT 1 FROM "SubgroupMembership" sm WHERE sm."subgroupId" = l."subgroupId"
              AND sm."studentId" = m."studentId" AND sm."fromDate" <= l.date AND (sm."toDate" IS NULL OR sm."toDate" >= l.date)))
      ORDER BY l.date, l.number NULLS LAST, l.id`,
    schoolId,
    studentIds,
    isoDate(from),
    isoDate(to),
    named,
  );
}

/** A teacher's lessons: those they teach (or taught as a substitute). */
async function teacherLessons(schoolId: number, personId: number, from: Date, to: Date): Promise<LessonRow[]> {
  return prisma.$queryRawUnsafe<LessonRow[]>(
    `SELECT l.id, l.date, s.name AS subject, l.topic, NULL AS homework, NULL AS "homeworkDue", c.grade || c.letter AS "className", r.name AS room,
            b."startMinute", b."endMinute", NULL AS child
       FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId"
       LEFT JOIN "Room" r ON r.id = l."roomId" ${SLOT}
      WHERE l."schoolId" = $1 AND COALESCE(l."substituteId", l."teacherId") = $2 AND l.date BETWEEN $3::date AND $4::date
      ORDER BY l.date, l.number NULLS LAST, l.id`,
    schoolId,
    personId,
    isoDate(from),
    isoDate(to),
  );
}

/** The instant of a school-day minute. */
const instant = (day: Date, minute: number) =>
  schoolInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), Math.floor(minute / 60), minute % 60);

/** The feed of a token's owner as iCalendar text; null (a 404) for a wrong or revoked token or an account that cannot sign in. */
export async function feedText(token: string, host: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const feed = await prisma.calendarFeed.findUnique({ where: { hash: hash(token) } });
  if (!feed) return null;
  const actor = await loadActor(feed.userId);
  if (!actor || actor.schoolId !== feed.schoolId) return null;
  return buildFeed(actor, host);
}

/** The calendar of what the actor sees (exported for the tests and the benchmark). */
export async function buildFeed(actor: Actor, host: string): Promise<string> {
  const from = addDays(today(), -7 * FEED_WEEKS_BACK);
  const to = addDays(today(), 7 * FEED_WEEKS_AHEAD);
  const children = actor.roles.has("PARENT") ? [...actor.childStudentIds] : [];
  const own = actor.roles.has("STUDENT") && actor.studentId !== null ? [actor.studentId] : [];
  const [asStudent, asParent, asTeacher, events] = await Promise.all([
    studentLessons(actor.schoolId, own, from, to, false),
    studentLessons(actor.schoolId, children, from, to, children.length > 1),
    isStaff(actor) ? teacherLessons(actor.schoolId, actor.personId, from, to) : Promise.resolve([]),
    viewerOf(actor).then((v) => occurrencesFor(v, from, to)),
  ]);
  const cal = ical({
    name: FEED_TEXT.calendarName(actor.schoolName),
    prodId: { company: "school-journal", product: "calendar", language: "RU" },
    method: ICalCalendarMethod.PUBLISH,
  });
  const seen = new Set<string>();
  const add = (id: string, data: ICalEventData) => {
    if (seen.has(id)) return;
    seen.add(id);
    cal.createEvent({ id: `${id}@${host}`, ...data });
  };
  for (const l of [...asStudent, ...asParent, ...asTeacher]) {
    const who = l.child ? ` (${l.child})` : "";
    const summary = `${l.subject}${who}`;
    const description = [l.topic ? `Тема: ${l.topic}` : "", l.homework ? `Домашнее задание: ${l.homework}` : ""].filter(Boolean).join("\n");
    const location = [l.className, l.room].filter(Boolean).join(", ");
    const key = `lesson-${l.id}${l.child ? `-${l.child}` : ""}`;
    if (l.startMinute !== null && l.endMinute !== null)
      add(key, { start: instant(l.date, l.startMinute), end: instant(l.date, l.endMinute), summary, description, location });
    else add(key, { start: l.date, allDay: true, summary, description, location });
  }
  for (const l of [...asStudent, ...asParent])
    if (l.homework && l.homeworkDue && l.homeworkDue >= from && l.homeworkDue <= to)
      add(`homework-${l.id}${l.child ? `-${l.child}` : ""}`, {
        start: l.homeworkDue,
        allDay: true,
        summary: `${FEED_TEXT.homeworkDue(l.subject)}${l.child ? ` (${l.child})` : ""}`,
        description: l.homework,
      });
  for (const o of events) {
    const id = `event-${o.id}-${isoDate(o.date)}`;
    const base = { summary: o.title, description: o.description, location: o.place, url: `https://${host}/events/${o.id}`, stamp: o.updatedAt };
    if (o.allDay) add(id, { ...base, start: o.date, end: addDays(o.endDate, 1), allDay: true });
    else add(id, { ...base, start: instant(o.date, o.startMinute!), end: instant(o.endDate, o.endMinute ?? o.startMinute! + 60) });
  }
  return cal.toString();
}

/**
 * Telling about changes of the timetable (issue 15 «Notifications», R-SCH-2): cancelled and moved
 * lessons, substitutions and other rooms of today and tomorrow reach the families of the class
 * (or of the subgroup) — its students and their parents — and the teachers: the lesson's own
 * teacher and the substitute.
 *
 * When: tomorrow's changes are told by the evening job (EVENING_HOUR, school time: the deputy has
 * made most of them by then); a change saved or removed later for tomorrow, or for today at any
 * time, is told at once, in the transaction that writes it. A change made and removed before the
 * job is never told. Lessons of today that have already ended are not told.
 *
 * What: one notification per recipient and day summarising the day's changes that concern them
 * (a parent gets one per child), linking to the diary's day (families) or the teacher's day
 * («Сегодня»). A change told at once carries the whole day again, so the newest notification is
 * always the full picture; a change that no longer concerns someone (removed, another substitute)
 * is told as «по расписанию».
 *
 * Idempotent: the dedupeKey is a hash of the text and of the told changes' ids and versions
 * (TimetableChange.createdAt, renewed on every save), so running the job again or saving the same
 * state again makes nothing new, while a later, different change is told.
 */
import crypto from "node:crypto";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { addDays, isoDate, today } from "../../lib/dates.ts";
import { notify } from "../notifications/notifications.service.ts";
import { bellTimes } from "./bells.service.ts";
import { dayLessons, type DayLesson } from "./day.service.ts";
import { lessonNo } from "./schedule.text.ts";

const SCHOOL_TZ = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";

/** From this hour (school time) tomorrow's changes are told: the evening job runs, and later changes are told at once. */
export const EVENING_HOUR = 17;

// ---------------------------------------------------------------- wording

const DAY_MONTH = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", timeZone: "UTC" });
const LOCAL_TIME = new Intl.DateTimeFormat("en-GB", { timeZone: SCHOOL_TZ, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** «10 декабря». */
export const dayMonth = (date: Date) => DAY_MONTH.format(date);

/** «Завтра, 10 декабря», «Сегодня, 9 декабря», else «10 декабря». */
function dayWord(date: Date, now: Date): string {
  const t = today(now);
  if (date.getTime() === t.getTime()) return `Сегодня, ${dayMonth(date)}`;
  if (date.getTime() === addDays(t, 1).getTime()) return `Завтра, ${dayMonth(date)}`;
  return dayMonth(date);
}

/** What a change of one lesson on `date` means for the class's families, and the line when it is undone. */
function familyLine(l: DayLesson, date: Date): { text: string; restore: string } {
  const c = l.change!;
  const lesson = `${lessonNo(l.plannedNumber)} «${l.subjectName}»`;
  switch (c.kind) {
    case "CANCEL":
      return { text: `${lesson} отменён`, restore: `${lesson} состоится по расписанию: отмена снята` };
    case "SUBSTITUTE":
      return { text: `${lesson} — замена: ведёт ${l.substituteName ?? "другой учитель"}`, restore: `${lesson} — замены не будет, ведёт ${l.teacherName}` };
    case "ROOM":
      return { text: `${lesson} — в кабинете ${l.roomName ?? "—"}`, restore: `${lesson} — в кабинете по расписанию` };
    case "MOVE":
      if (l.movedFrom)
        return {
          text: `${lessonNo(l.number)}: «${l.subjectName}» (перенос с ${dayMonth(l.movedFrom)})`,
          restore: `${lessonNo(l.number)}: «${l.subjectName}» — перенос на этот день отменён`,
        };
      if (c.newDate && c.newDate.getTime() !== date.getTime())
        return {
          text: `${lesson} перенесён на ${dayMonth(c.newDate)}, ${lessonNo(c.newNumber ?? l.plannedNumber)}`,
          restore: `${lesson} состоится по расписанию: перенос отменён`,
        };
      return { text: `${lesson} перенесён на ${lessonNo(l.number)}`, restore: `${lesson} состоится по расписанию: перенос отменён` };
  }
}

const classOf = (l: DayLesson) => `${l.className}${l.subgroupName ? ` (${l.subgroupName})` : ""}`;

// ---------------------------------------------------------------- who is told what

interface Line {
  changeId: number;
  /** Where the lesson is in the day (ordering). */
  number: number;
  text: string;
  restore: string;
}

interface Recipient {
  userId: number;
  /** The child the notification is about (students and parents); null for a teacher. */
  studentId: number | null;
  /** «Алексеев Артём (5А)» for a parent's notification. */
  child: string | null;
  /** Lines by change id. */
  lines: Map<number, Line>;
}

type Audience = Map<string, Recipient>;

/** Minutes since midnight, school time. */
function localMinute(now: Date): number {
  const parts = LOCAL_TIME.formatToParts(now);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return n("hour") * 60 + n("minute");
}

/** True when a change of `date` saved (or removed) at `now` is told at once: today, or tomorrow from the evening hour. */
export function toldAtOnce(date: Date, now: Date): boolean {
  const t = today(now);
  if (date.getTime() === t.getTime()) return true;
  return date.getTime() === addDays(t, 1).getTime() && localMinute(now) >= EVENING_HOUR * 60;
}

/** The day's changed lessons (of one entry when given); of today, only those not yet over. */
async function changedLessons(db: Db, schoolId: number, date: Date, now: Date, entryId?: number): Promise<DayLesson[]> {
  let lessons = (await dayLessons(db, schoolId, date)).filter((l) => l.change && (entryId === undefined || l.entryId === entryId));
  if (lessons.length && date.getTime() === today(now).getTime()) {
    const slots = await bellTimes(schoolId, db);
    const minute = localMinute(now);
    lessons = lessons.filter((l) => (slots(l.bellScheduleId).get(l.number)?.endMinute ?? 24 * 60) > minute);
  }
  return lessons;
}

/** Who is told about `lessons` on `date` and with which line: the class's (subgroup's) students and parents, the teacher and the substitute. */
async function audienceOf(db: Db, schoolId: number, date: Date, lessons: DayLesson[]): Promise<Audience> {
  const out: Audience = new Map();
  if (!lessons.length) return out;
  const classIds = [...new Set(lessons.map((l) => l.classId))];
  const subgroupIds = [...new Set(lessons.map((l) => l.subgroupId).filter((x): x is number => x !== null))];
  const onDate = { fromDate: { lte: date }, OR: [{ toDate: null }, { toDate: { gte: date } }] };
  const [members, inSubgroups, staff] = await Promise.all([
    db.classMembership.findMany({
      where: { schoolId, classId: { in: classIds }, ...onDate },
      select: {
        classId: true,
        student: {
          select: {
            id: true,
            person: { select: { lastName: true, firstName: true, user: { select: { id: true } } } },
            parentLinks: { select: { parent: { select: { user: { select: { id: true } } } } } },
          },
        },
      },
    }),
    subgroupIds.length
      ? db.subgroupMembership.findMany({ where: { schoolId, subgroupId: { in: subgroupIds }, ...onDate }, select: { subgroupId: true, studentId: true } })
      : [],
    db.user.findMany({
      where: { schoolId, personId: { in: [...new Set(lessons.flatMap((l) => [l.teacherId, l.substituteId ?? l.teacherId]))] } },
      select: { id: true, personId: true },
    }),
  ]);
  const inGroup = new Set(inSubgroups.map((m) => `${m.subgroupId}:${m.studentId}`));
  const userOf = new Map(staff.map((u) => [u.personId, u.id]));
  const add = (key: string, r: Omit<Recipient, "lines">, line: Line) => {
    const got = out.get(key) ?? { ...r, lines: new Map<number, Line>() };
    got.lines.set(line.changeId, line);
    out.set(key, got);
  };
  for (const l of lessons) {
    const changeId = l.change!.id;
    const number = l.movedFrom ? l.number : l.plannedNumber;
    const fam = familyLine(l, date);
    const seen = new Set<number>();
    for (const m of members) {
      if (m.classId !== l.classId || seen.has(m.student.id)) continue;
      if (l.subgroupId !== null && !inGroup.has(`${l.subgroupId}:${m.student.id}`)) continue;
      seen.add(m.student.id);
      const line = { changeId, number, ...fam };
      const child = `${m.student.person.lastName} ${m.student.person.firstName} (${l.className})`;
      const own = m.student.person.user?.id;
      if (own) add(`${own}:s${m.student.id}`, { userId: own, studentId: m.student.id, child: null }, line);
      for (const p of m.student.parentLinks) {
        const parent = p.parent.user?.id;
        if (parent && parent !== own) add(`${parent}:s${m.student.id}`, { userId: parent, studentId: m.student.id, child }, line);
      }
    }
    const teacher = userOf.get(l.teacherId);
    if (teacher)
      add(
        `${teacher}:t`,
        { userId: teacher, studentId: null, child: null },
        { changeId, number, text: `${classOf(l)}, ${fam.text}`, restore: `${classOf(l)}, ${fam.restore}` },
      );
    const sub = l.change!.kind === "SUBSTITUTE" && l.substituteId ? userOf.get(l.substituteId) : undefined;
    if (sub) {
      const lesson = `${classOf(l)}, ${lessonNo(l.plannedNumber)} «${l.subjectName}»`;
      add(
        `${sub}:t`,
        { userId: sub, studentId: null, child: null },
        {
          changeId,
          number,
          text: `${lesson} — замена: ведёте вы (по расписанию — ${l.teacherName})`,
          restore: `${lesson} — замена отменена, вы не ведёте этот урок`,
        },
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------- notifications

/** The notification of one recipient for `date`: the day's lines (and lines of what was undone), keyed by text and versions. */
function messageOf(r: Recipient, date: Date, now: Date, undone: Line[], versions: Map<number, number>) {
  const lines = [...r.lines.values(), ...undone.map((u) => ({ ...u, text: u.restore }))].sort((a, b) => a.number - b.number);
  const when = `${dayWord(date, now)}${r.child ? `, ${r.child}` : ""}`;
  const title =
    lines.length === 1 ? `${when}: ${lines[0]!.text}` : `${when}: изменения в ${r.studentId === null ? "ваших уроках" : "расписании"} (${lines.length})`;
  const body = lines.map((l) => l.text).join("\n");
  const link = r.studentId === null ? `/today?date=${isoDate(date)}` : `/diary/${r.studentId}/week?date=${isoDate(date)}`;
  const told = [...r.lines.keys(), ...undone.map((u) => -u.changeId)].sort((a, b) => a - b).map((id) => `${id}@${versions.get(Math.abs(id)) ?? 0}`);
  const hash = crypto
    .createHash("sha256")
    .update(JSON.stringify([title, body, link, told]))
    .digest("hex")
    .slice(0, 24);
  return { title, body, link, dedupeKey: `timetable:${isoDate(date)}:${hash}` };
}

/** Sends the notifications of `who`, one notify() per distinct text (the students of a class share theirs). Returns the in-product count. */
async function send(db: Db, schoolId: number, date: Date, now: Date, who: { r: Recipient; undone: Line[] }[]): Promise<number> {
  if (!who.length) return 0;
  const ids = [...new Set(who.flatMap(({ r, undone }) => [...r.lines.keys(), ...undone.map((u) => u.changeId)]))];
  const rows = await db.timetableChange.findMany({ where: { id: { in: ids } }, select: { id: true, createdAt: true } });
  const versions = new Map(rows.map((c) => [c.id, c.createdAt.getTime()]));
  const groups = new Map<string, { msg: ReturnType<typeof messageOf>; userIds: number[] }>();
  for (const { r, undone } of who) {
    const msg = messageOf(r, date, now, undone, versions);
    const g = groups.get(msg.dedupeKey) ?? { msg, userIds: [] };
    g.userIds.push(r.userId);
    groups.set(msg.dedupeKey, g);
  }
  let told = 0;
  for (const { msg, userIds } of groups.values()) told += (await notify(db, { schoolId, userIds, kind: "TIMETABLE_CHANGE", ...msg })).inApp;
  return told;
}

/** Tells everyone concerned about all changes of `date` in the school (the evening job). Returns the in-product notifications made. */
export async function tellDay(db: Db, schoolId: number, date: Date, now: Date): Promise<number> {
  const audience = await audienceOf(db, schoolId, date, await changedLessons(db, schoolId, date, now));
  return send(
    db,
    schoolId,
    date,
    now,
    [...audience.values()].map((r) => ({ r, undone: [] })),
  );
}

/**
 * The evening job (EVENING_HOUR, school time): tells tomorrow's changes of every school, each
 * school in a transaction of its own. Idempotent (see the file's comment). Returns the in-product
 * notifications made.
 */
export async function runTimetableChanges(now: Date = clock.now()): Promise<number> {
  const date = addDays(today(now), 1);
  const schools = await prisma.timetableChange.findMany({
    where: { OR: [{ date }, { kind: "MOVE", newDate: date }] },
    distinct: ["schoolId"],
    select: { schoolId: true },
    orderBy: { schoolId: "asc" },
  });
  let told = 0;
  for (const { schoolId } of schools) told += await prisma.$transaction((tx) => tellDay(tx, schoolId, date, now), { timeout: 120_000, maxWait: 20_000 });
  return told;
}

/** What one entry's lessons meant for whom on the dates told at once, taken before a change is written. */
export interface ChangeSnapshot {
  schoolId: number;
  entryId: number;
  now: Date;
  days: { date: Date; audience: Audience }[];
}

/** Takes the snapshot before saving or removing a change of the entry that touches `dates` (the change's date, old and new target of a move). */
export async function changeSnapshot(db: Db, schoolId: number, entryId: number, dates: (Date | null | undefined)[], now: Date): Promise<ChangeSnapshot> {
  const days = [];
  const seen = new Set<number>();
  for (const date of dates) {
    if (!date || seen.has(date.getTime()) || !toldAtOnce(date, now)) continue;
    seen.add(date.getTime());
    days.push({ date, audience: await audienceOf(db, schoolId, date, await changedLessons(db, schoolId, date, now, entryId)) });
  }
  return { schoolId, entryId, now, days };
}

/**
 * After a change was saved or removed (same transaction): tells those for whom the entry's
 * lessons of today or tomorrow (from the evening hour) now read differently — the whole day's
 * changes for them, plus «по расписанию» for what no longer concerns them. Returns the in-product
 * notifications made.
 */
export async function tellChange(db: Db, snap: ChangeSnapshot): Promise<number> {
  let told = 0;
  for (const { date, audience: before } of snap.days) {
    const after = await audienceOf(db, snap.schoolId, date, await changedLessons(db, snap.schoolId, date, snap.now, snap.entryId));
    const changed = new Map<string, Line[]>();
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const was = before.get(key)?.lines ?? new Map<number, Line>();
      const is = after.get(key)?.lines ?? new Map<number, Line>();
      const undone = [...was.values()].filter((l) => !is.has(l.changeId));
      const differs = undone.length > 0 || [...is.values()].some((l) => was.get(l.changeId)?.text !== l.text);
      if (differs) changed.set(key, undone);
    }
    if (!changed.size) continue;
    const day = await audienceOf(db, snap.schoolId, date, await changedLessons(db, snap.schoolId, date, snap.now));
    const who = [...changed].map(([key, undone]) => ({
      r: day.get(key) ?? { ...(before.get(key) ?? after.get(key))!, lines: new Map<number, Line>() },
      undone,
    }));
    told += await send(db, snap.schoolId, date, snap.now, who);
  }
  return told;
}

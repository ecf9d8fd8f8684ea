/**
 * The home page answers «what now?» for each role: the blocks the actor may see, chosen from the
 * permission catalogue (can / reach), each pointing to the page where the work is done —
 *   family (the diary's reach): each child's today and next school day, marks, absences, dates;
 *   teaching («Сегодня»): today's lessons and what is missing, overdue journals, late control works;
 *   class (the classes led): today's absences without a reason, forecasts of «2», consents and logins;
 *   school (the whole school's monthly check): today's filling, teachers' gaps, the check, remarks;
 *   admin (accounts, the school year): locked accounts, the year's state;
 *   registers (consents, logins, movement, imports, staff, medical, social, timetable changes);
 *   news (every role that reads the board): the newest announcements, unread ones marked.
 * All of it is one SQL statement (home.query.ts): one database round trip per home page.
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { today } from "../../lib/dates.ts";
import { STATUS_NAMES } from "../setup/year-select.service.ts";
import { classBlock } from "./home.class.ts";
import { ABSENCE_DAYS, familyBlock } from "./home.family.ts";
import { newsBlock } from "./home.news.ts";
import { HomeQuery, day, ms, obj } from "./home.query.ts";
import { CATEGORY_DAYS, NEW_PUPIL_DAYS, RECENT_DAYS, TRAINING_YEARS, registersBlock } from "./home.registers.ts";
import { adminBlock, schoolBlock } from "./home.school.ts";
import { teacherBlock } from "./home.teaching.ts";

export type { FamilyStudent } from "./home.family.ts";
export type { TeacherHome } from "./home.teaching.ts";
export type { ClassHome } from "./home.class.ts";
export type { SchoolHome, AdminHome } from "./home.school.ts";
export type { RegistersHome } from "./home.registers.ts";
export { NEWS_COUNT, type NewsHome } from "./home.news.ts";

/** The actor's home page (issue 23 §2), as of `now` (the application's clock): one database round trip. */
export async function homeData(actor: Actor, now: Date = clock.now()) {
  const q = new HomeQuery(actor, today(now), now);
  q.column("previousLogin", `SELECT ${ms("at")} FROM prev`);
  q.column(
    "year",
    `SELECT json_build_object('name', y.name, 'status', y.status, 'start', y."startDate", 'end', y."endDate") FROM "AcademicYear" y WHERE y."schoolId" = $1 AND y.id = $6`,
  );
  const blocks = {
    family: familyBlock(q, actor),
    teacher: teacherBlock(q, actor),
    classes: classBlock(q, actor),
    school: schoolBlock(q, actor),
    admin: adminBlock(q, actor),
    registers: registersBlock(q, actor),
    news: newsBlock(q, actor),
  };
  const row = await q.run();
  const year = obj<{ name: string; status: keyof typeof STATUS_NAMES; start: string; end: string }>(row.year);
  return {
    today: q.day,
    /** The windows the blocks look at, for their headings. */
    limits: { absenceDays: ABSENCE_DAYS, recentDays: RECENT_DAYS, newPupilDays: NEW_PUPIL_DAYS, categoryDays: CATEGORY_DAYS, trainingYears: TRAINING_YEARS },
    previousLogin: row.previousLogin == null ? null : new Date(Number(row.previousLogin)),
    year: year ? { name: year.name, status: STATUS_NAMES[year.status], start: day(year.start), end: day(year.end) } : null,
    family: blocks.family?.(row) ?? [],
    teacher: blocks.teacher?.(row) ?? null,
    classes: blocks.classes?.(row) ?? [],
    school: blocks.school?.(row) ?? null,
    admin: blocks.admin?.(row) ?? null,
    registers: blocks.registers?.(row) ?? null,
    news: blocks.news?.(row) ?? null,
  };
}

export type HomeData = Awaited<ReturnType<typeof homeData>>;

/**
 * Helpers of the journal-notification tests: the application's clock moved on (so a mark «has
 * stood» its settle time before a run), the notifications of a school, marks and attendance through
 * the real journal routes, and a queue that only sends letters (the producers' cron jobs are called
 * directly by the tests, never by a cron tick in the middle of one).
 */
import { afterAll, beforeAll, expect } from "vitest";
import { clock, setClock } from "../../src/lib/clock.ts";
import { prisma } from "../../src/lib/db.ts";
import { configureMail } from "../../src/lib/mail.ts";
import { startQueue, stopQueue } from "../../src/lib/queue.ts";
import { JOBS } from "../../src/modules/jobs.ts";
import type { NotificationKind } from "../../src/generated/prisma/client.ts";
import type { Agent } from "../support/http.ts";
import type { TestUser } from "../support/fixtures.ts";
import { FAST, TestSmtp } from "../communication/support.ts";
import { postJson, type JournalSchool, type TypeName } from "../journal/helpers.ts";

/** Moves the application's clock on by `ms` (time keeps running from there). */
export function later(ms: number): void {
  setClock(new Date(clock.nowMs() + ms));
}

/** The school's notifications of a kind, oldest first. */
export function noticesOf(schoolId: number, kind: NotificationKind) {
  return prisma.notification.findMany({ where: { schoolId, kind }, orderBy: [{ id: "asc" }] });
}

/** The users (sorted) who got a notification with this dedupe key. */
export async function usersWith(schoolId: number, dedupeKey: string): Promise<number[]> {
  const rows = await prisma.notification.findMany({ where: { schoolId, dedupeKey }, select: { userId: true } });
  return rows.map((r) => r.userId).sort((a, b) => a - b);
}

export const ids = (...users: TestUser[]) => users.map((u) => u.userId).sort((a, b) => a - b);

/** A mark through POST /journal/lessons/:id/marks, as the grid's autosave sends it (value null deletes). */
export async function putMark(
  s: JournalSchool,
  agent: Agent,
  lessonId: number,
  studentId: number,
  value: number | null,
  opts: { type?: TypeName; comment?: string } = {},
) {
  const res = await postJson(agent, `/journal/lessons/${lessonId}/marks`, {
    studentId,
    assignmentTypeId: s.types[opts.type ?? "Ответ на уроке"],
    value,
    comment: opts.comment ?? "",
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.mark ?? null;
}

/** Attendance through POST /journal/lessons/:id/attendance («Н», «УП», … or "" to clear). */
export async function putAttendance(agent: Agent, lessonId: number, studentId: number, code: string) {
  const res = await postJson(agent, `/journal/lessons/${lessonId}/attendance`, { studentId, code });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** An SMTP server and the queue running only the sending of letters (for the file). */
export function useMailAndSending(): { smtp: () => TestSmtp } {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    configureMail({ smtpUrl: smtp.url, from: "Электронный журнал <journal@school.test>" });
    await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS.filter((j) => j.name === "email-send"), work: true, tuning: FAST });
  });
  afterAll(async () => {
    await stopQueue();
    configureMail(null);
    await smtp?.down();
  });
  return { smtp: () => smtp };
}

/** A confirmed e-mail address of the user (as after following the confirmation link). */
export async function confirmedAddress(s: JournalSchool, user: TestUser, address: string): Promise<void> {
  await prisma.emailAddress.create({ data: { userId: user.userId, schoolId: s.schoolId, address, confirmedAt: clock.now() } });
}

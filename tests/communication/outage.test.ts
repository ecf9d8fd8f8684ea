/**
 * The SMTP server goes down mid-run (issue 15): letters are retried with backoff, nothing is lost,
 * everything arrives once the server is back — also across a restart of the queue — and nothing
 * arrives twice. After the last retry a letter is FAILED with the reason in the delivery log.
 */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { configureMail } from "../../src/lib/mail.ts";
import { queueCounts, startQueue, stopQueue } from "../../src/lib/queue.ts";
import { JOBS } from "../../src/modules/jobs.ts";
import { sendEmail } from "../../src/modules/notifications/notifications.service.ts";
import { buildSchool } from "../support/fixtures.ts";
import { FAST, TestSmtp, until } from "./support.ts";

const letter = (schoolId: number, i: number, tag: string) => ({
  schoolId,
  userId: null,
  to: `parent${i}@example.ru`,
  kind: "message-out",
  subject: `Письмо ${tag} № ${i}`,
  text: `Текст письма № ${i}`,
  dedupeKey: `${tag}:${i}`,
});

describe("an SMTP server that goes away", () => {
  it("letters wait and retry while it is down, survive a restart of the queue, and all arrive exactly once when it returns", async () => {
    const smtp = await TestSmtp.start();
    configureMail({ smtpUrl: smtp.url, from: "journal@school.test" });
    await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS, work: true, tuning: { ...FAST, retryLimit: 20 } });
    try {
      const s = await buildSchool();
      // Three go out while the server is up.
      for (let i = 0; i < 3; i++) await sendEmail(prisma, letter(s.schoolId, i, "out"));
      await until("первые три", () => smtp.received.length === 3);

      await smtp.down();
      for (let i = 3; i < 12; i++) await sendEmail(prisma, letter(s.schoolId, i, "out"));
      // They are tried and fail: the reason is in the log, the letters stay queued.
      await until(
        "неудачные попытки",
        async () => (await prisma.emailDelivery.count({ where: { schoolId: s.schoolId, status: "QUEUED", attempts: { gte: 1 }, error: { not: null } } })) === 9,
      );
      const failing = await prisma.emailDelivery.findFirstOrThrow({ where: { schoolId: s.schoolId, status: "QUEUED" } });
      expect(failing.error).toMatch(/ECONNREFUSED|connect/i);

      // The app stops (its queue with it) while the server is still down, and starts again.
      await stopQueue();
      await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS, work: true, tuning: { ...FAST, retryLimit: 20 } });
      await smtp.up();

      await until("все письма", async () => (await prisma.emailDelivery.count({ where: { schoolId: s.schoolId, status: "SENT" } })) === 12, 60_000);
      // Give a repeated job every chance to send a second copy.
      await new Promise((r) => setTimeout(r, 2500));
      const subjects = smtp.received.map((r) => r.mail.subject).sort();
      expect(subjects).toEqual(Array.from({ length: 12 }, (_, i) => `Письмо out № ${i}`).sort());
      const ids = smtp.received.map((r) => r.mail.messageId);
      expect(new Set(ids).size).toBe(12);
      const rows = await prisma.emailDelivery.findMany({ where: { schoolId: s.schoolId } });
      expect(rows.every((r) => r.status === "SENT" && r.sentAt && r.error === null)).toBe(true);
      expect(rows.filter((r) => r.attempts > 1)).toHaveLength(9);
    } finally {
      await stopQueue();
      configureMail(null);
      await smtp.down();
    }
  });

  it("after the last retry the letter is FAILED with the reason, and the job is recorded as failed", async () => {
    const smtp = await TestSmtp.start();
    await smtp.down(); // never up
    configureMail({ smtpUrl: smtp.url, from: "journal@school.test" });
    await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS, work: true, tuning: { ...FAST, retryLimit: 1 } });
    try {
      const s = await buildSchool();
      const sent = await sendEmail(prisma, letter(s.schoolId, 1, "lost"));
      expect(sent.queued).toBe(true);
      await until("FAILED", async () => (await prisma.emailDelivery.count({ where: { schoolId: s.schoolId, status: "FAILED" } })) === 1, 30_000);
      const row = await prisma.emailDelivery.findFirstOrThrow({ where: { schoolId: s.schoolId } });
      expect(row.attempts).toBe(2);
      expect(row.error).toMatch(/ECONNREFUSED|connect/i);
      expect(row.sentAt).toBeNull();
      await until("задание с ошибкой", async () => (await queueCounts()).find((q) => q.name === "email-send")!.counts.failed === 1);
    } finally {
      await stopQueue();
      configureMail(null);
    }
  });
});

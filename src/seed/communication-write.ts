/**
 * The writes of the demo school's communication (communication.ts tells the story): each the way
 * the product's own writer shapes its rows — an announcement with the author's read mark, its file
 * and a notification per addressed user (announcements.write.ts, announcements.notify.ts); a
 * conversation with members, receipts, files and a notification per message (messages.send.ts); the
 * journal's notifications (journal.notify.ts); a confirmed address with its delivery log
 * (notifications.service.ts, settings.ts) — but with the times of the story rather than "now".
 */
import crypto from "node:crypto";
import { config } from "../config.ts";
import { Prisma, type Db } from "../lib/db.ts";
import { addDays, isoDate, today as dayOf } from "../lib/dates.ts";
import { shortName } from "../lib/names.ts";
import { richTextParagraphs } from "../lib/rich-text.ts";
import type { AnnouncementAudience, NotificationKind } from "../generated/prisma/enums.ts";
import { acceptFiles } from "../modules/files/files.service.ts";
import { KIND_NAMES } from "../modules/notifications/notifications.service.ts";
import { dayMonthText, type AnnouncementText } from "./communication-content.ts";

export interface CommunicationSeedCounts {
  announcements: number;
  conversations: number;
  messages: number;
  notifications: number;
  deliveries: number;
}

export const NONE: CommunicationSeedCounts = { announcements: 0, conversations: 0, messages: 0, notifications: 0, deliveries: 0 };

export const USER = { id: true, personId: true, login: true, person: { select: { lastName: true, firstName: true, middleName: true, email: true } } } as const;
export type U = Prisma.UserGetPayload<{ select: typeof USER }>;
export const name = (u: U) => ({ lastName: u.person.lastName, firstName: u.person.firstName, middleName: u.person.middleName });

const SCHOOL_TZ = process.env.SCHOOL_TIMEZONE || "Europe/Moscow";
const LOCAL = new Intl.DateTimeFormat("en-CA", {
  timeZone: SCHOOL_TZ,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The instant of hh:mm on a school day (a UTC-midnight Date) in the school's time zone. */
export function at(day: Date, hh: number, mm: number): Date {
  const guess = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hh, mm);
  const parts = LOCAL.formatToParts(new Date(guess));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const shown = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  return new Date(guess - (shown - guess));
}

/** Where the story happens: the school, its current year and the seed's today. */
export interface StoryPlace {
  schoolId: number;
  yearId: number;
  today: Date;
  school: { name: string; shortName: string | null };
}

export interface Post {
  audience: AnnouncementAudience;
  toParents?: boolean;
  toStudents?: boolean;
  grades?: number[];
  classIds?: number[];
  pinned?: boolean;
  showUntil?: Date;
  at: Date;
  file?: { name: string; data: Buffer };
}

export interface Msg {
  author: U;
  body: string;
  at: Date;
  /** When the other member read it (null: unread). */
  readAt: Date | null;
  files?: { id: number; name: string }[];
}

/** «ответ на уроке» from «Ответ на уроке»; an abbreviation («ВПР») stays as it is (as journal.notify.text.ts words it). */
const lowerFirst = (s: string) => (s.length > 1 && s[1] === s[1]!.toLowerCase() ? s[0]!.toLowerCase() + s.slice(1) : s);

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The writes of the story, in one transaction, the way the product's writers shape them. */
export class Writer {
  readonly counts: CommunicationSeedCounts = { ...NONE };
  private readonly schoolId: number;

  constructor(
    private readonly tx: Db,
    private readonly cast: StoryPlace,
  ) {
    this.schoolId = cast.schoolId;
  }

  /** A file through the real store (checked by its content, stored under its SHA-256). */
  async file(owner: U, filename: string, data: Buffer): Promise<{ id: number; name: string }> {
    const accepted = await acceptFiles(this.tx, { schoolId: this.schoolId, userId: owner.id }, [{ field: "files", filename, contentType: "", data }]);
    if (!accepted.ok) throw new Error(`Seed: the file «${filename}» was refused: ${accepted.error}`);
    const f = accepted.files[0]!;
    return { id: f.id, name: f.name };
  }

  /**
   * An announcement as createAnnouncement stores it (the author's read mark, the attachment) and
   * notifyAudience tells its readers: a notification per addressed user (read by those in `reads`).
   */
  async announce(author: U, text: AnnouncementText, p: Post, reads: readonly (readonly [U, Date])[]): Promise<number> {
    const { tx, schoolId } = this;
    const a = await tx.announcement.create({
      data: {
        schoolId,
        authorId: author.id,
        title: text.title,
        body: text.body,
        audience: p.audience,
        toParents: p.toParents ?? false,
        toStudents: p.toStudents ?? false,
        grades: p.grades ?? [],
        classIds: p.classIds ?? [],
        pinned: p.pinned ?? false,
        showUntil: p.showUntil ?? null,
        createdAt: p.at,
        updatedAt: p.at,
      },
    });
    await tx.announcementRead.createMany({
      data: [[author, p.at] as const, ...reads].map(([u, readAt]) => ({ announcementId: a.id, userId: u.id, schoolId, readAt })),
      skipDuplicates: true,
    });
    if (p.file) {
      const f = await this.file(author, p.file.name, p.file.data);
      await tx.announcementFile.create({ data: { announcementId: a.id, fileId: f.id } });
    }
    const day = dayOf(p.at);
    // announcements.notify.ts audienceUserIds: the users the board shows it to, not its author, not blocked.
    this.counts.notifications += await tx.$executeRaw`
      WITH kids AS (
        SELECT DISTINCT m."studentId" FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
         WHERE c."schoolId" = ${schoolId} AND c."yearId" = ${this.cast.yearId}
           AND (c.id = ANY(${a.classIds}::int[]) OR c.grade = ANY(${a.grades}::int[]))
           AND m."fromDate" <= ${day}::date AND (m."toDate" IS NULL OR m."toDate" >= ${day}::date)
      )
      INSERT INTO "Notification" ("schoolId", "userId", kind, title, body, link, "dedupeKey", "createdAt", "readAt", "inApp")
      SELECT ${schoolId}, u.id, 'ANNOUNCEMENT', ${clip(`Объявление: ${a.title}`, 300)}, ${richTextParagraphs(a.body)}, ${`/announcements/${a.id}`},
             ${`announcement:${a.id}`}, ${p.at}::timestamp, r."readAt", true
        FROM "User" u LEFT JOIN "AnnouncementRead" r ON r."announcementId" = ${a.id} AND r."userId" = u.id
       WHERE u."schoolId" = ${schoolId} AND NOT u.blocked AND u.id <> ${author.id}
         AND CASE ${a.audience}::text
           WHEN 'SCHOOL' THEN true
           WHEN 'STAFF' THEN EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role NOT IN ('PARENT', 'STUDENT'))
           ELSE (${a.toParents} AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role = 'PARENT')
                   AND u."personId" IN (SELECT l."parentId" FROM "ParentLink" l WHERE l."studentId" IN (SELECT "studentId" FROM kids)))
             OR (${a.toStudents} AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role = 'STUDENT')
                   AND u."personId" IN (SELECT st."personId" FROM "Student" st WHERE st.id IN (SELECT "studentId" FROM kids)))
         END
      ON CONFLICT DO NOTHING`;
    this.counts.announcements++;
    return a.id;
  }

  /**
   * A conversation of two members as sendMessage and replyTo store it: a receipt per message for
   * the other member, the files, a notification per message («Сообщение от …», then «Ответ от …»).
   * `group`: one copy of a message to several people — the author's copy starts in the archive and
   * a reply brings it back; its notification leads to «Сообщения» and shares the send's key.
   */
  async thread(subject: string, a: U, b: U, messages: Msg[], opts: { group?: boolean; groupKey?: number | null } = {}): Promise<{ id: number; first: number }> {
    const { tx, schoolId } = this;
    const first = messages[0]!;
    const last = messages[messages.length - 1]!;
    const conversation = await tx.conversation.create({
      data: {
        schoolId,
        subject,
        createdById: a.id,
        createdAt: first.at,
        lastMessageAt: last.at,
        members: {
          create: [
            { userId: a.id, schoolId, joinedAt: first.at, archivedAt: opts.group && messages.length === 1 ? first.at : null },
            { userId: b.id, schoolId, joinedAt: first.at },
          ],
        },
      },
    });
    let firstId = 0;
    for (const [i, m] of messages.entries()) {
      const other = m.author.id === a.id ? b : a;
      const row = await tx.message.create({
        data: {
          schoolId,
          conversationId: conversation.id,
          authorId: m.author.id,
          body: m.body,
          createdAt: m.at,
          receipts: { create: [{ userId: other.id, schoolId, readAt: m.readAt }] },
          files: { create: (m.files ?? []).map((f) => ({ fileId: f.id })) },
        },
        select: { id: true },
      });
      if (i === 0) firstId = row.id;
      const who = shortName(name(m.author));
      await tx.notification.create({
        data: {
          schoolId,
          userId: other.id,
          kind: "MESSAGE",
          title: clip(`${i === 0 ? "Сообщение" : "Ответ"} от ${who}: ${subject}`, 300),
          body: m.body || (m.files ?? []).map((f) => f.name).join(", "),
          link: i === 0 && opts.group ? "/messages" : `/messages/${conversation.id}`,
          dedupeKey: `message:${i === 0 && opts.groupKey ? opts.groupKey : row.id}`,
          createdAt: m.at,
          readAt: m.readAt,
        },
      });
      this.counts.messages++;
      this.counts.notifications++;
    }
    this.counts.conversations++;
    return { id: conversation.id, first: firstId };
  }

  /**
   * The family's notifications from the journal, worded and keyed as its producers make them
   * (journal.notify.ts): the child's marks of the last school days before today, one notification
   * per subject for the parents and the pupil (for the parent kept for the daily digest, which went
   * out at 18:00), and the latest «Н» of the parent's children in the last 30 days, if the journal
   * has one.
   */
  async journalNotifications(parent: U, studentId: number): Promise<void> {
    const { tx, schoolId } = this;
    const T = this.cast.today;
    // Plain SQL: Prisma would load relations with parallel queries on the transaction's one connection.
    const marks = await tx.$queryRaw<
      { id: number; value: number; subject: string; work: string; date: Date; child: string; pupil: number | null; periodId: number | null }[]
    >`
      SELECT m.id, m.value, s.name AS subject, t.name AS work, l.date,
             p."lastName" || ' ' || p."firstName" || ' (' || c.grade || c.letter || ')' AS child,
             (SELECT u.id FROM "User" u WHERE u."personId" = st."personId") AS pupil,
             (SELECT sp.id FROM "PeriodSet" ps JOIN "StudyPeriod" sp ON sp."periodSetId" = ps.id
               WHERE ps."yearId" = c."yearId" AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo" AND l.date BETWEEN sp."startDate" AND sp."endDate" LIMIT 1) AS "periodId"
        FROM "Mark" m JOIN "Lesson" l ON l.id = m."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
        JOIN "SchoolClass" c ON c.id = l."classId"
        JOIN "LessonWork" w ON w.id = m."workId" JOIN "AssignmentType" t ON t.id = w."assignmentTypeId"
        JOIN "Student" st ON st.id = m."studentId" JOIN "Person" p ON p.id = st."personId"
       WHERE m."studentId" = ${studentId} AND l.date >= ${addDays(T, -7)}::date AND l.date < ${T}::date
       ORDER BY l.date DESC, l.number DESC NULLS LAST, m.id DESC
       LIMIT 4`;
    // Oldest first, one notification per subject.
    const groups = new Map<string, typeof marks>();
    for (const m of [...marks].reverse()) groups.set(m.subject, [...(groups.get(m.subject) ?? []), m]);
    for (const [i, g] of [...groups.values()].entries()) {
      const last = g[g.length - 1]!;
      const values = g.map((m) => m.value).join(", ");
      const entries = g.map((m) => `${m.value} — ${lowerFirst(m.work)}, ${dayMonthText(m.date)}`);
      const base = {
        schoolId,
        kind: "MARK" as const,
        title: `${g.length > 1 ? "Новые отметки" : "Новая отметка"}: ${values} — ${last.subject}`,
        body: `${last.child}: ${entries.join("; ")}.`,
        link: `/diary/${studentId}/marks${last.periodId ? `?period=${last.periodId}` : ""}`,
        dedupeKey: `mark:${g.map((m) => `${m.id}:${m.value}`).join(",")}`,
        createdAt: at(last.date, 14, 20 + i * 9),
      };
      // The newest two not opened yet by the parent.
      const readAt = i < groups.size - 2 ? at(last.date, 20, 15) : null;
      await tx.notification.create({ data: { ...base, userId: parent.id, readAt, digest: "DAILY", digestedAt: at(last.date, 18, 0) } });
      this.counts.notifications++;
      if (last.pupil !== null) {
        await tx.notification.create({ data: { ...base, userId: last.pupil, readAt: at(last.date, 16, 5) } });
        this.counts.notifications++;
      }
    }
    const days = await tx.$queryRaw<{ studentId: number; date: Date; child: string; lessons: { number: number | null; subject: string }[] }[]>`
      SELECT a."studentId", l.date, p."lastName" || ' ' || p."firstName" || ' (' || c.grade || c.letter || ')' AS child,
             json_agg(json_build_object('number', l.number, 'subject', s.name) ORDER BY l.number NULLS LAST, l.id) AS lessons
        FROM "Attendance" a JOIN "Lesson" l ON l.id = a."lessonId" JOIN "Subject" s ON s.id = l."subjectId"
        JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Student" st ON st.id = a."studentId" JOIN "Person" p ON p.id = st."personId"
       WHERE a."schoolId" = ${schoolId} AND a.code = 'ABSENT'
         AND a."studentId" IN (SELECT "studentId" FROM "ParentLink" WHERE "parentId" = ${parent.personId})
         AND l.date >= ${addDays(T, -30)}::date AND l.date < ${T}::date
       GROUP BY a."studentId", l.date, p."lastName", p."firstName", c.grade, c.letter
       ORDER BY l.date DESC
       LIMIT 1`;
    for (const d of days) {
      const what = d.lessons.map((l) => (l.number ? `${l.number}-й урок, ${l.subject}` : `урок «${l.subject}»`)).join("; ");
      await tx.notification.create({
        data: {
          schoolId,
          userId: parent.id,
          kind: "ABSENCE",
          title: `Отсутствие на ${d.lessons.length > 1 ? "уроках" : "уроке"} без указания причины: ${what}, ${dayMonthText(d.date)}`,
          body: `${d.child}. Если причина отсутствия известна (болезнь, заявление), сообщите её классному руководителю.`,
          link: `/diary/${d.studentId}/week?date=${isoDate(d.date)}`,
          dedupeKey: `absence:${d.studentId}:${isoDate(d.date)}`,
          createdAt: at(d.date, 13, 30),
          readAt: at(d.date, 19, 45),
        },
      });
      this.counts.notifications++;
    }
  }

  /**
   * A confirmed address (confirmed a few minutes after `since`) and its delivery log: the
   * confirmation letter, then a letter for each notification made since then on an e-mail channel
   * of the defaults for a confirmed address (kinds.ts: everything but messages, marks as the daily
   * digest). `outcome` FAILED: every letter after the confirmation failed for good after its retries.
   */
  async mailbox(user: U, address: string, since: Date, outcome: "SENT" | "FAILED"): Promise<void> {
    const { tx, schoolId } = this;
    const confirmedAt = new Date(since.getTime() + 6 * 60_000);
    await tx.emailAddress.create({ data: { userId: user.id, schoolId, address, tokenSentAt: since, confirmedAt } });
    const publicUrl = config().publicUrl;
    const school = this.cast.school;
    const footer = (kind: NotificationKind | null) =>
      [
        "",
        "—",
        `${school.name}, электронный журнал.`,
        ...(kind ? [`Вы получили это письмо, потому что включили на e-mail уведомления «${KIND_NAMES[kind]}».`] : []),
        `Настроить уведомления: ${publicUrl}/account#notifications`,
      ].join("\n");
    const rows: Prisma.EmailDeliveryCreateManyInput[] = [];
    const letter = (kind: string, subject: string, text: string, key: string, createdAt: Date, failed: boolean) =>
      rows.push({
        schoolId,
        userId: user.id,
        toAddress: address,
        kind,
        subject: clip(subject, 300),
        text,
        status: failed ? "FAILED" : "SENT",
        attempts: failed ? config().jobRetryLimit + 1 : 1,
        error: failed ? `EENVELOPE: 452 4.2.2 <${address}>: Recipient address rejected: Mailbox full` : null,
        dedupeKey: key,
        createdAt,
        sentAt: failed ? null : new Date(createdAt.getTime() + 4_000),
      });
    const greeting = [user.person.firstName, user.person.middleName].filter(Boolean).join(" ");
    const confirmUrl = `${publicUrl}/email/confirm/${crypto.randomBytes(32).toString("base64url")}`;
    letter(
      "CONFIRM",
      `Подтверждение адреса для уведомлений — ${school.name}`,
      [
        `Здравствуйте, ${greeting}!`,
        "",
        `Этот адрес указан для уведомлений электронного журнала школы «${school.name}».`,
        "Чтобы получать уведомления на него, откройте ссылку (она действует 48 часов):",
        confirmUrl,
      ].join("\n") + footer(null),
      `confirm:${user.id}:seed`,
      since,
      false,
    );
    const items = await tx.notification.findMany({
      where: { userId: user.id, createdAt: { gt: confirmedAt }, kind: { notIn: ["MESSAGE"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const schoolName = school.shortName || school.name;
    const failed = outcome === "FAILED";
    for (const n of items.filter((i) => !i.digest)) {
      const text = [n.title, "", n.body, ...(n.link ? ["", `Открыть в журнале: ${publicUrl}${n.link}`] : [])].join("\n") + footer(n.kind);
      letter(n.kind, `${n.title} — ${schoolName}`, text, `n:${schoolId}:${n.dedupeKey}:${user.id}`, new Date(n.createdAt.getTime() + 1_000), failed);
    }
    // The daily digests: one letter per evening with that day's items.
    const byEvening = new Map<number, typeof items>();
    for (const n of items.filter((i) => i.digest && i.digestedAt))
      byEvening.set(n.digestedAt!.getTime(), [...(byEvening.get(n.digestedAt!.getTime()) ?? []), n]);
    for (const [evening, list] of byEvening) {
      const lines = ["Что нового за день:", "", ...list.flatMap((n) => [`• ${n.title}`, `  ${n.body}`, ...(n.link ? [`  ${publicUrl}${n.link}`] : [])])];
      letter(
        "digest-daily",
        `Сводка за день — ${school.name}`,
        lines.join("\n") + footer("MARK"),
        `digest:DAILY:${user.id}:${list[list.length - 1]!.id}`,
        new Date(evening),
        failed,
      );
    }
    await tx.emailDelivery.createMany({ data: rows });
    this.counts.deliveries += rows.length;
  }
}

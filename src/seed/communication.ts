/**
 * The demo school's communication (issue 15): announcements on the board, conversations, the
 * notifications they made and the e-mail delivery log, around the seed's "today" (the
 * application's clock). Called by seedDemo for the demo school after the journal.
 *
 * Who sees what (the demo logins, README «Объявления», «Сообщения», «Уведомления и почта»):
 * - demo.parent (children in the class of demo.student and in a 1st grade): the pinned holidays
 *   announcement and the 1st grades' one read, the concert and the class's excursion (with a PDF
 *   memo) unread; a conversation with the class teacher about homework (the reply carries a PDF,
 *   every message read, with receipts), the class teacher's group message about the parents'
 *   meeting unread; notifications of marks, announcements and messages (and of an absence when the
 *   journal has an «Н» of the children in the last 30 days); a confirmed e-mail address with its
 *   letters SENT in the delivery log.
 * - demo.teacher: a conversation with demo.deputy about control works (a CSV attached) whose last
 *   message is unread; staff announcements, some unread.
 * - demo.classteacher: the group message to the class's parents (one conversation per parent, as
 *   the product sends it), two parents' replies (one unread), the conversation with demo.parent.
 * - demo.admin: every announcement, the archive (one past its «показывать до»), the delivery log
 *   with a letter FAILED after its retries (another parent's mailbox is full).
 *
 * Written in one transaction (communication-write.ts), with the rows the product's own writers make (announcements.write.ts,
 * messages.send.ts, notifications.service.ts notify: the author's read mark, receipts, members,
 * a notification per addressed user, letters by the users' channels) but with the times of the
 * story rather than "now"; the attachments go through the real file store (files.service.ts
 * acceptFiles), so they download as uploaded ones do. Nothing is queued: the log holds only SENT
 * and FAILED letters, so a server with SMTP configured sends nothing from the seed.
 *
 * Idempotent: a school that has any announcement or conversation is left as it is.
 */
import { clock } from "../lib/clock.ts";
import { prisma } from "../lib/db.ts";
import { addDays, today as dayOf } from "../lib/dates.ts";
import { className } from "../lib/names.ts";
import {
  ANNOUNCEMENTS,
  MESSAGES,
  controlScheduleCsv,
  excursionMemoPdf,
  holidaysAnnouncement,
  homeworkCardPdf,
  initialsFirst,
  polite,
  workdayAfter,
} from "./communication-content.ts";
import { NONE, USER, Writer, at, name, type CommunicationSeedCounts } from "./communication-write.ts";

export type { CommunicationSeedCounts };

/** The people, classes and days the story is made of; null when the school lacks a named account. */
async function loadCast(schoolId: number, prefix: string) {
  const keys = ["admin", "deputy", "teacher", "medic", "parent", "student"] as const;
  const named = await prisma.user.findMany({ where: { schoolId, login: { in: keys.map((k) => `${prefix}.${k}`) } }, select: USER });
  const by = (k: (typeof keys)[number]) => named.find((u) => u.login === `${prefix}.${k}`) ?? null;
  const [admin, deputy, teacher, parent] = [by("admin"), by("deputy"), by("teacher"), by("parent")];
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" }, select: { id: true } });
  if (!admin || !deputy || !teacher || !parent || !year) return null;
  const today = dayOf();
  const current = { fromDate: { lte: today }, OR: [{ toDate: null }, { toDate: { gte: today } }] };

  // The child whose class the story is about: demo.student, else the parent's oldest child.
  const children = await prisma.student.findMany({
    where: { schoolId, parentLinks: { some: { parentId: parent.personId } } },
    select: {
      id: true,
      personId: true,
      person: { select: { firstName: true, lastName: true } },
      memberships: {
        where: { ...current, class: { yearId: year.id } },
        select: { class: { select: { id: true, grade: true, letter: true, classTeacherId: true, homeRoomId: true } } },
      },
    },
    orderBy: { id: "asc" },
  });
  const student = by("student");
  const placed = children.filter((c) => c.memberships[0]);
  const child = placed.find((c) => c.personId === student?.personId) ?? placed.sort((a, b) => b.memberships[0]!.class.grade - a.memberships[0]!.class.grade)[0];
  const cls = child?.memberships[0]?.class;
  if (!child || !cls?.classTeacherId) return null;
  const userOf = (personId: number) => prisma.user.findFirst({ where: { schoolId, personId }, select: USER });
  const classTeacher = await userOf(cls.classTeacherId);
  if (!classTeacher) return null;

  const deputyVr = await prisma.user.findFirst({
    where: { schoolId, person: { staff: { positions: { some: { title: "Заместитель директора по ВР" } } } } },
    select: USER,
  });
  const other = await prisma.schoolClass.findFirst({
    where: { schoolId, yearId: year.id, grade: cls.grade, id: { not: cls.id }, classTeacherId: { not: null } },
    select: { id: true, grade: true, letter: true, classTeacherId: true },
    orderBy: { letter: "asc" },
  });
  const otherTeacher = other?.classTeacherId ? await userOf(other.classTeacherId) : null;
  const loads = await prisma.teachingLoad.findMany({
    where: { schoolId, yearId: year.id, teacherId: teacher.personId },
    select: { class: { select: { id: true, grade: true, letter: true } }, subject: { select: { name: true } } },
    orderBy: [{ class: { grade: "asc" } }, { class: { letter: "asc" } }],
  });
  const ctLoad = await prisma.teachingLoad.findFirst({
    where: { schoolId, yearId: year.id, teacherId: cls.classTeacherId, classId: cls.id },
    select: { subject: { select: { name: true } } },
    orderBy: { id: "asc" },
  });
  const room = cls.homeRoomId ? await prisma.room.findUnique({ where: { id: cls.homeRoomId }, select: { name: true } }) : null;
  // The class's parents with an account, as the group «Родители класса» reaches them (messages.contacts.ts).
  const classParents = await prisma.user.findMany({
    where: {
      schoolId,
      blocked: false,
      roles: { some: { role: "PARENT" } },
      person: { childrenLinks: { some: { student: { memberships: { some: { ...current, classId: cls.id } } } } } },
    },
    select: USER,
    orderBy: { id: "asc" },
  });
  const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId }, select: { name: true, shortName: true } });
  return {
    schoolId,
    school,
    yearId: year.id,
    today,
    admin,
    deputy,
    deputyVr: deputyVr ?? deputy,
    teacher,
    medic: by("medic"),
    parent,
    student,
    classTeacher,
    child: { studentId: child.id, firstName: child.person.firstName },
    cls: { id: cls.id, grade: cls.grade, name: className(cls), room: room?.name ?? null, subject: ctLoad?.subject.name ?? "Русский язык" },
    other: other && otherTeacher ? { id: other.id, name: className(other), teacher: otherTeacher } : null,
    taught: loads.map((l) => ({ id: l.class.id, name: className(l.class), subject: l.subject.name })),
    classParents,
  };
}

type Cast = NonNullable<Awaited<ReturnType<typeof loadCast>>>;

/**
 * Seeds the communication of the seeded school whose named accounts start with `prefix` (see the
 * file's comment). Returns what was written; all zero when the school already has some.
 */
export async function seedCommunication(schoolId: number, prefix = "demo"): Promise<CommunicationSeedCounts> {
  const [announcements, conversations] = await Promise.all([
    prisma.announcement.count({ where: { schoolId } }),
    prisma.conversation.count({ where: { schoolId } }),
  ]);
  if (announcements || conversations) return NONE;
  const cast = await loadCast(schoolId, prefix);
  if (!cast) return NONE;
  const { today } = cast;
  const days = { excursion: workdayAfter(today, 9), meeting: workdayAfter(today, 6), concert: workdayAfter(today, 10), council: workdayAfter(today, 5) };
  const files = {
    memo: await excursionMemoPdf({ schoolName: cast.school.name, className: cast.cls.name, day: days.excursion, today }),
    card: await homeworkCardPdf({ schoolName: cast.school.name, className: cast.cls.name, subject: cast.cls.subject, today }),
    schedule: controlScheduleCsv(cast.taught.map((t, i) => ({ className: t.name, subject: t.subject, day: workdayAfter(today, 4 + 2 * i) }))),
  };
  return prisma.$transaction((tx) => writeStory(new Writer(tx, cast), cast, days, files), { timeout: 120_000 });
}

async function writeStory(
  w: Writer,
  c: Cast,
  days: Record<"excursion" | "meeting" | "concert" | "council", Date>,
  files: Record<"memo" | "card" | "schedule", Buffer>,
): Promise<CommunicationSeedCounts> {
  const T = c.today;
  const ago = (n: number, hh: number, mm: number) => at(addDays(T, -n), hh, mm);
  const { parent, teacher, deputy, admin, classTeacher: ct } = c;

  // ── The board: pinned, whole school, staff, families of grades and classes, one in the archive.
  await w.announce(admin, holidaysAnnouncement(T, initialsFirst(name(admin))), { audience: "SCHOOL", pinned: true, at: ago(6, 10, 15) }, [
    [parent, ago(5, 20, 10)],
    [teacher, ago(6, 12, 0)],
    [ct, ago(6, 11, 5)],
    [deputy, ago(6, 10, 40)],
    ...(c.student ? ([[c.student, ago(5, 16, 0)]] as const) : []),
  ]);
  await w.announce(deputy, ANNOUNCEMENTS.firstGrade(), { audience: "FAMILIES", toParents: true, grades: [1], at: ago(9, 11, 0) }, [[parent, ago(8, 19, 30)]]);
  await w.announce(c.deputyVr, ANNOUNCEMENTS.concert(days.concert), { audience: "SCHOOL", at: ago(2, 13, 40) }, [
    [ct, ago(2, 15, 20)],
    [admin, ago(2, 14, 0)],
  ]);
  await w.announce(deputy, ANNOUNCEMENTS.council(days.council), { audience: "STAFF", at: ago(3, 15, 20) }, [
    [ct, ago(3, 16, 0)],
    [admin, ago(3, 15, 45)],
  ]);
  await w.announce(
    ct,
    ANNOUNCEMENTS.excursion(c.cls.name, days.excursion),
    {
      audience: "FAMILIES",
      toParents: true,
      toStudents: true,
      classIds: [c.cls.id],
      at: ago(1, 18, 5),
      file: { name: `Памятка экскурсия ${c.cls.name}.pdf`, data: files.memo },
    },
    [],
  );
  await w.announce(deputy, ANNOUNCEMENTS.exams(), { audience: "FAMILIES", toParents: true, toStudents: true, grades: [9, 11], at: ago(4, 9, 30) }, []);
  if (c.other)
    await w.announce(
      c.other.teacher,
      ANNOUNCEMENTS.classPhoto(c.other.name, workdayAfter(T, 3)),
      { audience: "FAMILIES", toParents: true, classIds: [c.other.id], at: ago(3, 17, 30) },
      [],
    );
  await w.announce(admin, ANNOUNCEMENTS.safetyWeek(), { audience: "SCHOOL", at: ago(24, 9, 0), showUntil: addDays(T, -17) }, [[parent, ago(23, 21, 0)]]);
  if (c.medic)
    await w.announce(c.medic, ANNOUNCEMENTS.vaccination(workdayAfter(T, 2)), { audience: "STAFF", at: ago(12, 11, 20), showUntil: workdayAfter(T, 2) }, [
      [teacher, ago(11, 8, 10)],
    ]);
  const taught = c.taught[0];
  if (taught)
    await w.announce(
      teacher,
      ANNOUNCEMENTS.consultation(taught.subject, taught.name, workdayAfter(T, 4)),
      { audience: "FAMILIES", toStudents: true, classIds: [taught.id], at: ago(2, 16, 45) },
      [],
    );

  // ── Messages: the parent and the class teacher (a reply with a PDF, every message read).
  const card = await w.file(ct, `Карточка ${c.cls.subject} ${c.cls.name}.pdf`, files.card);
  await w.thread(MESSAGES.homeworkSubject(c.cls.subject), parent, ct, [
    { author: parent, body: MESSAGES.homeworkQuestion(polite(name(ct)), c.child.firstName, c.cls.subject), at: ago(2, 19, 42), readAt: ago(1, 7, 55) },
    { author: ct, body: MESSAGES.homeworkAnswer(polite(name(parent))), at: ago(1, 8, 3), readAt: ago(1, 12, 31), files: [card] },
    { author: parent, body: MESSAGES.homeworkThanks, at: ago(1, 12, 35), readAt: ago(1, 13, 10) },
  ]);
  // The class teacher's message to the class's parents: a conversation per parent (152-ФЗ), the
  // author's copies in the archive; two parents answered (one answer not read yet); demo.parent has not read it.
  const sentAt = ago(1, 17, 20);
  let groupKey: number | null = null;
  const answering = c.classParents.filter((p) => p.id !== parent.id).slice(0, 2);
  for (const [i, p] of c.classParents.entries()) {
    const replies =
      p === answering[0]
        ? [{ author: p, body: MESSAGES.meetingCannotCome, at: ago(1, 21, 5), readAt: null }]
        : p === answering[1]
          ? [{ author: p, body: MESSAGES.meetingWillCome, at: ago(1, 20, 12), readAt: ago(1, 20, 40) }]
          : [];
    // Read within the evening by most parents (those who answered, ten minutes before their answer); not by demo.parent.
    const readAt = replies[0] ? new Date(replies[0].at.getTime() - 10 * 60_000) : p.id !== parent.id && i % 5 < 3 ? ago(1, 18 + (i % 3), (i * 7) % 60) : null;
    const ids = await w.thread(
      MESSAGES.meetingSubject(days.meeting),
      ct,
      p,
      [{ author: ct, body: MESSAGES.meetingInvite(c.cls.name, days.meeting, c.cls.room), at: sentAt, readAt }, ...replies],
      { group: true, groupKey },
    );
    groupKey ??= ids.first;
  }
  // The deputy and demo.teacher: a CSV attached, the last message unread (sent this morning).
  const schedule = await w.file(deputy, "График контрольных работ.csv", files.schedule);
  const moved = c.taught[c.taught.length - 1]?.name ?? c.cls.name;
  await w.thread(MESSAGES.controlSubject, deputy, teacher, [
    { author: deputy, body: MESSAGES.controlAsk(polite(name(teacher))), at: ago(3, 14, 10), readAt: ago(3, 15, 2), files: [schedule] },
    { author: teacher, body: MESSAGES.controlAnswer(polite(name(deputy)), moved), at: ago(3, 15, 20), readAt: ago(3, 16, 0) },
    { author: deputy, body: MESSAGES.controlAgree(moved), at: new Date(clock.nowMs() - 50 * 60_000), readAt: null },
  ]);

  // ── The parent's journal notifications (marks as the daily digest, an absence), e-mail and the delivery log.
  await w.journalNotifications(parent, c.child.studentId);
  await w.mailbox(parent, parent.person.email ?? `${parent.login.replace(/\./g, "_")}@example.org`, ago(30, 19, 2), "SENT");
  const bouncing = c.classParents.find((p) => p.id !== parent.id && p.person.email && !answering.includes(p));
  if (bouncing?.person.email) await w.mailbox(bouncing, bouncing.person.email, ago(2, 20, 5), "FAILED");
  return w.counts;
}

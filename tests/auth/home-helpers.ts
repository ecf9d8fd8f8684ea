/** Helpers of the home page tests: the text of a block (a section labelled by its heading's id), its list items, lessons and marks written directly. */
import { prisma } from "../../src/lib/db.ts";
import { addDays, today } from "../../src/lib/dates.ts";
import type { AttendanceCode } from "../../src/generated/prisma/enums.ts";
import type { JournalSchool } from "../journal/helpers.ts";
import type { TestUser } from "../support/fixtures.ts";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&#34;": '"', "&quot;": '"', "&#39;": "'" };

/** Visible text: tags dropped, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&(amp|lt|gt|quot|#34|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, " ")
    .replace(/ ([,.:;)])/g, "$1")
    .replace(/\( /g, "(")
    .trim();
}

/** The HTML of the block whose heading has this id ("" when the page has no such block). */
export function blockHtml(html: string, id: string): string {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  if (start < 0) return "";
  return html.slice(html.indexOf(">", start) + 1, html.indexOf("</section>", start));
}

/** The text of a block. */
export function block(html: string, id: string): string {
  return textOf(blockHtml(html, id));
}

/** The texts of a block's list items, in order (of its list with this class when given). */
export function items(html: string, id: string, listClass?: string): string[] {
  let part = blockHtml(html, id);
  if (listClass) {
    const at = part.search(new RegExp(`<[ou]l class="[^"]*\\b${listClass}\\b`));
    part = at < 0 ? "" : part.slice(at, part.slice(at).search(/<\/[ou]l>/) + at);
  }
  return [...part.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]!));
}

/** The links of a block. */
export function links(html: string, id: string): string[] {
  return [...blockHtml(html, id).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

/** The ids of the blocks on a page (the headings the sections are labelled by). */
export function blocks(html: string): string[] {
  return [...html.matchAll(/<section[^>]*aria-labelledby="([^"]+)"/g)].map((m) => m[1]!);
}

type Subject = "math" | "russian" | "english";

/** A lesson `daysAgo` days before today with what is filled in. */
export async function lesson(
  s: JournalSchool,
  o: {
    cls?: "5А" | "5Б";
    subject?: Subject;
    daysAgo?: number;
    number?: number | null;
    teacher?: TestUser;
    substitute?: TestUser;
    topic?: string;
    homework?: string;
    homeworkDue?: Date;
    taken?: boolean;
  } = {},
) {
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: s.classes[o.cls ?? "5А"]!.id,
      subjectId: s.subjects[o.subject ?? "math"].id,
      teacherId: (o.teacher ?? (o.subject === "russian" ? s.users.teacherRussian : o.subject === "english" ? s.users.teacherEnglish : s.users.teacherMath))
        .personId,
      substituteId: o.substitute?.personId ?? null,
      date: addDays(today(), -(o.daysAgo ?? 0)),
      number: o.number === undefined ? 1 : o.number,
      topic: o.topic ?? null,
      homework: o.homework ?? null,
      homeworkDue: o.homeworkDue ?? null,
      attendanceCheckedAt: o.taken ? new Date() : null,
    },
  });
}

/** A mark of a kind of work in a lesson, entered at `createdAt`. */
export async function mark(
  s: JournalSchool,
  lessonId: number,
  studentId: number,
  value: number,
  type: keyof JournalSchool["types"] = "Ответ на уроке",
  createdAt?: Date,
) {
  const assignmentTypeId = s.types[type];
  const work = await prisma.lessonWork.upsert({
    where: { lessonId_assignmentTypeId: { lessonId, assignmentTypeId } },
    create: { schoolId: s.schoolId, lessonId, assignmentTypeId },
    update: {},
  });
  return prisma.mark.create({
    data: { schoolId: s.schoolId, lessonId, workId: work.id, studentId, value, ...(createdAt ? { createdAt, updatedAt: createdAt } : {}) },
  });
}

/** An attendance entry. */
export async function attendance(s: JournalSchool, lessonId: number, studentId: number, code: AttendanceCode) {
  return prisma.attendance.create({ data: { schoolId: s.schoolId, lessonId, studentId, code } });
}

/** «09.12» of a date. */
export function dm(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
}

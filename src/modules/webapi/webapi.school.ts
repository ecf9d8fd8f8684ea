/**
 * The school, the year and the board in the «Сетевой город» formats (issue 21): what the clients
 * read around the diary — the list of schools before sign-in, the school's card, the current year,
 * the context and the report filters they build their state from, the announcements (through the
 * board's own audience rule, R-COM-1) and their files (through the announcement's file rule).
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import { periodName } from "../../lib/periods-ru.ts";
import { richTextHtml } from "../../lib/rich-text.ts";
import { today, within, zoneOffset } from "../../lib/dates.ts";
import type { StoredFile } from "../../generated/prisma/client.ts";
import { announcementFileById, boardPage, visibleAnnouncementFiles } from "../announcements/announcements.service.ts";
import { diaryStudents } from "../diary/diary.service.ts";
import type { Announcements, Context, MySettings, School, SchoolCard, StudentGrades, Year } from "./webapi.formats.ts";
import { apiDay, classesOn } from "./webapi.diary.ts";

/** The «Сетевой город» version the clients are told (they switch protocol paths on it); ours is beside it. */
export const COMPAT_VERSION = "5.43.0.0";

/** GET sysInfo: plain text; the npm client reads «Версия системы: …» and compares it with 5.29. */
export function sysInfoText(): string {
  return `Электронный журнал\nId: school-journal\nВерсия системы: ${COMPAT_VERSION}\nСовместимое подмножество веб-API «Сетевой город. Образование» для приложений семей.\n`;
}

/** GET schools/search[?name=]: the schools of this installation (public, as on any sign-in page). */
export async function searchSchools(name: string): Promise<School[]> {
  const where = name
    ? { OR: [{ name: { contains: name, mode: "insensitive" as const } }, { shortName: { contains: name, mode: "insensitive" as const } }] }
    : {};
  const rows = await prisma.school.findMany({ where, select: { id: true, name: true, shortName: true, address: true }, orderBy: { id: "asc" }, take: 500 });
  return rows.map((s) => ({ id: s.id, name: s.name, shortName: s.shortName || s.name, addressString: s.address ?? "" }));
}

/** GET schools/{id}/card: the own school's card, every string non-null; another school's is a 404. */
export async function schoolCard(actor: Actor, id: number): Promise<SchoolCard> {
  if (id !== actor.schoolId) throw new NotFound();
  const s = await prisma.school.findUnique({ where: { id }, select: { name: true, shortName: true, address: true } });
  if (!s) throw new NotFound();
  const address = s.address ?? "";
  return {
    commonInfo: { schoolName: s.shortName || s.name, fullSchoolName: s.name, about: "", foundingDate: "", status: "" },
    contactInfo: { juridicalAddress: address, postAddress: address, email: "", web: "", phones: "", fax: "" },
    managementInfo: { director: "", principalUVR: "", principalAHC: "", principalIT: "" },
  };
}

/** GET years/current: the school's current year; 404 when the school has none. */
export async function currentYear(actor: Actor): Promise<Year> {
  const y = actor.currentYearId ? await prisma.academicYear.findFirst({ where: { id: actor.currentYearId, schoolId: actor.schoolId } }) : null;
  if (!y) throw new NotFound();
  return { id: y.id, name: y.name, startDate: apiDay(y.startDate), endDate: apiDay(y.endDate), globalYear: { id: y.id } };
}

/** GET context: the year, the user and the formats, as the npm client builds its state from. */
export async function context(actor: Actor): Promise<Context> {
  const year = await currentYear(actor);
  return {
    schoolyear: year,
    user: { id: actor.userId, name: actor.fullName },
    dateFormat: "dd.mm.yyyy",
    timeFormat: "hh:mm",
    schoolId: actor.schoolId,
    roles: [...actor.roles].filter((r) => r === "PARENT" || r === "STUDENT").map((r) => (r === "PARENT" ? "Parent" : "Student")),
    versionId: COMPAT_VERSION,
  };
}

/** The periods of the current year for a grade (its period set), in order. */
async function periodsOf(actor: Actor, grade: number | null) {
  const rows = await prisma.studyPeriod.findMany({
    where: {
      schoolId: actor.schoolId,
      yearId: actor.currentYearId ?? -1,
      ...(grade !== null ? { periodSet: { gradeFrom: { lte: grade }, gradeTo: { gte: grade } } } : {}),
    },
    select: { id: true, number: true, startDate: true, endDate: true, periodSet: { select: { kind: true } } },
    orderBy: [{ periodSetId: "asc" }, { number: "asc" }],
  });
  return rows;
}

/**
 * GET reports/studentGrades: the report's filters (students, classes, subjects, terms) that the npm
 * client reads its students and terms from. Only the actor's own students (R-ACL-1).
 */
export async function studentGradesFilters(actor: Actor): Promise<StudentGrades> {
  const now = today();
  const students = await diaryStudents(actor);
  const classes = await classesOn(
    actor.schoolId,
    students.map((s) => s.id),
    now,
  );
  const first = students[0] ? classes.get(students[0].id) : undefined;
  const grade = first ? ((await prisma.schoolClass.findUnique({ where: { id: first.id }, select: { grade: true } }))?.grade ?? null) : null;
  const periods = await periodsOf(actor, grade);
  const subjects = await prisma.subject.findMany({ where: { schoolId: actor.schoolId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  const current = periods.find((p) => within(now, p.startDate, p.endDate)) ?? periods[0];
  const source = (filterId: string, items: { value: string; title: string }[], defaultValue = items[0]?.value ?? "") => ({
    filterId,
    items,
    defaultValue,
    nullText: null,
  });
  const classItems = [...new Map([...classes.values()].map((c) => [c.id, { value: `${c.id}_0`, title: c.name }])).values()];
  return {
    filterSources: [
      source(
        "SID",
        students.map((s) => ({ value: String(s.id), title: s.name })),
      ),
      source("PCLID_IUP", classItems),
      source(
        "SGID",
        subjects.map((s) => ({ value: String(s.id), title: s.name })),
      ),
      source(
        "TERMID",
        periods.map((p) => ({ value: String(p.id), title: periodName({ kind: p.periodSet.kind, number: p.number }) })),
        current ? String(current.id) : "",
      ),
    ],
  };
}

/** POST v2/reports/studentgrades/initfilters: a term's dates; a term of another school or year is a 404. */
export async function termRange(actor: Actor, termId: number): Promise<{ filterId: "period"; range: { start: string; end: string } }[]> {
  const p = await prisma.studyPeriod.findFirst({ where: { id: termId, schoolId: actor.schoolId, yearId: actor.currentYearId ?? -1 } });
  if (!p) throw new NotFound();
  return [{ filterId: "period", range: { start: apiDay(p.startDate), end: apiDay(p.endDate) } }];
}

/** An instant as the school's wall clock, «2026-12-07T10:15:00». */
function localDateTime(at: Date): string {
  return new Date(at.getTime() + zoneOffset(at)).toISOString().slice(0, 19);
}

/** How many board pages one request reads at most (20 announcements each). */
const MAX_PAGES = 10;

/**
 * GET announcements?take=: the board as the reader sees it (R-COM-1: the audience rule of the
 * page), newest first; take=-1 all (up to 200), a positive take that many.
 */
export async function announcements(actor: Actor, take: number): Promise<Announcements> {
  const limit = take > 0 ? Math.min(take, MAX_PAGES * 20) : MAX_PAGES * 20;
  const out: Announcements = [];
  for (let page = 1; page <= MAX_PAGES && out.length < limit; page++) {
    const board = await boardPage(actor, { page, archive: false });
    for (const a of board.items) {
      if (out.length >= limit) break;
      const files = a.files ? ((await visibleAnnouncementFiles(actor, a.id)) ?? []) : [];
      out.push({
        id: a.id,
        name: a.title,
        description: richTextHtml(a.body),
        postDate: localDateTime(a.createdAt),
        deleteDate: null,
        author: { id: a.authorId, fio: a.authorName, nickName: a.authorName },
        em: null,
        recipientInfo: null,
        attachments: files.map((f) => ({ id: f.id, name: f.name, originalFileName: f.name, description: null })),
      });
    }
    if (!board.hasNext) break;
  }
  return out;
}

/** GET attachments/{id}: a file of an announcement the reader may see (the page's rule); otherwise 404. */
export async function attachmentFile(actor: Actor, fileId: number): Promise<StoredFile> {
  const file = await announcementFileById(actor, fileId);
  if (!file) throw new NotFound();
  return file;
}

/** GET mysettings: the signed-in person's own name, birth date and contacts (never another's). */
export async function mySettings(actor: Actor): Promise<MySettings> {
  const p = await prisma.person.findFirst({ where: { id: actor.personId, schoolId: actor.schoolId } });
  if (!p) throw new NotFound();
  return {
    userId: actor.userId,
    loginName: actor.login,
    lastName: p.lastName,
    firstName: p.firstName,
    middleName: p.middleName ?? "",
    birthDate: p.birthDate ? apiDay(p.birthDate) : "",
    email: p.email ?? "",
    mobilePhone: p.phone ?? "",
    existsPhoto: false,
  };
}

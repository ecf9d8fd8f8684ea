/**
 * The address book of «Сообщения» (issue 15, R-COM-2): the people the actor may write to, and only
 * those (messages.policy.ts writeScope). The same SQL predicate (reachable()) lists the address
 * book, searches it and checks every recipient of a posted form, so a user id or class the actor
 * cannot reach is refused whatever the form says. A family never sees another family: the family
 * sections come only from the classes a staff member teaches, leads or (administration) the whole
 * school.
 */
import type { Actor } from "../../access/actor.ts";
import { ROLE_NAMES, STAFF_ROLES } from "../../access/roles.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { Prisma, type Db } from "../../lib/db.ts";
import { ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName, likePattern } from "../../lib/names.ts";
import { FULL_NAME } from "../../lib/person-search.ts";
import { ADMINISTRATION_ROLES, parseGroup, reachesFamilies, writeScope, type GroupChoice, type WriteScope } from "./messages.policy.ts";
import { ADMIN_ROLE_NAMES, GROUP_NAMES, MAX_RECIPIENTS, MSG, SEARCH_LIMIT } from "./messages.text.ts";

/** A person of the address book. */
export interface Contact {
  userId: number;
  name: string;
  /** Who the person is for the reader: «учитель: Математика (5А)», «родитель: Алексеев Артём (5А)». */
  detail: string;
}

export interface ClassRef {
  id: number;
  name: string;
}

export interface AddressBook {
  /** May write at all. */
  canWrite: boolean;
  administration: Contact[];
  /** The teachers and class teachers of the own (children's) classes. */
  teachers: Contact[];
  /** Every other staff member (for staff). */
  staff: Contact[];
  /** Classes whose families the actor reaches (the class groups and the per-class lists). */
  classes: ClassRef[];
}

/** The actor's scope with the classes it means today. */
interface Reach extends WriteScope {
  schoolId: number;
  userId: number;
  yearId: number;
  today: string;
  /** Classes whose students and parents are reached. */
  familyClassIds: number[];
  /** Classes whose teachers are reached (the children's, the own). */
  teacherClassIds: number[];
}

const NO_YEAR = -1;
const STAFF_ROLE_NAMES = STAFF_ROLES.filter((r) => r !== "CLASS_TEACHER");

/** A current member of a class today (ClassMembership m). */
const current = (day: string) => Prisma.sql`m."fromDate" <= ${day}::date AND (m."toDate" IS NULL OR m."toDate" >= ${day}::date)`;

/** Turns the write scope into classes of the current year (one statement). */
async function reachOf(db: Db, actor: Actor): Promise<Reach> {
  const scope = writeScope(actor);
  const yearId = actor.currentYearId ?? NO_YEAR;
  const day = isoDate(today());
  const base = { ...scope, schoolId: actor.schoolId, userId: actor.userId, yearId, today: day };
  if (!reachesFamilies(scope) && !scope.teachersOfStudentIds.length) return { ...base, familyClassIds: [], teacherClassIds: [] };
  const [row] = await db.$queryRaw<{ family: number[] | null; teacher: number[] | null }[]>`
    SELECT
      (SELECT array_agg(c.id) FROM "SchoolClass" c
        WHERE c."schoolId" = ${actor.schoolId} AND c."yearId" = ${yearId}
          AND (${scope.all} OR c.id = ANY(${scope.ledClassIds}::int[])
               OR (${scope.taught} AND EXISTS (SELECT 1 FROM "TeachingLoad" t WHERE t."classId" = c.id AND t."teacherId" = ${actor.personId} AND t."yearId" = ${yearId})))) AS family,
      (SELECT array_agg(DISTINCT m."classId") FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
        WHERE m."studentId" = ANY(${scope.teachersOfStudentIds}::int[]) AND m."schoolId" = ${actor.schoolId} AND c."yearId" = ${yearId} AND ${current(day)}) AS teacher`;
  return { ...base, familyClassIds: row?.family ?? [], teacherClassIds: row?.teacher ?? [] };
}

/** The user `u` (of "User" u) is in the actor's address book. */
function reachable(r: Reach): Prisma.Sql {
  return Prisma.sql`u."schoolId" = ${r.schoolId} AND NOT u.blocked AND u.id <> ${r.userId} AND (
    ${r.all}
    OR (${r.administration} AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role::text = ANY(${ADMINISTRATION_ROLES}::text[])))
    OR (${r.staff} AND EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role::text = ANY(${STAFF_ROLE_NAMES}::text[])))
    OR EXISTS (SELECT 1 FROM "TeachingLoad" t WHERE t."teacherId" = u."personId" AND t."yearId" = ${r.yearId} AND t."classId" = ANY(${r.teacherClassIds}::int[]))
    OR EXISTS (SELECT 1 FROM "SchoolClass" tc WHERE tc."classTeacherId" = u."personId" AND tc.id = ANY(${r.teacherClassIds}::int[]))
    OR EXISTS (SELECT 1 FROM "Student" st JOIN "ClassMembership" m ON m."studentId" = st.id
                WHERE st."personId" = u."personId" AND m."classId" = ANY(${r.familyClassIds}::int[]) AND ${current(r.today)})
    OR EXISTS (SELECT 1 FROM "ParentLink" l JOIN "ClassMembership" m ON m."studentId" = l."studentId"
                WHERE l."parentId" = u."personId" AND m."classId" = ANY(${r.familyClassIds}::int[]) AND ${current(r.today)})
  )`;
}

interface PersonRow {
  userId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  roles: string[] | null;
  studentClass: string | null;
  children: string | null;
  teaches: string | null;
}

/**
 * Name and who-is-who of users (`where` over "User" u): staff roles, «ученик 5А», and, only for a
 * staff reader (`families`), «родитель: Алексеев Артём (5А)».
 */
async function people(db: Db, r: Pick<Reach, "yearId" | "today">, where: Prisma.Sql, limit = 100_000): Promise<PersonRow[]> {
  return db.$queryRaw<PersonRow[]>`
    SELECT u.id AS "userId", p."lastName", p."firstName", p."middleName",
           (SELECT array_agg(ur.role::text ORDER BY ur.role) FROM "UserRole" ur WHERE ur."userId" = u.id) AS roles,
           (SELECT string_agg(c.grade || c.letter, ', ') FROM "Student" st JOIN "ClassMembership" m ON m."studentId" = st.id
              JOIN "SchoolClass" c ON c.id = m."classId"
             WHERE st."personId" = u."personId" AND c."yearId" = ${r.yearId} AND ${current(r.today)}) AS "studentClass",
           (SELECT string_agg(cp."lastName" || ' ' || cp."firstName" || coalesce(' (' || (
                      SELECT c.grade || c.letter FROM "ClassMembership" m JOIN "SchoolClass" c ON c.id = m."classId"
                       WHERE m."studentId" = st.id AND c."yearId" = ${r.yearId} AND ${current(r.today)} LIMIT 1) || ')', ''), ', ' ORDER BY cp."lastName", cp."firstName")
              FROM "ParentLink" l JOIN "Student" st ON st.id = l."studentId" JOIN "Person" cp ON cp.id = st."personId"
             WHERE l."parentId" = u."personId") AS children,
           NULL::text AS teaches
      FROM "User" u JOIN "Person" p ON p.id = u."personId"
     WHERE ${where}
     ORDER BY p."lastName", p."firstName", p."middleName" NULLS FIRST, u.id
     LIMIT ${limit}`;
}

function roleWords(roles: readonly string[]): string[] {
  return roles
    .filter((r) => r !== "PARENT" && r !== "STUDENT" && r in ROLE_NAMES)
    .map((r) => ADMIN_ROLE_NAMES[r] ?? ROLE_NAMES[r as keyof typeof ROLE_NAMES].toLowerCase());
}

/** A contact as the reader sees it: families' details only for a staff reader. */
function contactOf(row: PersonRow, staffReader: boolean): Contact {
  const parts = roleWords(row.roles ?? []);
  if (row.teaches) parts.push(row.teaches);
  if (row.studentClass) parts.push(`ученик ${row.studentClass}`);
  if (staffReader && row.children) parts.push(`родитель: ${row.children}`);
  return { userId: row.userId, name: fullName(row), detail: parts.join("; ") };
}

const isStaffReader = (actor: Actor) => STAFF_ROLES.some((r) => actor.roles.has(r));

/** The address book's sections (the individuals of each class are on its own page: classContacts). */
export async function addressBook(db: Db, actor: Actor): Promise<AddressBook> {
  const r = await reachOf(db, actor);
  const staffReader = isStaffReader(actor);
  const canWrite = r.all || r.staff || r.administration || r.familyClassIds.length > 0 || r.teacherClassIds.length > 0;
  const hasRole = (roles: readonly string[]) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = u.id AND ur.role::text = ANY(${roles}::text[]))`;
  const mine = Prisma.sql`u."schoolId" = ${r.schoolId} AND NOT u.blocked AND u.id <> ${r.userId}`;
  const [administration, staff, teachers, classes] = await Promise.all([
    r.administration ? people(db, r, Prisma.sql`${mine} AND ${hasRole(ADMINISTRATION_ROLES)}`) : [],
    r.staff || r.all ? people(db, r, Prisma.sql`${mine} AND ${hasRole(STAFF_ROLE_NAMES)} AND NOT ${hasRole(ADMINISTRATION_ROLES)}`) : [],
    r.teacherClassIds.length ? teachersOf(db, r) : [],
    r.familyClassIds.length
      ? db.schoolClass.findMany({
          where: { id: { in: r.familyClassIds } },
          select: { id: true, grade: true, letter: true },
          orderBy: [{ grade: "asc" }, { letter: "asc" }],
        })
      : [],
  ]);
  return {
    canWrite,
    administration: administration.map((p) => contactOf(p, staffReader)),
    staff: staff.map((p) => contactOf(p, staffReader)),
    teachers: teachers.map((p) => ({ ...contactOf({ ...p, roles: [] }, false) })),
    classes: classes.map((c) => ({ id: c.id, name: `${c.grade}${c.letter}` })),
  };
}

/** The teachers and class teachers of the reached classes, with what they teach there. */
async function teachersOf(db: Db, r: Reach): Promise<PersonRow[]> {
  const rows = await db.$queryRaw<PersonRow[]>`
    WITH cls AS (SELECT c.id, c.grade || c.letter AS name, c."classTeacherId" FROM "SchoolClass" c WHERE c.id = ANY(${r.teacherClassIds}::int[])),
    work AS (
      SELECT t."teacherId" AS "personId", s.name || ' (' || cls.name || ')' AS label, 1 AS ord FROM "TeachingLoad" t
        JOIN cls ON cls.id = t."classId" JOIN "Subject" s ON s.id = t."subjectId" WHERE t."yearId" = ${r.yearId}
      UNION
      SELECT cls."classTeacherId", 'классный руководитель ' || cls.name, 0 FROM cls WHERE cls."classTeacherId" IS NOT NULL
    )
    SELECT u.id AS "userId", p."lastName", p."firstName", p."middleName", NULL::text[] AS roles, NULL AS "studentClass", NULL AS children,
           string_agg(DISTINCT work.label, ', ') AS teaches
      FROM work JOIN "User" u ON u."personId" = work."personId" JOIN "Person" p ON p.id = u."personId"
     WHERE u."schoolId" = ${r.schoolId} AND NOT u.blocked AND u.id <> ${r.userId}
     GROUP BY u.id, p.id`;
  return rows.sort(compareNames);
}

export interface ClassContacts {
  cls: ClassRef;
  students: Contact[];
  parents: Contact[];
  teachers: Contact[];
}

/** The people of one class the actor reaches (its students, their parents, its teachers); null when the class is not the actor's. */
export async function classContacts(db: Db, actor: Actor, classId: number): Promise<ClassContacts | null> {
  const r = await reachOf(db, actor);
  if (!r.familyClassIds.includes(classId)) return null;
  const cls = await db.schoolClass.findUniqueOrThrow({ where: { id: classId }, select: { id: true, grade: true, letter: true } });
  const ids = await groupMembers(db, r, [
    { kind: "students", classId },
    { kind: "parents", classId },
    { kind: "teachers", classId },
  ]);
  const rows = await people(db, r, Prisma.sql`u.id = ANY(${ids.all}::int[])`);
  const pick = (set: Set<number>) => rows.filter((p) => set.has(p.userId)).map((p) => contactOf(p, true));
  return { cls: { id: cls.id, name: `${cls.grade}${cls.letter}` }, students: pick(ids.students), parents: pick(ids.parents), teachers: pick(ids.teachers) };
}

/** People of the address book whose name contains every word of q (at most SEARCH_LIMIT). */
export async function searchContacts(db: Db, actor: Actor, q: string): Promise<Contact[]> {
  const words = q.split(/\s+/).filter(Boolean).slice(0, 3);
  if (!words.length) return [];
  const r = await reachOf(db, actor);
  const match = Prisma.join(
    words.map((w) => Prisma.sql`${FULL_NAME} LIKE ${likePattern(w)}`),
    " AND ",
  );
  const rows = await people(db, r, Prisma.sql`${reachable(r)} AND ${match}`, SEARCH_LIMIT);
  return rows.map((p) => contactOf(p, isStaffReader(actor)));
}

/** These users as contacts, those of the address book only (the form's prefilled «Кому»). */
export async function contactsByIds(db: Db, actor: Actor, ids: readonly number[]): Promise<Contact[]> {
  if (!ids.length) return [];
  const r = await reachOf(db, actor);
  const rows = await people(db, r, Prisma.sql`${reachable(r)} AND u.id = ANY(${[...ids]}::int[])`);
  return rows.map((p) => contactOf(p, isStaffReader(actor)));
}

/** Who the other members of a conversation are, for its reader. */
export async function describeUsers(db: Db, actor: Actor, ids: readonly number[]): Promise<Map<number, Contact>> {
  if (!ids.length) return new Map();
  const r = { yearId: actor.currentYearId ?? NO_YEAR, today: isoDate(today()) };
  const rows = await people(db, r, Prisma.sql`u.id = ANY(${[...ids]}::int[]) AND u."schoolId" = ${actor.schoolId}`);
  return new Map(rows.map((p) => [p.userId, contactOf(p, isStaffReader(actor))]));
}

/** The users of class groups (current students, their parents, the class's teachers: load and class teacher) that the actor reaches. */
async function groupMembers(db: Db, r: Reach, groups: GroupChoice[]) {
  const of = (kind: GroupChoice["kind"]) => groups.filter((g) => g.kind === kind).map((g) => g.classId);
  const rows = await db.$queryRaw<{ kind: string; userId: number }[]>`
    SELECT g.kind, u.id AS "userId" FROM (
      SELECT 'students' AS kind, st."personId" FROM "ClassMembership" m JOIN "Student" st ON st.id = m."studentId"
       WHERE m."classId" = ANY(${of("students")}::int[]) AND ${current(r.today)}
      UNION
      SELECT 'parents', l."parentId" FROM "ClassMembership" m JOIN "ParentLink" l ON l."studentId" = m."studentId"
       WHERE m."classId" = ANY(${of("parents")}::int[]) AND ${current(r.today)}
      UNION
      SELECT 'teachers', t."teacherId" FROM "TeachingLoad" t WHERE t."classId" = ANY(${of("teachers")}::int[]) AND t."yearId" = ${r.yearId}
      UNION
      SELECT 'teachers', c."classTeacherId" FROM "SchoolClass" c WHERE c.id = ANY(${of("teachers")}::int[]) AND c."classTeacherId" IS NOT NULL
    ) g JOIN "User" u ON u."personId" = g."personId"
    WHERE ${reachable(r)}`;
  const sets = { students: new Set<number>(), parents: new Set<number>(), teachers: new Set<number>() };
  for (const row of rows) sets[row.kind as keyof typeof sets].add(row.userId);
  return { ...sets, all: [...new Set(rows.map((row) => row.userId))] };
}

export interface RecipientChoice {
  /** Individuals (user ids). */
  to: readonly number[];
  /** Class groups: «parents:12». */
  groups: readonly string[];
}

/**
 * The recipients of a posted form, decided by the server (R-COM-2): every individual must be in the
 * actor's address book and every group a class the actor reaches; otherwise a ValidationError
 * beside «Кому» and nothing is sent. Returns the user ids (the actor and blocked accounts left out).
 */
export async function resolveRecipients(db: Db, actor: Actor, choice: RecipientChoice): Promise<number[]> {
  const r = await reachOf(db, actor);
  const groups: GroupChoice[] = [];
  for (const key of choice.groups) {
    const g = parseGroup(key);
    if (!g || !r.familyClassIds.includes(g.classId)) throw new ValidationError({ to: MSG.foreignGroup });
    groups.push(g);
  }
  const asked = [...new Set(choice.to)].filter((id) => id !== actor.userId);
  const ok = asked.length ? await db.$queryRaw<{ id: number }[]>`SELECT u.id FROM "User" u WHERE u.id = ANY(${asked}::int[]) AND ${reachable(r)}` : [];
  if (ok.length !== asked.length) throw new ValidationError({ to: MSG.foreignRecipient });
  const members = groups.length ? (await groupMembers(db, r, groups)).all : [];
  const all = [...new Set([...asked, ...members])];
  if (!all.length) throw new ValidationError({ to: groups.length ? MSG.emptyGroups : MSG.noRecipients });
  if (all.length > MAX_RECIPIENTS) throw new ValidationError({ to: MSG.tooManyRecipients });
  return all.sort((a, b) => a - b);
}

/** The label of a group for the form («Родители 5А»). */
export function groupLabel(g: GroupChoice, classes: readonly ClassRef[]): string | null {
  const cls = classes.find((c) => c.id === g.classId);
  return cls ? GROUP_NAMES[g.kind](cls.name) : null;
}

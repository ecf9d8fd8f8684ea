/**
 * Reading accounts: the list (scoped in the query), one visible account, what the account's
 * owner is to the school (class, children), and the AccountTarget of R-SEC-3.
 */
import type { Actor } from "../../access/actor.ts";
import type { Role } from "../../access/roles.ts";
import { forgetOnDisconnect, prisma, Prisma, type Db } from "../../lib/db.ts";
import { isoDate, today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { className, fullName, likePattern, shortName } from "../../lib/names.ts";
import { FULL_NAME } from "../../lib/person-search.ts";
import { userStatuses } from "./admin.text.ts";
import { viewsAllAccounts, type AccountTarget } from "./users.policy.ts";
import { clock } from "../../lib/clock.ts";

export const USERS_PER_PAGE = 25;

/** A membership that holds on the given day. */
const activeOn = (day: Date) => ({ fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] });

/**
 * Which accounts the actor sees: all of the school for the administrator and the deputy;
 * for a class teacher, the students of the own classes (membership today) and their parents (R-SEC-3).
 */
export function visibleUsersWhere(actor: Actor, day = today()): Prisma.UserWhereInput {
  if (viewsAllAccounts(actor)) return { schoolId: actor.schoolId };
  const inLedClass = { memberships: { some: { classId: { in: [...actor.ledClassIds] }, ...activeOn(day) } } };
  return {
    schoolId: actor.schoolId,
    person: { OR: [{ student: inLedClass }, { childrenLinks: { some: { student: inLedClass } } }] },
  };
}

function visibleUsersSql(actor: Actor, day: Date): Prisma.Sql {
  if (viewsAllAccounts(actor)) return Prisma.sql`u."schoolId" = ${actor.schoolId}`;
  if (!actor.ledClassIds.length) return Prisma.sql`FALSE`;
  const iso = isoDate(day);
  const classes = Prisma.join(actor.ledClassIds);
  const active = Prisma.sql`m."classId" IN (${classes}) AND m."fromDate" <= ${iso}::date AND (m."toDate" IS NULL OR m."toDate" >= ${iso}::date)`;
  return Prisma.sql`u."schoolId" = ${actor.schoolId} AND u."personId" IN (
      SELECT s."personId" FROM "Student" s JOIN "ClassMembership" m ON m."studentId" = s.id WHERE ${active}
      UNION
      SELECT l."parentId" FROM "ParentLink" l JOIN "ClassMembership" m ON m."studentId" = l."studentId" WHERE ${active})`;
}

let collation: Promise<string | null> | undefined;
forgetOnDisconnect(() => (collation = undefined));
/** Russian alphabetical order in SQL (ICU «ru», ё with е); null when the server has no ICU. */
export function russianCollation(): Promise<string | null> {
  collation ??= prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_collation WHERE collname = 'ru-x-icu'`
    .then((r) => (r[0]?.n ? "ru-x-icu" : null))
    .catch(() => null);
  return collation;
}

export interface UserListFilter {
  q: string;
  role?: Role;
  page: number;
}

/** R-ROLE-3: the accounts the actor may see, searched, filtered by role, by surname in Russian order, 25 a page. */
export async function listUsers(actor: Actor, filter: UserListFilter, now = clock.now()) {
  const day = today(now);
  const conditions: Prisma.Sql[] = [visibleUsersSql(actor, day)];
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(Prisma.sql`(${FULL_NAME} LIKE ${pattern}
      OR u.login LIKE ${pattern})`);
  }
  if (filter.role === "CLASS_TEACHER") {
    // Derived: leads a class of the current year (src/access/actor.ts).
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "SchoolClass" c WHERE c."classTeacherId" = u."personId" AND c."yearId" = ${actor.currentYearId ?? 0})`);
  } else if (filter.role) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "UserRole" r WHERE r."userId" = u.id AND r.role::text = ${filter.role})`);
  }
  const where = Prisma.join(conditions, " AND ");
  const coll = await russianCollation();
  const c = coll ? Prisma.raw(` COLLATE "${coll}"`) : Prisma.empty;
  const [{ total }] = (await prisma.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM "User" u JOIN "Person" p ON p.id = u."personId" WHERE ${where}`) as [{ total: number }];
  const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
  const page = Math.min(filter.page, pages);
  const ids = await prisma.$queryRaw<{ id: number }[]>`
    SELECT u.id FROM "User" u JOIN "Person" p ON p.id = u."personId" WHERE ${where}
    ORDER BY p."lastName"${c}, p."firstName"${c}, coalesce(p."middleName", '')${c}, u.id
    LIMIT ${USERS_PER_PAGE} OFFSET ${(page - 1) * USERS_PER_PAGE}`;
  const users = await prisma.user.findMany({
    where: { id: { in: ids.map((r) => r.id) }, schoolId: actor.schoolId },
    include: { person: true, roles: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const ordered = ids.map((r) => byId.get(r.id)!).filter(Boolean);
  const ties = await familyTies(
    actor,
    ordered.map((u) => u.personId),
    day,
  );
  const led = await ledPersonIds(
    actor,
    ordered.map((u) => u.personId),
  );
  return {
    total,
    page,
    pages,
    rows: ordered.map((u) => ({
      id: u.id,
      name: fullName(u.person),
      login: u.login,
      roles: effectiveRoles(
        u.roles.map((r) => r.role),
        led.has(u.personId),
      ),
      statuses: userStatuses(u, now),
      lastLoginAt: u.lastLoginAt,
      ties: ties.get(u.personId) ?? [],
    })),
  };
}

/** Stored roles plus CLASS_TEACHER while the person leads a current-year class (as the actor loader does). */
export function effectiveRoles(stored: readonly Role[], leadsClass: boolean): Role[] {
  const set = new Set<Role>(stored.filter((r) => r !== "CLASS_TEACHER"));
  if (leadsClass) set.add("CLASS_TEACHER");
  return [...set];
}

async function ledPersonIds(actor: Actor, personIds: number[], db: Db = prisma): Promise<Set<number>> {
  if (!personIds.length || !actor.currentYearId) return new Set();
  const classes = await db.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: actor.currentYearId, classTeacherId: { in: personIds } },
    select: { classTeacherId: true },
  });
  return new Set(classes.map((c) => c.classTeacherId!));
}

/** For each person: «ученик 5А», «родитель: Алексеев А. И. (5А)». */
export async function familyTies(actor: Actor, personIds: number[], day: Date): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!personIds.length) return out;
  const currentClass = { memberships: { where: { ...activeOn(day), class: { yearId: actor.currentYearId ?? 0 } }, include: { class: true } } };
  const [students, links] = await Promise.all([
    prisma.student.findMany({ where: { schoolId: actor.schoolId, personId: { in: personIds } }, include: currentClass }),
    prisma.parentLink.findMany({
      where: { schoolId: actor.schoolId, parentId: { in: personIds } },
      include: { student: { include: { person: true, ...currentClass } } },
    }),
  ]);
  const add = (id: number, text: string) => out.set(id, [...(out.get(id) ?? []), text]);
  for (const s of students) add(s.personId, s.memberships[0] ? `ученик ${className(s.memberships[0].class)}` : "ученик");
  for (const l of links) {
    const cls = l.student.memberships[0] ? ` (${className(l.student.memberships[0].class)})` : "";
    add(l.parentId, `родитель: ${shortName(l.student.person)}${cls}`);
  }
  return out;
}

/** One account the actor may see; NotFound otherwise (another school, another class). */
export async function findVisibleUser(actor: Actor, id: number, db: Db = prisma) {
  const user = await db.user.findFirst({ where: { AND: [{ id }, visibleUsersWhere(actor)] }, include: { person: true, roles: true } });
  if (!user) throw new NotFound();
  return user;
}

/**
 * R-SEC-3: what canResetPassword needs to know about the target: its roles and the current-year classes
 * where it is a member today or where its children are members today.
 */
export async function accountTarget(
  actor: Actor,
  user: { id: number; schoolId: number; personId: number; roles: { role: Role }[] },
  db: Db = prisma,
): Promise<AccountTarget> {
  const day = today();
  const year = await db.academicYear.findFirst({ where: { schoolId: user.schoolId, status: "CURRENT" }, select: { id: true } });
  const [memberships, leads] = await Promise.all([
    year
      ? db.classMembership.findMany({
          where: {
            schoolId: user.schoolId,
            ...activeOn(day),
            class: { yearId: year.id },
            student: { OR: [{ personId: user.personId }, { parentLinks: { some: { parentId: user.personId } } }] },
          },
          select: { classId: true },
        })
      : [],
    year ? db.schoolClass.count({ where: { schoolId: user.schoolId, yearId: year.id, classTeacherId: user.personId } }) : 0,
  ]);
  return {
    userId: user.id,
    schoolId: user.schoolId,
    roles: effectiveRoles(
      user.roles.map((r) => r.role),
      leads > 0,
    ),
    familyClassIds: [...new Set(memberships.map((m) => m.classId))],
  };
}

/** The account page: person, roles, statuses, ties; the caller adds logins and sessions. */
export async function userDetail(actor: Actor, id: number, now = clock.now()) {
  const user = await findVisibleUser(actor, id);
  const target = await accountTarget(actor, user);
  const person = await prisma.person.findUniqueOrThrow({
    where: { id: user.personId },
    include: { staff: { include: { positions: { orderBy: { id: "asc" } } } } },
  });
  const ties = await familyTies(actor, [user.personId], today(now));
  return {
    user: {
      id: user.id,
      login: user.login,
      name: fullName(user.person),
      storedRoles: user.roles.map((r) => r.role),
      roles: target.roles,
      statuses: userStatuses(user, now),
      blocked: user.blocked,
      locked: !!user.lockedUntil && user.lockedUntil > now,
      mustChangePassword: user.mustChangePassword,
      lastLoginAt: user.lastLoginAt,
      passwordChangedAt: user.passwordChangedAt,
      createdAt: user.createdAt,
    },
    person: {
      birthDate: person.birthDate,
      email: person.email,
      phone: person.phone,
      positions: person.staff?.positions.filter((p) => !p.toDate || p.toDate >= today(now)).map((p) => p.title) ?? [],
      ties: ties.get(user.personId) ?? [],
    },
    target,
  };
}

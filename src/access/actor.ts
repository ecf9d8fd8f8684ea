/**
 * The actor: the signed-in user with what their roles are tied to
 * (the classes they lead, their children, their own student record).
 * Loaded once per request from the session's user id.
 */
import type { Request } from "express";
import type { SessionData } from "express-session";
import { pgPool } from "../lib/db.ts";
import { Unauthorized } from "../lib/errors.ts";
import { fullName, shortName } from "../lib/names.ts";
import { isScope, type Scope } from "./permissions.ts";
import type { Role } from "./roles.ts";
import { clock } from "../lib/clock.ts";
import { letterheadOf, type Letterhead } from "../lib/letterhead.ts";

export interface Actor {
  userId: number;
  personId: number;
  schoolId: number;
  schoolName: string;
  login: string;
  fullName: string;
  shortName: string;
  roles: ReadonlySet<Role>;
  mustChangePassword: boolean;
  currentYearId: number | null;
  /** Classes of the current year this person leads (makes them CLASS_TEACHER). */
  ledClassIds: readonly number[];
  /** Students this person is a parent of. */
  childStudentIds: readonly number[];
  /** The person's own student record. */
  studentId: number | null;
  idleMinutes: number;
  lockDays: number;
  /**
   * The person's signed non-disclosure undertaking is in the register of staff admitted to personal
   * data (001 §3.14, R-SEC-7): without it the personal-data sections stay closed whatever the role.
   */
  pdAdmitted: boolean;
  /** The school's changes to the permission catalogue, by policy.ts cellKey(role, entity, action); usually none. */
  overrides: ReadonlyMap<string, Scope>;
  /** The institution card's full name and details line, for the headers of printed documents (R-REG-9). */
  letterhead: Letterhead;
}

/**
 * The signed-in actor of a request. Every route behind the sign-in (app.ts) has one; a route
 * reached without it is a programming error, answered as a lost session (401).
 */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Unauthorized();
  return req.actor;
}

export interface ActorRow {
  id: number;
  personId: number;
  schoolId: number;
  login: string;
  blocked: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  lastName: string;
  firstName: string;
  middleName: string | null;
  schoolName: string;
  shortSchoolName: string | null;
  schoolAddress: string | null;
  schoolPhone: string | null;
  schoolInn: string | null;
  idleMinutes: number;
  lockDays: number;
  roles: Role[] | null;
  yearId: number | null;
  ledClassIds: number[] | null;
  childStudentIds: number[] | null;
  studentId: number | null;
  overrides: [string, string, string, string][] | null;
  pdAdmitted: boolean;
}

/**
 * One round trip, a prepared statement (planned once per connection): this runs
 * on every request, so it is plain SQL rather than
 * Prisma's nested reads (which cost a query each, about 14 ms in all against
 * under 1 ms for this one, measured on the large school).
 */
const ACTOR_SELECT = `
  SELECT u.id, u."personId", u."schoolId", u.login, u.blocked, u."lockedUntil", u."mustChangePassword",
         p."lastName", p."firstName", p."middleName",
         s.name AS "schoolName", s."shortName" AS "shortSchoolName",
         s.address AS "schoolAddress", s.phone AS "schoolPhone", s.inn AS "schoolInn", s."sessionIdleMinutes" AS "idleMinutes", s."lockDays",
         (SELECT array_agg(r.role::text) FROM "UserRole" r WHERE r."userId" = u.id) AS roles,
         y.id AS "yearId",
         (SELECT array_agg(c.id ORDER BY c.grade, c.letter) FROM "SchoolClass" c
           WHERE c."schoolId" = u."schoolId" AND c."yearId" = y.id AND c."classTeacherId" = u."personId") AS "ledClassIds",
         (SELECT array_agg(l."studentId" ORDER BY l."studentId") FROM "ParentLink" l WHERE l."parentId" = u."personId") AS "childStudentIds",
         (SELECT st.id FROM "Student" st WHERE st."personId" = u."personId") AS "studentId",
         (SELECT json_agg(json_build_array(o.role::text, o.entity, o.action, o.scope)) FROM "RoleGrantOverride" o
           WHERE o."schoolId" = u."schoolId") AS overrides,
         EXISTS (SELECT 1 FROM "PdUndertaking" pu JOIN "Staff" sf ON sf.id = pu."staffId"
           WHERE sf."personId" = u."personId" AND pu."schoolId" = u."schoolId") AS "pdAdmitted"
    FROM "User" u
    JOIN "Person" p ON p.id = u."personId"
    JOIN "School" s ON s.id = u."schoolId"
    LEFT JOIN "AcademicYear" y ON y."schoolId" = u."schoolId" AND y.status = 'CURRENT'`;

const ACTOR_SQL = `${ACTOR_SELECT} WHERE u.id = $1`;

/**
 * The session and its user's actor row in one round trip (the session store's
 * read, see lib/session.ts): every signed-in request needs both, and on the
 * diary week a third of the page's database time went to the separate read.
 * passport keeps the user id at sess.passport.user; anything but a plain
 * number there finds no user.
 */
export const SESSION_ACTOR_SQL = `
  SELECT se.sess, a.id AS "actorUserId", a.*
    FROM "session" se
    LEFT JOIN LATERAL (${ACTOR_SELECT}
     WHERE u.id = CASE WHEN se.sess->'passport'->>'user' ~ '^[0-9]{1,9}$' THEN (se.sess->'passport'->>'user')::int END
    ) a ON true
   WHERE se.sid = $1 AND se.expire >= to_timestamp($2)`;

interface SessionActorRead {
  row: ActorRow | undefined;
  userId: number | null;
}

/**
 * The session store's read (lib/session.ts SessionReader): the session and its user's actor row
 * in one prepared statement. The row travels with this request only (req.sessionRead).
 */
export async function readSessionWithActor(sid: string, nowSeconds: number): Promise<{ sess: SessionData; extra: SessionActorRead } | null> {
  const { rows } = await pgPool().query<ActorRow & { sess: SessionData | string; actorUserId: number | null }>({
    name: "session-actor",
    text: SESSION_ACTOR_SQL,
    values: [sid, nowSeconds],
  });
  const row = rows[0];
  if (!row) return null;
  const sess = typeof row.sess === "string" ? (JSON.parse(row.sess) as SessionData) : row.sess;
  return { sess, extra: { row: row.actorUserId == null ? undefined : row, userId: row.actorUserId } };
}

/**
 * The actor read with this request's session: undefined when there is none to use (then call
 * loadActor: right after a sign-in the session was read before the user was in it), null when the
 * user is gone or blocked.
 */
export function sessionActor(req: Request, userId: number, now = clock.now()): Actor | null | undefined {
  const read = req.sessionRead as SessionActorRead | undefined;
  if (!read || read.userId !== userId) return undefined;
  return actorFromRow(read.row, now);
}

/** Loads the actor, or null when the user is gone, blocked or locked out. */
export async function loadActor(userId: number, now = clock.now()): Promise<Actor | null> {
  const { rows } = await pgPool().query<ActorRow>({ name: "load-actor", text: ACTOR_SQL, values: [userId] });
  return actorFromRow(rows[0], now);
}

function actorFromRow(user: ActorRow | undefined, now: Date): Actor | null {
  if (!user || user.blocked) return null;
  if (user.lockedUntil && user.lockedUntil > now) return null;
  const led = user.ledClassIds ?? [];
  const roles = new Set<Role>(user.roles ?? []);
  if (led.length) roles.add("CLASS_TEACHER");
  else roles.delete("CLASS_TEACHER");
  const person = { lastName: user.lastName, firstName: user.firstName, middleName: user.middleName };
  return {
    userId: user.id,
    personId: user.personId,
    schoolId: user.schoolId,
    schoolName: user.shortSchoolName || user.schoolName,
    login: user.login,
    fullName: fullName(person),
    shortName: shortName(person),
    roles,
    mustChangePassword: user.mustChangePassword,
    currentYearId: user.yearId,
    ledClassIds: led,
    childStudentIds: user.childStudentIds ?? [],
    studentId: user.studentId,
    idleMinutes: user.idleMinutes,
    lockDays: user.lockDays,
    overrides: overridesOf(user.overrides),
    letterhead: letterheadOf({ name: user.schoolName, address: user.schoolAddress, phone: user.schoolPhone, inn: user.schoolInn }),
    pdAdmitted: user.pdAdmitted === true,
  };
}

const NO_OVERRIDES: ReadonlyMap<string, Scope> = new Map();

/** The school's overrides as cellKey → scope (policy.ts checks each against the cell's allowed scopes). */
function overridesOf(rows: [string, string, string, string][] | null): ReadonlyMap<string, Scope> {
  if (!rows?.length) return NO_OVERRIDES;
  const map = new Map<string, Scope>();
  for (const [role, entity, action, scope] of rows) if (isScope(scope)) map.set(`${role}|${entity}|${action}`, scope);
  return map;
}

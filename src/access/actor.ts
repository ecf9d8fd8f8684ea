/**
 * The actor: the signed-in user with what their roles are tied to
 * (the classes they lead, their children, their own student record).
 * Loaded once per request from the session's user id.
 */
import { prisma } from "../lib/db.ts";
import { fullName, shortName } from "../lib/names.ts";
import type { Role } from "./roles.ts";

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
}

/** Loads the actor, or null when the user is gone, blocked or locked out. */
export async function loadActor(userId: number, now = new Date()): Promise<Actor | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: {
      roles: true,
      school: { select: { name: true, shortName: true, sessionIdleMinutes: true, lockDays: true } },
      person: {
        include: {
          student: { select: { id: true } },
          childrenLinks: { select: { studentId: true } },
        },
      },
    },
  });
  if (!user || user.blocked) return null;
  if (user.lockedUntil && user.lockedUntil > now) return null;
  const year = await prisma.academicYear.findFirst({ where: { schoolId: user.schoolId, status: "CURRENT" }, select: { id: true } });
  const led = year
    ? await prisma.schoolClass.findMany({ where: { schoolId: user.schoolId, yearId: year.id, classTeacherId: user.personId }, select: { id: true } })
    : [];
  const roles = new Set<Role>(user.roles.map((r) => r.role));
  if (led.length) roles.add("CLASS_TEACHER");
  else roles.delete("CLASS_TEACHER");
  return {
    userId: user.id,
    personId: user.personId,
    schoolId: user.schoolId,
    schoolName: user.school.shortName || user.school.name,
    login: user.login,
    fullName: fullName(user.person),
    shortName: shortName(user.person),
    roles,
    mustChangePassword: user.mustChangePassword,
    currentYearId: year?.id ?? null,
    ledClassIds: led.map((c) => c.id),
    childStudentIds: user.person.childrenLinks.map((l) => l.studentId),
    studentId: user.person.student?.id ?? null,
    idleMinutes: user.school.sessionIdleMinutes,
    lockDays: user.school.lockDays,
  };
}

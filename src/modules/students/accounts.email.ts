/**
 * «Выслать новый временный пароль на e-mail» (R-SEC-3, R-SEC-8): an existing account gets a new
 * temporary password at the address of the person's card, for those who may reset its password
 * (the administrator anyone's, a class teacher the own class's students and parents).
 */
import crypto from "node:crypto";
import type { Actor } from "../../access/actor.ts";
import type { Role } from "../../access/roles.ts";
import { canResetPassword } from "../../access/policy.ts";
import { config } from "../../config.ts";
import { audit } from "../../lib/audit.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { hashPassword, temporaryPassword } from "../../lib/passwords.ts";
import { wakeWorkers } from "../../lib/queue.ts";
import { endSessions } from "../auth/auth.service.ts";
import { emailEnabled, sendEmail } from "../notifications/notifications.service.ts";
import { mailAddress } from "./accounts.service.ts";
import { MAIL_TEXT, slipLetter } from "./accounts.text.ts";
import { notEndedBy } from "./students.common.ts";

const TX = { timeout: 60_000, maxWait: 20_000 };

/**
 * The account whose password the actor may reset (R-SEC-3: the administrator anyone's, a class
 * teacher the own class's students and parents), with the address of its card; NotFound for
 * anything else (another school, another class, staff for a class teacher, a guessed id).
 */
async function resettableByEmail(db: Db, actor: Actor, userId: number) {
  const user = await db.user.findFirst({
    where: { id: userId, schoolId: actor.schoolId },
    select: { id: true, login: true, personId: true, mustChangePassword: true, roles: { select: { role: true } }, person: true },
  });
  if (!user) throw new NotFound();
  const year = actor.currentYearId;
  const [members, leads] = year
    ? await Promise.all([
        db.classMembership.findMany({
          where: {
            schoolId: actor.schoolId,
            class: { yearId: year },
            ...notEndedBy(today()),
            fromDate: { lte: today() },
            student: { OR: [{ personId: user.personId }, { parentLinks: { some: { parentId: user.personId } } }] },
          },
          select: { classId: true },
        }),
        db.schoolClass.count({ where: { schoolId: actor.schoolId, yearId: year, classTeacherId: user.personId } }),
      ])
    : [[], 0];
  const roles: Role[] = [...user.roles.map((r) => r.role), ...(leads ? (["CLASS_TEACHER"] as const) : [])];
  const target = { userId: user.id, schoolId: actor.schoolId, roles, familyClassIds: [...new Set(members.map((m) => m.classId))] };
  if (!canResetPassword(actor, target)) throw new NotFound();
  return user;
}

/**
 * R-SEC-3, R-SEC-8 «выслать новый временный пароль на e-mail»: a new temporary password (the change
 * required at the next sign-in, the lockout lifted) sent to the address of the person's card, in one
 * transaction with the audit entry (no password in it) and the letter; then every session of the
 * user is ended. NotFound outside the actor's reach (resettableByEmail); ValidationError when e-mail
 * is off or the card has no valid address — nothing is changed then.
 */
export async function emailTemporaryPassword(actor: Actor, userId: number): Promise<{ address: string }> {
  const first = await resettableByEmail(prisma, actor, userId); // before the slow hash: a refused request costs nothing
  if (!emailEnabled()) throw new ValidationError({ _form: MAIL_TEXT.mailOff }, MAIL_TEXT.mailOff);
  if (!first.person.email?.trim()) throw new ValidationError({ _form: MAIL_TEXT.noAddress }, MAIL_TEXT.noAddress);
  if (!mailAddress(first.person.email))
    throw new ValidationError({ _form: MAIL_TEXT.badAddress(first.person.email) }, MAIL_TEXT.badAddress(first.person.email));
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const address = await prisma.$transaction(async (tx) => {
    const u = await resettableByEmail(tx, actor, userId);
    const to = mailAddress(u.person.email);
    if (!to) throw new ValidationError({ _form: MAIL_TEXT.noAddress }, MAIL_TEXT.noAddress);
    await tx.user.update({ where: { id: u.id }, data: { passwordHash, mustChangePassword: true, lockedUntil: null, failedLogins: 0 } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "user",
      entityId: u.id,
      action: "reset-password",
      oldValue: { mustChangePassword: u.mustChangePassword },
      newValue: { mustChangePassword: true, byEmail: true },
    });
    const school = await tx.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { name: true } });
    const sent = await sendEmail(tx, {
      schoolId: actor.schoolId,
      userId: u.id,
      to,
      kind: "LOGIN_SLIP",
      ...slipLetter({
        schoolName: school.name,
        firstName: u.person.firstName,
        middleName: u.person.middleName,
        siteUrl: config().publicUrl,
        login: u.login,
        password,
        fresh: false,
      }),
      dedupeKey: `login-slip:${u.id}:${crypto.randomUUID()}`,
    });
    if (!sent.queued) throw new ValidationError({ _form: MAIL_TEXT.mailOff }, MAIL_TEXT.mailOff);
    return to;
  }, TX);
  wakeWorkers("email-send");
  await endSessions(userId);
  return { address };
}

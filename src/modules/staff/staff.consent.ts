/**
 * Staff consents to personal-data processing (R-REG-10, 004 plan item 9): recorded in the staff card by
 * HR or the administrator like the families' (date, document, revocation), in the same PersonalDataConsent
 * table. A staff login is issued only with a recorded, not withdrawn consent (staff.accounts.ts and the
 * administrator's account forms). A withdrawal does NOT block a staff account (its basis is the employment
 * contract, students.policy closedByRevocation); it is flagged for the administrator and HR instead,
 * together with the staff who got a login before consents were required (the grace banner).
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate, today } from "../../lib/dates.ts";
import { ValidationError } from "../../lib/errors.ts";
import { assertActive, lockStaff } from "./staff.common.ts";
import { TEXT } from "./staff.text.ts";

/** Records (or renews) the staff member's consent. NotFound outside the school, Locked for a dismissed card. */
export async function recordStaffConsent(actor: Actor, staffId: number, input: { date: Date; documentNote: string | null }): Promise<void> {
  if (input.date.getTime() > today().getTime()) throw new ValidationError({ date: TEXT.futureDate });
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    assertActive(s);
    const before = await tx.personalDataConsent.findUnique({ where: { personId: s.personId } });
    const data = { date: input.date, documentNote: input.documentNote, recordedById: actor.userId, recordedAt: clock.now(), revokedAt: null };
    await tx.personalDataConsent.upsert({ where: { personId: s.personId }, create: { schoolId: actor.schoolId, personId: s.personId, ...data }, update: data });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "consent",
      entityId: s.personId,
      action: before ? "update" : "create",
      oldValue: before ? { consentDate: formatDate(before.date), documentNote: before.documentNote, revoked: !!before.revokedAt } : null,
      newValue: { staffId: s.id, consentDate: formatDate(input.date), documentNote: input.documentNote, revoked: false },
    });
  });
}

/** Records the withdrawal of the staff member's consent; the account stays open and is flagged (see the module's note). */
export async function revokeStaffConsent(actor: Actor, staffId: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const before = await tx.personalDataConsent.findUnique({ where: { personId: s.personId } });
    if (!before || before.revokedAt) return;
    await tx.personalDataConsent.update({ where: { personId: s.personId }, data: { revokedAt: clock.now() } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "consent",
      entityId: s.personId,
      action: "revoke",
      oldValue: { revoked: false },
      newValue: { staffId: s.id, revoked: true },
    });
  });
}

/** Working staff of the school on the day (not dismissed by then). */
export const workingOn = (schoolId: number, on: Date) => ({ schoolId, OR: [{ dismissedAt: null }, { dismissedAt: { gt: on } }] });

/**
 * The grace banner (issue 17): working staff with an open account and no valid consent — `missing` never
 * recorded one (accounts made before consents were required), `revoked` withdrew it.
 */
export async function consentGrace(schoolId: number): Promise<{ missing: number; revoked: number }> {
  const base = { ...workingOn(schoolId, today()), person: { user: { is: { blocked: false } } } };
  const [missing, revoked] = await Promise.all([
    prisma.staff.count({ where: { ...base, person: { ...base.person, consent: { is: null } } } }),
    prisma.staff.count({ where: { ...base, person: { ...base.person, consent: { is: { revokedAt: { not: null } } } } } }),
  ]);
  return { missing, revoked };
}

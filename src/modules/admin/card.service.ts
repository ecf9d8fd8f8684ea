/**
 * The institution card (R-REG-9, 002 §4): names, legal details, director, licence, state
 * accreditation and contacts of the administrator's school. Saved with the changed fields
 * (old → new) in the audit log (entity "school-card") in one transaction.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { isoDate } from "../../lib/dates.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { compareNames, fullName } from "../../lib/names.ts";
import type { CardInput } from "./card.schemas.ts";
import { CARD_TEXT } from "./card.text.ts";

const FIELDS = [
  "name",
  "shortName",
  "address",
  "postalAddress",
  "inn",
  "kpp",
  "ogrn",
  "okpo",
  "directorPersonId",
  "directorName",
  "licenseNumber",
  "licenseDate",
  "licenseIssuer",
  "accreditationNumber",
  "accreditationDate",
  "accreditationValidUntil",
  "phone",
  "email",
  "website",
] as const satisfies readonly (keyof CardInput)[];

const comparable = (v: unknown) => (v instanceof Date ? isoDate(v) : (v ?? null));

/** The card of the school as stored (dates as Date, absent values null). */
export async function schoolCard(schoolId: number): Promise<CardInput> {
  const s = await prisma.school.findUnique({ where: { id: schoolId }, select: Object.fromEntries(FIELDS.map((f) => [f, true])) });
  if (!s) throw new NotFound();
  return s as unknown as CardInput;
}

/** The school's current staff for the director's list: value personId, label the full name. */
export async function directorOptions(schoolId: number): Promise<{ value: number; label: string }[]> {
  const staff = await prisma.staff.findMany({
    where: { schoolId, dismissedAt: null },
    select: { person: { select: { id: true, lastName: true, firstName: true, middleName: true } } },
  });
  return staff
    .map((s) => s.person)
    .sort(compareNames)
    .map((p) => ({ value: p.id, label: fullName(p) }));
}

/**
 * Saves the card; the director must be a staff person of the actor's school (else a field error).
 * Returns the number of changed fields; nothing is written when none changed.
 */
export async function updateSchoolCard(actor: Actor, input: CardInput): Promise<number> {
  return prisma.$transaction(async (tx) => {
    if (input.directorPersonId !== null) {
      const staff = await tx.staff.findFirst({ where: { schoolId: actor.schoolId, personId: input.directorPersonId }, select: { id: true } });
      if (!staff) throw new ValidationError({ directorPersonId: CARD_TEXT.director });
    }
    const before = await tx.school.findUnique({ where: { id: actor.schoolId } });
    if (!before) throw new NotFound();
    const changed = FIELDS.filter((f) => comparable(before[f]) !== comparable(input[f]));
    if (!changed.length) return 0;
    await tx.school.update({ where: { id: actor.schoolId }, data: Object.fromEntries(changed.map((f) => [f, input[f]])) });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "school-card",
      entityId: actor.schoolId,
      action: "update",
      oldValue: Object.fromEntries(changed.map((f) => [f, comparable(before[f])])),
      newValue: Object.fromEntries(changed.map((f) => [f, comparable(input[f])])),
    });
    return changed.length;
  });
}

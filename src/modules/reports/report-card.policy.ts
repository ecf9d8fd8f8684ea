/**
 * «Табель успеваемости» (issue 17, R-DRY-6, R-DRY-4): who sees whose card, and when a family sees it.
 *  - Staff (catalogue entity report-card): the administrator and deputies any class of the school, a class
 *    teacher the own class; another class, another school's or a guessed id is a 404 (reports.scope).
 *  - A family: a parent the own children's card, a pupil the own (the entity's own-children / self reach);
 *    any other pupil is a 404.
 *  - R-DRY-4 (final marks visible to families within 24 hours): a period's card opens to the family the
 *    moment the pupil's first final mark of that period (FinalMark PERIOD with that period) is saved — no
 *    waiting, so always within the 24 hours; the year's card once a year mark (FinalMark YEAR) of the year is
 *    saved. Finals not entered yet show as «не выставлена». Before any final the card is a 404 for the family.
 */
import type { Actor } from "../../access/actor.ts";
import { reach } from "../../access/policy.ts";
import { NotFound } from "../../lib/errors.ts";

/** The pupils whose card the actor may read as a family (own self, own children). */
export function familyCardStudentIds(actor: Actor): readonly number[] {
  return reach(actor, "view", "report-card").studentIds;
}

/** R-ACL-1: NotFound unless the pupil is the actor or the actor's child. */
export function assertFamilyCardStudent(actor: Actor, studentId: number): void {
  if (!familyCardStudentIds(actor).includes(studentId)) throw new NotFound();
}

/** A final mark as far as the rule needs it. */
export interface FinalFact {
  kind: string;
  periodId: number | null;
}

/** R-DRY-4: the card of a period (periodId) or of the year (null) is open to the family once the pupil has a final of it. */
export function isCardOpenToFamily(finals: readonly FinalFact[], periodId: number | null): boolean {
  return finals.some((f) => (periodId === null ? f.kind === "YEAR" : f.kind === "PERIOD" && f.periodId === periodId));
}

/** The methodical association form: name, leader, member teachers, subjects (ids checked against the school in the service). */
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";

const ids = field.many(field.id());

const associationSchema = z.object({
  name: field.text(200),
  leaderId: field.optionalId(),
  memberIds: ids,
  subjectIds: ids,
});
export type AssociationInput = z.output<typeof associationSchema>;

export function parseAssociation(input: unknown): { ok: true; data: AssociationInput } | { ok: false; errors: FieldErrors } {
  const r = parseForm(associationSchema, input);
  if (!r.ok) return r;
  const d = r.data;
  // The leader is one of the association's teachers.
  const memberIds = [...new Set(d.leaderId ? [d.leaderId, ...d.memberIds] : d.memberIds)];
  return { ok: true, data: { ...d, memberIds, subjectIds: [...new Set(d.subjectIds)] } };
}

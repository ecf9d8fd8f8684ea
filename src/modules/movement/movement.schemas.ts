/** Form and query schemas of the movement book (zod at the edge). */
import { birthDateField } from "../../lib/birth-dates.ts";
import { field, parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import { parseIsoDate } from "../../lib/dates.ts";
import type { NewStudentInput } from "./register-order.service.ts";
import { MANUAL_KINDS, MOVEMENT_KINDS, TEXT } from "./movement.text.ts";

export type ManualKind = (typeof MANUAL_KINDS)[number];

/** A kind of order registered by hand (not promotion or graduation). */
export function isManualKind(value: unknown): value is ManualKind {
  return typeof value === "string" && (MANUAL_KINDS as readonly string[]).includes(value);
}

export const orderSchema = z.object({
  kind: field.enumOf(MANUAL_KINDS, "Выберите вид приказа"),
  number: field.text(50),
  orderDate: field.date(),
  effectiveDate: field.date(),
  studentId: field.optionalId(),
  toClassId: field.optionalId(),
  // A code of the school's reasons (reference lists, R-REG-9); the service checks it against the kind's list.
  reason: z.preprocess(
    (v) => (v === "" || v == null ? null : v),
    z.string({ message: "Выберите причину из списка" }).max(60, "Выберите причину из списка").nullable(),
  ),
  destSchool: field.optionalText(300),
  destOrderNumber: field.optionalText(50),
  destOrderDate: field.optionalDate(),
  note: field.optionalText(1000),
  stranded: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(["refuse", "keep"], { message: "Выберите, что сделать с записями" }).nullable()),
});
export type OrderForm = z.output<typeof orderSchema>;

/** A new student enrolled with the order (when no existing student is chosen). */
export const newStudentSchema = z.object({
  newLastName: field.text(100),
  newFirstName: field.text(100),
  newMiddleName: field.optionalText(100),
  newBirthDate: birthDateField.required("pupil"),
  newSex: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(["MALE", "FEMALE"], { message: "Выберите пол" }).nullable()),
});

/**
 * The order form: the order, and for an enrolment without a chosen student the new student's data
 * (then a missing field also marks the student choice).
 */
export function parseOrderForm(
  body: Record<string, unknown>,
): { ok: true; data: OrderForm & { newStudent: NewStudentInput | null } } | { ok: false; errors: FieldErrors } {
  const parsed = parseForm(orderSchema, body);
  if (!parsed.ok) return parsed;
  if (parsed.data.kind !== "ENROL" || parsed.data.studentId) return { ok: true, data: { ...parsed.data, newStudent: null } };
  const ns = parseForm(newStudentSchema, body);
  if (!ns.ok) return { ok: false, errors: { ...ns.errors, studentId: TEXT.personRequired } };
  const { newLastName, newFirstName, newMiddleName, newBirthDate, newSex } = ns.data;
  const newStudent = { lastName: newLastName, firstName: newFirstName, middleName: newMiddleName, birthDate: newBirthDate, sex: newSex };
  return { ok: true, data: { ...parsed.data, newStudent } };
}

export const cancelSchema = z.object({ cancelReason: field.text(500) });

export const correctSchema = z.object({
  number: field.text(50),
  orderDate: field.date(),
  reason: orderSchema.shape.reason,
  destSchool: field.optionalText(300),
  destOrderNumber: field.optionalText(50),
  destOrderDate: field.optionalDate(),
  note: field.optionalText(1000),
  why: field.text(500),
});

const queryDate = z.preprocess((v) => (typeof v === "string" ? parseIsoDate(v.trim()) : null), z.date().nullable().catch(null));
const queryId = z.preprocess((v) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : null), z.number().int().positive().nullable().catch(null));

export const bookQuery = z.object({
  year: queryId,
  from: queryDate,
  to: queryDate,
  kind: z.preprocess((v) => (v === "" ? null : v), z.enum(MOVEMENT_KINDS).nullable().catch(null)),
  class: queryId,
  page: z.preprocess((v) => (typeof v === "string" ? Number(v) : 1), z.number().int().min(1).max(100000).catch(1)),
});

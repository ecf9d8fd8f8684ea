/** Form schemas of the personnel register (zod at the edge). */
import { today } from "../../lib/dates.ts";
import { birthDateField } from "../../lib/birth-dates.ts";
import { field, z } from "../../lib/validation.ts";
import { CATEGORY_CODES, EDUCATION_CODES } from "./staff.text.ts";

const sex = z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(["MALE", "FEMALE"], { message: "Выберите пол" }).nullable());
const email = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
  z.string().max(200).email("Неверный адрес электронной почты").nullable(),
);
const phone = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
  z
    .string()
    .max(40, "Не длиннее 40 символов")
    .regex(/^[0-9+()\-\s]{5,}$/, "Телефон: цифры, +, скобки и дефисы")
    .nullable(),
);
/** Ставка: 0,1–2 with at most two decimal places. */
export const rate = field.decimal(0.05, 2).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, "Не больше двух знаков после запятой");

export const generalSchema = z.object({
  lastName: field.text(100),
  firstName: field.text(100),
  middleName: field.optionalText(100),
  birthDate: birthDateField.required("staff"),
  sex,
  phone,
  email,
  personnelNumber: field.optionalText(30),
  serviceSince: field.optionalDate(),
  teachingSince: field.optionalDate(),
});
export type GeneralInput = z.output<typeof generalSchema>;

const order = { orderNumber: field.text(50), orderDate: field.date(), date: field.date() };

export const hireSchema = generalSchema.extend({ ...order, position: field.text(200), rate });
export type HireInput = z.output<typeof hireSchema>;

export const transferSchema = z.object({ ...order, position: field.text(200), rate, reason: field.optionalText(500) });
export type TransferInput = z.output<typeof transferSchema>;

export const dismissSchema = z.object({ ...order, reason: field.text(500) });
export type DismissInput = z.output<typeof dismissSchema>;

export const positionSchema = z.object({ position: field.text(200), rate, fromDate: field.date() });

const thisYear = today().getUTCFullYear();
export const sectionSchemas = {
  education: z.object({
    level: field.enumOf(EDUCATION_CODES, "Выберите уровень образования"),
    institution: field.text(300),
    graduationYear: field.int(1940, thisYear + 1, "год окончания"),
    speciality: field.optionalText(300),
  }),
  qualification: z.object({
    category: field.enumOf(CATEGORY_CODES, "Выберите категорию"),
    assignedAt: field.date(),
    validUntil: field.optionalDate(),
    orderNumber: field.optionalText(50),
  }),
  award: z.object({ title: field.text(300), date: field.date(), document: field.optionalText(300) }),
  training: z.object({
    course: field.text(300),
    provider: field.optionalText(300),
    hours: field.int(1, 3000, "число часов"),
    fromDate: field.date(),
    toDate: field.date(),
    document: field.optionalText(300),
  }),
  methodical: z.object({ date: field.date(), title: field.text(300), description: field.optionalText(2000) }),
};

/** Issue 17: the staff member's consent to personal-data processing (R-REG-10). */
export const staffConsentSchema = z.object({ date: field.date(), documentNote: field.optionalText(300) });

/** Issue 17: the signed non-disclosure undertaking (001 §3.14). */
export const undertakingSchema = z.object({ date: field.date(), documentNumber: field.text(50) });

/** Issue 17: the staff chosen on «Учётные записи сотрудников». */
export const issueStaffSchema = z.object({ staffIds: field.many(field.id("сотрудника")) });

/** Form schemas of the curriculum pages (zod at the edge). */
import { field, z } from "../../lib/validation.ts";
import { TEXT } from "./curriculum.text.ts";

/** Weekly hours of a subject: 0,5–10 with at most one decimal place (the column is DECIMAL(4,1)). */
const hours = field.decimal(0.5, 10).refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, TEXT.oneDecimal);

/** A profile name («Технологический»), "" for none. */
const profile = z.preprocess((v) => (typeof v === "string" ? v.trim().replace(/\s+/g, " ") : ""), z.string().max(60, "Не длиннее 60 символов"));

/** "" → the school's week, "5" or "6". */
const weekDays = z.preprocess((v) => (v === undefined || v === "" ? null : v), z.enum(["5", "6"], { message: TEXT.pickWeek }).transform(Number).nullable());

export const curriculumCreateSchema = z.object({
  yearId: field.id("учебный год"),
  grade: field.int(1, 11, "класс"),
  profile,
});
export type CurriculumCreateInput = z.output<typeof curriculumCreateSchema>;

export const curriculumSettingsSchema = z.object({
  profile,
  weekDays,
  note: field.optionalText(500),
});
export type CurriculumSettingsInput = z.output<typeof curriculumSettingsSchema>;

const itemFields = {
  area: field.text(120),
  part: field.enumOf(["MANDATORY", "ELECTIVE"], TEXT.pickPart),
  hours,
  assessmentForm: field.optionalText(100),
  marked: field.checkbox(),
  split: field.checkbox(),
};

export const itemCreateSchema = z.object({ subjectId: field.id("предмет"), ...itemFields });
export type ItemCreateInput = z.output<typeof itemCreateSchema>;

export const itemUpdateSchema = z.object(itemFields);
export type ItemUpdateInput = z.output<typeof itemUpdateSchema>;

export const classProfileSchema = z.object({ profile });

export const yearFormSchema = z.object({ yearId: field.id("учебный год") });

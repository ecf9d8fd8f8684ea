/** Form and query schemas of the setup pages (zod at the edge). */
import { field, z } from "../../lib/validation.ts";
import { TEXT } from "./setup.text.ts";

export const roomSchema = z.object({
  name: field.text(50),
  floor: field.optionalInt(-5, 100),
  capacity: field.optionalInt(1, 2000),
  note: field.optionalText(500),
});
export type RoomInput = z.output<typeof roomSchema>;

export const subjectSchema = z.object({
  name: field.text(100),
  shortName: field.text(20),
  gradingMode: field.enumOf(["MARKS", "PASS_FAIL", "NONE"], "Выберите способ оценивания"),
  sortOrder: field.optionalInt(0, 9999).transform((v) => v ?? 0),
});
export type SubjectInput = z.output<typeof subjectSchema>;

/** One Cyrillic capital letter; a lower-case Cyrillic letter is accepted and raised. */
const letter = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLocaleUpperCase("ru") : v),
  z
    .string({ message: "Укажите букву" })
    .min(1, "Укажите букву")
    .regex(/^[А-ЯЁ]$/, TEXT.letter),
);

export const classCreateSchema = z.object({
  yearId: field.id("учебный год"),
  grade: field.int(1, 11, "параллель"),
  letter,
  classTeacherId: field.optionalId(),
});
export type ClassCreateInput = z.output<typeof classCreateSchema>;

export const classUpdateSchema = z.object({ classTeacherId: field.optionalId() });

export const subgroupCreateSchema = z.object({ subjectId: field.id("предмет"), name: field.text(60) });
export const subgroupRenameSchema = z.object({ name: field.text(60) });
export const subgroupMembersSchema = z.object({
  date: field.date(),
  studentIds: field.many(field.id("ученика")),
});

/** Hours per week: 0,5–40 with at most one decimal place (the column is DECIMAL(4,1)). */
const hours = field.decimal(0.5, 40).refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, TEXT.oneDecimal);

export const loadCreateSchema = z.object({
  teacherId: field.id("учителя"),
  classId: field.id("класс"),
  subjectId: field.id("предмет"),
  subgroupId: field.optionalId(),
  hours,
});
export type LoadCreateInput = z.output<typeof loadCreateSchema>;

export const loadUpdateSchema = z.object({ teacherId: field.id("учителя"), hours });
export type LoadUpdateInput = z.output<typeof loadUpdateSchema>;

/** A cross-class group (R-JRN-13): name, kind, course (subject) and the grades its members come from. */
export const groupCreateSchema = z
  .object({
    name: field.text(60),
    kind: field.enumOf(["GPD", "ELECTIVE", "OPTIONAL", "EXTRACURRICULAR"], "Выберите вид группы"),
    subjectId: field.id("предмет (курс)"),
    gradeFrom: field.int(1, 11, "параллель"),
    gradeTo: field.optionalInt(1, 11),
  })
  .refine((g) => g.gradeTo === null || g.gradeTo >= g.gradeFrom, { path: ["gradeTo"], message: "Последняя параллель не может быть меньше первой" });
export type GroupCreateInput = z.output<typeof groupCreateSchema>;

/** The group's load line: the teacher and the hours per week (the class and subject are the group's). */
export const groupLoadSchema = z.object({ teacherId: field.id("учителя"), hours });

/** zod schemas of the personal-file forms: each role writes only its own fields. */
import { birthDateField } from "../../lib/birth-dates.ts";
import { field, z } from "../../lib/validation.ts";
import { TEXT, GIA_SUBJECTS, HEALTH_GROUPS, PE_GROUPS } from "./students.text.ts";

const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(values, { message: "Выберите значение из списка" }).nullable());

const phone = () =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
    z
      .string()
      .max(40, "Не длиннее 40 символов")
      .regex(/^[0-9+()\-\s]{5,40}$/, "Телефон: цифры, пробелы, +, скобки и дефисы")
      .nullable(),
  );

const email = () =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
    z.string().max(200, "Не длиннее 200 символов").email("Адрес электронной почты в виде name@example.ru").nullable(),
  );

const snils = () =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : (v ?? null)),
    z
      .string()
      .regex(/^\d{3}-\d{3}-\d{3} \d{2}$/, TEXT.snils)
      .nullable(),
  );

/** Name, birth date, sex and contacts: the Person row (a parent's birth date is an adult's, src/lib/birth-dates.ts). */
const personFields = {
  lastName: field.text(100),
  firstName: field.text(100),
  middleName: field.optionalText(100),
  birthDate: birthDateField.optional("parent"),
  sex: optionalEnum(["MALE", "FEMALE"] as const),
  email: email(),
  phone: phone(),
};

/** Addresses, document, SNILS: the PersonProfile row. */
const profileFields = {
  registrationAddress: field.optionalText(500),
  actualAddress: field.optionalText(500),
  otherContacts: field.optionalText(500),
  docKind: optionalEnum(["BIRTH_CERTIFICATE", "PASSPORT", "FOREIGN", "OTHER"] as const),
  docSeries: field.optionalText(20),
  docNumber: field.optionalText(30),
  docIssuedBy: field.optionalText(300),
  docIssuedAt: field.optionalDate(),
  snils: snils(),
};

const docRule = <
  T extends { docKind: string | null; docSeries: string | null; docNumber: string | null; docIssuedBy: string | null; docIssuedAt: Date | null },
>(
  s: z.ZodType<T>,
) => s.refine((v) => v.docKind || (!v.docSeries && !v.docNumber && !v.docIssuedBy && !v.docIssuedAt), { message: TEXT.docIncomplete, path: ["docKind"] });

export const studentMainSchema = docRule(z.object({ ...personFields, ...profileFields, birthDate: birthDateField.required("pupil") }));
export type StudentMainInput = z.output<typeof studentMainSchema>;

export const studentCreateSchema = docRule(
  z.object({
    ...personFields,
    ...profileFields,
    birthDate: birthDateField.required("pupil"),
    classId: field.id("класс"),
    fromDate: field.date(),
    confirmDuplicate: field.checkbox(),
  }),
);
export type StudentCreateInput = z.output<typeof studentCreateSchema>;

const parentCard = {
  ...personFields,
  registrationAddress: field.optionalText(500),
  actualAddress: field.optionalText(500),
  otherContacts: field.optionalText(500),
  workPlace: field.optionalText(300),
  workPosition: field.optionalText(200),
  workPhone: phone(),
};

export const parentCardSchema = z.object(parentCard);
export type ParentCardInput = z.output<typeof parentCardSchema>;

const relation = field.enumOf(["MOTHER", "FATHER", "GUARDIAN", "OTHER"] as const, "Выберите, кем приходится");

export const parentCreateSchema = z.object({ ...parentCard, relation, confirmDuplicate: field.checkbox() });
export type ParentCreateInput = z.output<typeof parentCreateSchema>;

export const parentLinkSchema = z.object({ personId: field.id("человека"), relation });

export const noteSchema = z.object({
  kind: field.enumOf(["ACHIEVEMENT", "NOTE"] as const),
  date: field.date(),
  text: field.text(2000),
});

export const medicalSchema = z.object({
  healthGroup: optionalEnum(HEALTH_GROUPS),
  peGroup: optionalEnum(PE_GROUPS),
  conditions: field.optionalText(2000),
  disability: field.checkbox(),
  ovz: field.checkbox(),
  ovzNote: field.optionalText(2000),
});
export type MedicalInput = z.output<typeof medicalSchema>;

export const socialSchema = z.object({
  socialStatus: field.optionalText(500),
  deviantBehaviour: field.optionalText(2000),
  characteristic: field.optionalText(5000),
  largeFamily: field.checkbox(),
  guardianship: field.checkbox(),
  registeredPdn: field.checkbox(),
  registeredSchool: field.checkbox(),
});
export type SocialInput = z.output<typeof socialSchema>;

export const consentSchema = z.object({
  personId: field.id("человека"),
  date: field.date(),
  documentNote: field.optionalText(300),
});

export const giaSchema = docRule(
  z.object({
    level: field.enumOf(["OGE", "EGE", "GVE"] as const, "Выберите форму ГИА"),
    docKind: optionalEnum(["BIRTH_CERTIFICATE", "PASSPORT", "FOREIGN", "OTHER"] as const),
    docSeries: field.optionalText(20),
    docNumber: field.optionalText(30),
    docIssuedBy: field.optionalText(300),
    docIssuedAt: field.optionalDate(),
  }),
);
export type GiaInput = z.output<typeof giaSchema>;

export const giaExamSchema = z.object({
  subjectName: field.enumOf(GIA_SUBJECTS, "Выберите предмет"),
  examDate: field.optionalDate(),
});

export const giaResultSchema = z
  .object({
    score: field.optionalInt(0, 100),
    mark: optionalEnum(["5", "4", "3", "2", "зачёт", "незачёт"] as const),
    examDate: field.optionalDate(),
    // Issue 17: the school subject the exam is compared with (year marks, the certificate's final mark).
    subjectId: field.optionalId(),
  })
  .refine((v) => v.score !== null || v.mark !== null, { message: TEXT.giaResultEmpty, path: ["score"] });

export const issueSchema = z.object({ classId: field.id("класс") });

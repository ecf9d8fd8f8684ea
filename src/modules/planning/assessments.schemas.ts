/** Forms of the schedule of assessment procedures (R-PLN-6), parsed at the edge. */
import { field, z } from "../../lib/validation.ts";
import { RULES, TEXT } from "./assessments.text.ts";

/** «12:0»: subject 12, the whole class; «12:34»: subject 12, subgroup 34 (the journal select). */
const journal = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : v),
  z
    .string({ message: TEXT.pickJournal })
    .regex(/^\d{1,9}:\d{1,9}$/, TEXT.pickJournal)
    .transform((v) => {
      const [subjectId, subgroupId] = v.split(":").map(Number);
      return { subjectId: subjectId!, subgroupId: subgroupId! };
    }),
);

export const plannedInput = z.object({
  periodId: field.id("период"),
  journal,
  date: field.date(),
  lessonNumber: field.optionalInt(1, 12),
  assignmentTypeId: field.id("вид работы"),
  title: field.text(200),
});
export type PlannedInput = z.output<typeof plannedInput>;

export const exceptionInput = z.object({
  periodId: field.id("период"),
  subjectId: field.id("предмет"),
  date: field.date(),
  rule: field.enumOf(RULES, "Выберите правило"),
  reason: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ message: TEXT.reasonEmpty }).min(3, TEXT.reasonEmpty).max(500, "Не длиннее 500 символов"),
  ),
});
export type ExceptionInput = z.output<typeof exceptionInput>;

export const publicationInput = z.object({ periodId: field.id("период") });

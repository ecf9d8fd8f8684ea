/** Input of the journal: zod schemas at the edge, Russian messages. Ids in bodies are checked again by the services. */
import { field, z } from "../../lib/validation.ts";
import { ATTENDANCE_CODES, ATTENDANCE_LABELS, MSG } from "./journal.text.ts";
import type { AttendanceCode } from "../../generated/prisma/enums.ts";

const reason = field.optionalText(500);

/** «5», 5 → 5; "", null → null (delete the mark); anything else → the mark message. */
export const markValue = z.preprocess(
  (v) => (v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? null : typeof v === "string" ? v.trim() : v),
  z.union([z.null(), z.number(), z.string()]).transform((v, ctx) => {
    if (v === null) return null;
    const n = typeof v === "number" ? v : /^[1-5]$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 5) {
      ctx.addIssue({ code: "custom", message: MSG.markValue });
      return z.NEVER;
    }
    return n;
  }),
);

const BY_LABEL: Record<string, AttendanceCode> = Object.fromEntries(
  (Object.entries(ATTENDANCE_LABELS) as [AttendanceCode, string][]).map(([code, label]) => [label.toLowerCase(), code]),
);

/** "ABSENT" or «Н» (any case) → the code; "" or null → null (clear). */
export const attendanceCode = z.preprocess(
  (v) => (v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? null : v),
  z.union([z.null(), z.string()]).transform((v, ctx) => {
    if (v === null) return null;
    const t = v.trim();
    if ((ATTENDANCE_CODES as readonly string[]).includes(t)) return t as AttendanceCode;
    const byLabel = BY_LABEL[t.toLowerCase()];
    if (byLabel) return byLabel;
    ctx.addIssue({ code: "custom", message: MSG.attendanceCode });
    return z.NEVER;
  }),
);

/** POST /journal/lessons/:lessonId/marks */
export const markInput = z.object({
  studentId: field.id("ученика"),
  assignmentTypeId: field.id("вид работы"),
  value: markValue,
  comment: field.optionalText(500),
  reason,
});
export type MarkInput = z.output<typeof markInput>;

/** POST /journal/lessons/:lessonId/attendance */
export const attendanceInput = z.object({
  studentId: field.id("ученика"),
  code: attendanceCode,
  reason,
});
export type AttendanceInput = z.output<typeof attendanceInput>;

/** POST /journal/:classId/:subjectId/final-marks: periodId null (or "year") is the year mark. */
export const finalMarkInput = z.object({
  studentId: field.id("ученика"),
  periodId: z.preprocess((v) => (v === "year" || v === "" || v === undefined ? null : v), field.optionalId()),
  value: z.preprocess(
    (v) => (v === null || v === undefined ? "" : typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : v),
    z.string({ message: "Неверное значение" }).max(10, "Неверное значение"),
  ),
  reason,
});
export type FinalMarkInput = z.output<typeof finalMarkInput>;

/** The lesson form: date, number, topic, type, homework with its due date, kinds of work. */
export const lessonInput = z.object({
  date: field.date(),
  number: field.optionalInt(1, 8),
  topic: field.optionalText(500),
  lessonType: field.optionalText(200),
  homework: field.optionalText(2000),
  homeworkDue: field.optionalDate(),
  works: field.many(field.id("вид работы")),
});
/**
 * The lesson form's input with the topics of its kinds of work and the plan's topic (R-JRN-11):
 * planItemId null = «тема не из КТП», undefined = the form had no plan select (the link stays);
 * planShown = the topic the form was pre-filled with (lessons.routes.ts parseLesson).
 */
export type LessonInput = z.output<typeof lessonInput> & {
  workTopics?: Record<number, string | null>;
  planItemId?: number | null;
  planShown?: number | null;
};

export const substituteInput = z.object({ substituteId: field.optionalId() });

export const assignmentTypeInput = z.object({
  name: field.text(100),
  shortName: field.text(10),
  weight: field.decimal(0.1, 10).refine((w) => Math.abs(w * 10 - Math.round(w * 10)) < 1e-9, "Не больше одного знака после запятой"),
  isControl: field.checkbox(),
  isAssessment: field.checkbox(),
  sortOrder: z.preprocess((v) => (v === "" || v === undefined ? 0 : v), field.int(0, 999)),
});
export type AssignmentTypeInput = z.output<typeof assignmentTypeInput>;

export const exemptionInput = z
  .object({
    studentId: field.id("ученика"),
    subjectId: field.optionalId(),
    fromDate: field.date(),
    toDate: field.date(),
    reason: field.optionalText(300),
  })
  .refine((e) => !(e.toDate instanceof Date && e.fromDate instanceof Date) || e.toDate.getTime() >= e.fromDate.getTime(), {
    message: MSG.exemptionDates,
    path: ["toDate"],
  });
export type ExemptionInput = z.output<typeof exemptionInput>;

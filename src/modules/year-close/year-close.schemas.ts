/** Forms of closing the year (zod, Russian messages beside the fields). */
import { field, z } from "../../lib/validation.ts";
import { TEXT } from "./year-close.text.ts";

export const DECISION_KINDS = ["PROMOTE", "PROMOTE_CONDITIONAL", "RETAIN", "GRADUATE"] as const;

export const orderSchema = z.object({
  orderNumber: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ message: TEXT.orderNumberRequired }).min(1, TEXT.orderNumberRequired).max(50, "Не длиннее 50 символов"),
  ),
  orderDate: field.date(),
});

/** Issue 17: the deadline of a conditional promotion's debts (empty: the school's default). */
export const debtDeadlineSchema = z.object({ debtDeadline: field.optionalDate() });

/** Issue 17: a liquidated academic debt — the day and the retake's mark. */
export const liquidationSchema = z.object({
  date: field.date(),
  mark: field.enumOf(["3", "4", "5", "зач"] as const, "Выберите отметку"),
});

export const defaultsSchema = orderSchema.extend({ classId: field.optionalId() });

export const closeSchema = z.object({
  confirm: z.preprocess((v) => v === "on" || v === "1" || v === "true", z.literal(true, { message: "Подтвердите закрытие учебного года" })),
});

export const ackSchema = z.object({
  keys: field.many(z.string().max(40)),
  all: field.checkbox(),
});

/** kind-<studentId> fields of the class decisions form. */
export function decisionChoices(body: Record<string, unknown>): {
  choices: { studentId: number; kind: (typeof DECISION_KINDS)[number] }[];
  errors: Record<string, string>;
} {
  const choices: { studentId: number; kind: (typeof DECISION_KINDS)[number] }[] = [];
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = /^kind-(\d{1,9})$/.exec(k);
    if (!m) continue;
    if (v === "" || v === undefined) continue;
    if (typeof v !== "string" || !(DECISION_KINDS as readonly string[]).includes(v)) errors[k] = TEXT.pickDecision;
    else choices.push({ studentId: Number(m[1]), kind: v as (typeof DECISION_KINDS)[number] });
  }
  return { choices, errors };
}

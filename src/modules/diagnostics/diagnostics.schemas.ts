/** Forms of the diagnostic works (zod, Russian messages beside the fields). */
import { field, z } from "../../lib/validation.ts";

export const workSchema = z.object({
  classSubject: z.string({ message: "Выберите класс и предмет" }).regex(/^\d{1,9}:\d{1,9}$/, "Выберите класс и предмет"),
  kind: field.enumOf(["VPR", "DIAGNOSTIC", "ADMINISTRATIVE"] as const, "Выберите вид работы"),
  title: field.optionalText(200),
  date: field.date(),
  maxScore: field.int(1, 1000, "максимальный балл"),
  score3: field.int(0, 1000, "балл"),
  score4: field.int(0, 1000, "балл"),
  score5: field.int(0, 1000, "балл"),
});

export type WorkInput = Omit<z.output<typeof workSchema>, "classSubject"> & { classId: number; subjectId: number };

/** The form's «classId:subjectId» split into ids. */
export function workInput(d: z.output<typeof workSchema>): WorkInput {
  const [classId, subjectId] = d.classSubject.split(":").map(Number) as [number, number];
  return { kind: d.kind, title: d.title, date: d.date, maxScore: d.maxScore, score3: d.score3, score4: d.score4, score5: d.score5, classId, subjectId };
}

/** score-<studentId> fields of the results form. */
export function scoresOf(body: Record<string, unknown>): Map<number, string> {
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(body)) {
    const id = /^score-(\d{1,9})$/.exec(k);
    if (id) m.set(Number(id[1]), typeof v === "string" ? v : "");
  }
  return m;
}

/** The posting and editing form of an announcement, parsed at the edge (Russian messages beside the fields). */
import { field, z } from "../../lib/validation.ts";
import { BODY_MAX, MSG, TITLE_MAX } from "./announcements.text.ts";

const AUDIENCES = ["SCHOOL", "STAFF", "FAMILIES"] as const;

export const announcementInput = z
  .object({
    title: field.text(TITLE_MAX),
    body: z.preprocess(
      (v) => (typeof v === "string" ? v.replace(/\r\n/g, "\n").trim() : (v ?? "")),
      z.string({ message: "Неверное значение" }).max(BODY_MAX, `Не длиннее ${BODY_MAX.toLocaleString("ru-RU")} символов`),
    ),
    audience: field.enumOf(AUDIENCES, MSG.audience),
    toParents: field.checkbox(),
    toStudents: field.checkbox(),
    grades: field.many(field.int(1, 11, "параллель")),
    classIds: field.many(field.id("класс")),
    showUntil: field.optionalDate(),
    pinned: field.checkbox(),
    /** Editing: attachments to remove. */
    removeFiles: field.many(field.id("файл")),
  })
  .superRefine((v, ctx) => {
    if (v.audience !== "FAMILIES") return;
    if (!v.toParents && !v.toStudents) ctx.addIssue({ code: "custom", path: ["recipients"], message: MSG.recipients });
    if (!v.classIds.length && !v.grades.length) ctx.addIssue({ code: "custom", path: ["classIds"], message: MSG.classes });
  })
  .transform((v) => {
    const families = v.audience === "FAMILIES";
    return {
      ...v,
      toParents: families && v.toParents,
      toStudents: families && v.toStudents,
      grades: families ? [...new Set(v.grades)].sort((a, b) => a - b) : [],
      classIds: families ? [...new Set(v.classIds)].sort((a, b) => a - b) : [],
      removeFiles: [...new Set(v.removeFiles)],
    };
  });

export type AnnouncementInput = z.output<typeof announcementInput>;

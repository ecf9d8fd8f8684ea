/** zod at the edge of the «Сетевой город» web API (issue 21): the sign-in form and the diary's queries. */
import { parseIsoDate } from "../../lib/dates.ts";
import { field, z } from "../../lib/validation.ts";

/** POST login (form-encoded): loginType=1, scid, un, pw, pw2, lt, ver (cid, sid, pid, cn, sft are ignored). */
export const loginForm = z.object({
  loginType: z.preprocess((v) => (v === undefined ? "1" : v), z.literal("1")),
  scid: field.id("школу"),
  un: field.text(100),
  pw2: z.string().regex(/^[0-9a-fA-F]{32}$/),
  lt: z.string().min(1).max(64),
  ver: z.string().max(64).optional(),
});
export type LoginForm = z.output<typeof loginForm>;

/** «2026-12-07» or «2026-12-07T00:00:00» (clients send either) as a calendar day. */
const apiDay = z.preprocess((v) => (typeof v === "string" ? parseIsoDate(v.trim().slice(0, 10)) : null), z.date({ message: "Укажите дату" }));

/** GET student/diary and student/diary/pastMandatory. */
export const diaryQuery = z.object({
  studentId: field.id("ученика"),
  weekStart: apiDay,
  weekEnd: apiDay,
  yearId: field.optionalId(),
});

/** ?studentId= of POST student/diary/get-attachments, and its JSON body {"assignId": [...]}. */
export const studentQuery = z.object({ studentId: field.id("ученика") });
export const attachmentsBody = z.object({ assignId: z.array(z.number().int().min(-2147483647).max(2147483647)).max(500) });

/** ?name= of schools/search. */
export const schoolSearch = z.object({ name: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(100)) });

/** POST v2/reports/studentgrades/initfilters: the chosen term. */
export const initFiltersBody = z.object({
  selectedData: z.array(z.object({ filterId: z.string(), filterValue: z.union([z.string(), z.number()]) })).default([]),
});

/** The event form, parsed at the edge (Russian messages beside the fields; issue 18). */
import { daysBetween } from "../../lib/dates.ts";
import { field, z } from "../../lib/validation.ts";
import { DESCRIPTION_MAX, MAX_RECURRENCE_DAYS, MSG, PLACE_MAX, TITLE_MAX, WEEKDAYS } from "./events.text.ts";

const AUDIENCES = ["SCHOOL", "GRADES", "CLASSES", "STAFF", "PARENTS"] as const;
const WEEKDAY_CODES = WEEKDAYS.map((w) => w.code) as unknown as readonly [string, ...string[]];

/** «08:30» → 510 minutes; empty → null. */
const time = z.preprocess(
  (v) => (typeof v === "string" ? v.trim() : (v ?? "")),
  z.string().transform((v, ctx) => {
    if (v === "") return null;
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(v);
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
      ctx.addIssue({ code: "custom", message: MSG.time });
      return z.NEVER;
    }
    return Number(m[1]) * 60 + Number(m[2]);
  }),
);

export const eventInput = z
  .object({
    title: field.text(TITLE_MAX),
    description: z.preprocess(
      (v) => (typeof v === "string" ? v.replace(/\r\n/g, "\n").trim() : (v ?? "")),
      z.string().max(DESCRIPTION_MAX, `Не длиннее ${DESCRIPTION_MAX} символов`),
    ),
    place: z.preprocess((v) => (typeof v === "string" ? v.trim() : (v ?? "")), z.string().max(PLACE_MAX, `Не длиннее ${PLACE_MAX} символов`)),
    audience: field.enumOf(AUDIENCES, MSG.audience),
    grades: field.many(field.int(1, 11, "параллель")),
    classIds: field.many(field.id("класс")),
    startDate: field.date(),
    endDate: field.optionalDate(),
    allDay: field.checkbox(),
    startTime: time,
    endTime: time,
    repeat: field.checkbox(),
    weekdays: field.many(field.enumOf(WEEKDAY_CODES, MSG.weekdays)),
    until: field.optionalDate(),
    removeFile: field.checkbox(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.audience === "CLASSES" && !v.classIds.length) issue("classIds", MSG.classes);
    if (v.audience === "GRADES" && !v.grades.length) issue("grades", MSG.grades);
    const end = v.endDate ?? v.startDate;
    if (end < v.startDate) issue("endDate", MSG.endBeforeStart);
    if (!v.allDay && v.startTime === null) issue("startTime", MSG.startTime);
    if (!v.allDay && v.startTime !== null && v.endTime !== null && end.getTime() === v.startDate.getTime() && v.endTime < v.startTime)
      issue("endTime", MSG.endBeforeStart);
    if (v.repeat) {
      if (!v.weekdays.length) issue("weekdays", MSG.weekdays);
      if (!v.until) issue("until", MSG.until);
      else if (v.until < v.startDate) issue("until", MSG.untilBeforeStart);
      else if (daysBetween(v.startDate, v.until) > MAX_RECURRENCE_DAYS) issue("until", MSG.untilTooFar);
      if (end.getTime() !== v.startDate.getTime()) issue("endDate", MSG.multiDayRepeat);
    }
  })
  .transform((v) => {
    const endDate = v.endDate ?? v.startDate;
    const startMinute = v.allDay ? null : v.startTime;
    // Without an end time an event lasts an hour (within its day).
    const endMinute = v.allDay ? null : (v.endTime ?? Math.min((v.startTime ?? 0) + 60, 24 * 60 - 1));
    return {
      title: v.title,
      description: v.description,
      place: v.place,
      audience: v.audience,
      grades: v.audience === "GRADES" ? [...new Set(v.grades)].sort((a, b) => a - b) : [],
      classIds: v.audience === "CLASSES" || v.audience === "PARENTS" ? [...new Set(v.classIds)].sort((a, b) => a - b) : [],
      startDate: v.startDate,
      endDate,
      startMinute,
      endMinute,
      repeat: v.repeat ? { weekdays: [...new Set(v.weekdays)], until: v.until! } : null,
      removeFile: v.removeFile,
    };
  });

export type EventInput = z.output<typeof eventInput>;

/** The month of the calendar page: ?month=YYYY-MM (anything else: the current month). */
export const monthQuery = z.object({
  month: z.preprocess((v) => (typeof v === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(v) ? v : undefined), z.string().optional()),
});

/** An occurrence's day in a form (cancel, restore). */
export const occurrenceInput = z.object({ date: field.date() });

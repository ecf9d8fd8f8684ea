/** zod schemas of the timetable forms (R-SCH-1..2); Russian messages from schedule.text.ts. */
import { field, z, type FieldErrors } from "../../lib/validation.ts";
import { TEXT, parseTime } from "./schedule.text.ts";

const intIn = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v),
    z.number({ message }).int(message).min(min, message).max(max, message),
  );

export const entrySchema = z.object({
  loadId: field.id("предмет и учителя"),
  roomId: field.optionalId(),
  weekday: intIn(1, 6, TEXT.weekday),
  number: intIn(1, 8, TEXT.number),
  validFrom: field.date(),
  /** Inclusive; empty: until further notice. */
  validTo: field.optionalDate(),
});
/** validTo: undefined keeps an edited entry's end date; null is «until further notice». */
export type EntryInput = Omit<z.output<typeof entrySchema>, "validTo"> & { validTo?: Date | null };

export const removeEntrySchema = z.object({ fromDate: field.date() });

export const CHANGE_KINDS = ["CANCEL", "MOVE", "SUBSTITUTE", "ROOM"] as const;
export const changeSchema = z.object({
  kind: field.enumOf(CHANGE_KINDS, TEXT.kind),
  substituteId: field.optionalId(),
  roomId: field.optionalId(),
  newDate: field.optionalDate(),
  newNumber: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : (v ?? null)), intIn(1, 8, TEXT.number).nullable()),
  note: field.optionalText(500),
});
export type ChangeInput = z.output<typeof changeSchema>;

export const bellSchema = z.object({
  name: field.text(100),
  isDefault: field.checkbox(),
});

export interface SlotInput {
  number: number;
  startMinute: number;
  endMinute: number;
}

/**
 * The slot rows of the bells form (start1/end1 … start8/end8): a row left
 * empty is no lesson; a filled one needs both times, the end after the start,
 * and it must start no earlier than the previous lesson ends.
 */
export function parseSlots(body: Record<string, unknown>): { slots: SlotInput[]; errors: FieldErrors } {
  const slots: SlotInput[] = [];
  const errors: FieldErrors = {};
  for (let n = 1; n <= 8; n++) {
    const s = typeof body[`start${n}`] === "string" ? (body[`start${n}`] as string).trim() : "";
    const e = typeof body[`end${n}`] === "string" ? (body[`end${n}`] as string).trim() : "";
    if (!s && !e) continue;
    const start = parseTime(s);
    const end = parseTime(e);
    if (start === null) errors[`start${n}`] = TEXT.timeFormat;
    if (end === null) errors[`end${n}`] = TEXT.timeFormat;
    if (start === null || end === null) continue;
    if (end <= start) {
      errors[`end${n}`] = TEXT.endAfterStart;
      continue;
    }
    const prev = slots[slots.length - 1];
    if (prev && start < prev.endMinute) errors[`start${n}`] = TEXT.slotOverlap(n);
    slots.push({ number: n, startMinute: start, endMinute: end });
  }
  if (!slots.length && !Object.keys(errors).length) errors.start1 = TEXT.noSlots;
  return { slots, errors };
}

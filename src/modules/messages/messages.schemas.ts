/** The forms of «Сообщения», parsed at the edge (Russian messages beside the fields). */
import { field, z } from "../../lib/validation.ts";
import { BODY_MAX, MSG, REASON_MAX, SUBJECT_MAX } from "./messages.text.ts";

/** The text: line breaks as typed (\n), trimmed; empty is allowed here (a message of files only). */
const body = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/\r\n?/g, "\n").trim() : (v ?? "")),
  z.string({ message: "Неверное значение" }).max(BODY_MAX, `Не длиннее ${BODY_MAX.toLocaleString("ru-RU")} символов`),
);

export const newMessageInput = z.object({
  /** Individuals of the address book (user ids). */
  to: field.many(field.id("получателя")),
  /** Class groups («parents:12»); checked against the address book by the service. */
  groups: field.many(z.string().max(40)),
  subject: z.preprocess(
    (v) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : v),
    z.string({ message: MSG.subject }).min(1, MSG.subject).max(SUBJECT_MAX, `Не длиннее ${SUBJECT_MAX} символов`),
  ),
  body,
  /** «Также отправить на внешний адрес e-mail»: one address. */
  externalEmail: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null),
    z.email({ message: MSG.email }).max(254, MSG.email).nullable(),
  ),
  /** The message forwarded (its text is quoted, its files go along). */
  forward: field.optionalId(),
});
export type NewMessageInput = z.output<typeof newMessageInput>;

export const replyInput = z.object({ body });
export type ReplyInput = z.output<typeof replyInput>;

export const complaintInput = z.object({
  messageId: field.id("сообщение"),
  reason: field.optionalText(REASON_MAX),
});
export type ComplaintInput = z.output<typeof complaintInput>;

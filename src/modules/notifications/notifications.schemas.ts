/** The forms of the «Уведомления» section of «Персональные настройки», parsed with zod. */
import { parseForm, z, type FieldErrors } from "../../lib/validation.ts";
import type { NotificationKind } from "../../generated/prisma/client.ts";
import type { Channels } from "./kinds.ts";
import type { SettingsInput } from "./settings.ts";
import { TEXT } from "./notifications.text.ts";

/** A ticked box sends "1", an unticked one nothing; anything else is not this form's. */
const checked = z
  .enum(["1"], { message: "Неверное значение: обновите страницу и отметьте заново" })
  .optional()
  .transform((v) => v === "1");
/** Absent (the select is disabled without a confirmed address): the saved choice is kept. */
const frequency = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(["IMMEDIATE", "DAILY", "WEEKLY"], { message: "Выберите, как часто присылать письма" }).optional(),
);

/** The grid: `inApp_<KIND>`, `email_<KIND>`, `frequency_<KIND>` for the kinds offered, and `copyMessages`. */
export function parseSettingsForm(
  body: Record<string, unknown>,
  kinds: readonly NotificationKind[],
): { ok: true; data: SettingsInput } | { ok: false; errors: FieldErrors } {
  // `shown` marks the form as this page's: a post without it (or with garbage) changes nothing.
  const shape: Record<string, z.ZodType> = { shown: z.literal("1", { message: TEXT.staleForm }), copyMessages: checked };
  for (const k of kinds) Object.assign(shape, { [`inApp_${k}`]: checked, [`email_${k}`]: checked, [`frequency_${k}`]: frequency });
  const r = parseForm(z.object(shape), body);
  if (!r.ok) return r;
  const d = r.data as Record<string, unknown>;
  const channels: SettingsInput["channels"] = {};
  for (const k of kinds)
    channels[k] = { inApp: d[`inApp_${k}`] === true, email: d[`email_${k}`] === true, frequency: d[`frequency_${k}`] as Channels["frequency"] | undefined };
  return { ok: true, data: { channels, copyMessages: d.copyMessages === true } };
}

const addressSchema = z.object({
  address: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().min(1, TEXT.addressInvalid).max(254, TEXT.addressInvalid).email(TEXT.addressInvalid),
  ),
});

/** The address form: a plausible e-mail address. */
export function parseAddressForm(body: Record<string, unknown>): { ok: true; address: string } | { ok: false; errors: FieldErrors } {
  const r = parseForm(addressSchema, body);
  return r.ok ? { ok: true, address: r.data.address } : r;
}

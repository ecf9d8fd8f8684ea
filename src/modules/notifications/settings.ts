/**
 * A user's notification settings (issue 15): the e-mail address and its confirmation by a link,
 * the channels per kind (in the product / by e-mail) and the frequency of marks' letters, the copy
 * of messages by e-mail, and unsubscribing from a letter's link. Every function works on the
 * user's own rows only (the account page passes the signed-in actor; the public links carry a
 * signed or hashed token).
 */
import type { Actor } from "../../access/actor.ts";
import { clock } from "../../lib/clock.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { ValidationError } from "../../lib/errors.ts";
import type { NotificationFrequency, NotificationKind } from "../../generated/prisma/client.ts";
import { emailOn, queueLetters, inTransaction } from "./delivery.ts";
import { defaultChannels, DIGEST_KINDS, NOTIFICATION_KINDS, type Channels } from "./kinds.ts";
import { composeLetter, productUrl } from "./letters.ts";
import { confirmationLetter, KIND_NAMES, TEXT } from "./notifications.text.ts";
import { hashToken, newConfirmationToken, unsubscribeUrl, type UnsubscribeTarget } from "./tokens.ts";

/** A confirmation link is valid this long. */
export const CONFIRM_TTL_MS = 48 * 3600_000;
/** A new confirmation letter no sooner than this after the last. */
const RESEND_AFTER_MS = 60_000;

export interface Recipient extends Channels {
  /** The confirmed address when e-mail is on for this kind; null otherwise. */
  address: string | null;
}

/**
 * The channels of each user of the school for one kind: saved choices, else the defaults. Users of
 * another school and blocked accounts are left out. For MESSAGE, e-mail is the copy of messages.
 */
export async function recipients(db: Db, schoolId: number, userIds: readonly number[], kind: NotificationKind): Promise<Map<number, Recipient>> {
  const ids = [...new Set(userIds)];
  const out = new Map<number, Recipient>();
  if (!ids.length) return out;
  const [users, saved, addresses] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids }, schoolId, blocked: false }, select: { id: true } }),
    db.notificationSetting.findMany({ where: { userId: { in: ids }, kind } }),
    db.emailAddress.findMany({
      where: { userId: { in: ids }, schoolId, confirmedAt: { not: null } },
      select: { userId: true, address: true, copyMessages: true },
    }),
  ]);
  const savedBy = new Map(saved.map((s) => [s.userId, s]));
  const addressBy = new Map(addresses.map((a) => [a.userId, a]));
  for (const { id } of users) {
    const a = addressBy.get(id);
    const s = savedBy.get(id);
    const c: Channels = s ? { inApp: s.inApp, email: s.email, frequency: s.frequency } : defaultChannels(kind, !!a);
    const email = kind === "MESSAGE" ? !!a?.copyMessages : c.email;
    out.set(id, { ...c, email: email && !!a, address: email && a ? a.address : null });
  }
  return out;
}

/** Confirmed addresses of users with e-mail on for the kind (MESSAGE: «копия сообщений на e-mail»). */
export async function emailTargets(db: Db, schoolId: number, userIds: readonly number[], kind: NotificationKind): Promise<Map<number, string>> {
  const all = await recipients(db, schoolId, userIds, kind);
  return new Map([...all].filter(([, r]) => r.address).map(([id, r]) => [id, r.address!]));
}

export interface SettingsView {
  mailOn: boolean;
  address: { address: string; confirmed: boolean; sentAt: Date | null } | null;
  copyMessages: boolean;
  rows: { kind: NotificationKind; name: string; inApp: boolean; email: boolean; frequency: NotificationFrequency; digest: boolean }[];
}

/** The «Уведомления» section of the account page for the actor's own kinds. */
export async function settingsView(actor: Actor, kinds: readonly NotificationKind[]): Promise<SettingsView> {
  const [saved, addr] = await Promise.all([
    prisma.notificationSetting.findMany({ where: { userId: actor.userId } }),
    prisma.emailAddress.findUnique({ where: { userId: actor.userId } }),
  ]);
  const confirmed = !!addr?.confirmedAt;
  const savedBy = new Map(saved.map((s) => [s.kind, s]));
  return {
    mailOn: emailOn(),
    address: addr ? { address: addr.address, confirmed, sentAt: addr.tokenSentAt } : null,
    copyMessages: !!addr?.copyMessages,
    rows: kinds.map((kind) => {
      const s = savedBy.get(kind);
      const c = s ? { inApp: s.inApp, email: s.email, frequency: s.frequency } : defaultChannels(kind, confirmed);
      return { kind, name: KIND_NAMES[kind], ...c, email: kind === "MESSAGE" ? !!addr?.copyMessages : c.email, digest: DIGEST_KINDS.has(kind) };
    }),
  };
}

export interface SettingsInput {
  /** frequency undefined: kept as saved. */
  channels: Partial<Record<NotificationKind, Omit<Channels, "frequency"> & { frequency?: NotificationFrequency }>>;
  copyMessages: boolean;
}

/**
 * Saves the actor's choices for the kinds offered to them. Without a confirmed address the e-mail
 * choices and frequencies are kept as they were (the controls are not offered).
 */
export async function saveSettings(actor: Actor, kinds: readonly NotificationKind[], input: SettingsInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const addr = await tx.emailAddress.findUnique({ where: { userId: actor.userId } });
    const confirmed = !!addr?.confirmedAt;
    for (const kind of kinds) {
      const c = input.channels[kind];
      if (!c) continue;
      const before = await tx.notificationSetting.findUnique({ where: { userId_kind: { userId: actor.userId, kind } } });
      const defaults = defaultChannels(kind, confirmed);
      const email = confirmed && kind !== "MESSAGE" ? c.email : (before?.email ?? defaults.email);
      const frequency = !DIGEST_KINDS.has(kind) ? "IMMEDIATE" : confirmed && c.frequency ? c.frequency : (before?.frequency ?? defaults.frequency);
      await tx.notificationSetting.upsert({
        where: { userId_kind: { userId: actor.userId, kind } },
        create: { userId: actor.userId, kind, schoolId: actor.schoolId, inApp: c.inApp, email, frequency },
        update: { inApp: c.inApp, email, frequency },
      });
    }
    if (addr && confirmed) await tx.emailAddress.update({ where: { userId: actor.userId }, data: { copyMessages: input.copyMessages } });
  });
}

async function personOf(db: Db, userId: number) {
  const u = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { person: { select: { firstName: true, middleName: true } }, school: true } });
  return { name: [u.person.firstName, u.person.middleName].filter(Boolean).join(" "), school: u.school };
}

/** Queues the confirmation letter for the address with a fresh token (in `db`'s transaction). */
async function sendConfirmation(db: Db, userId: number, address: string): Promise<void> {
  const { token, hash } = newConfirmationToken();
  await db.emailAddress.update({ where: { userId }, data: { tokenHash: hash, tokenSentAt: clock.now() } });
  const { name, school } = await personOf(db, userId);
  const letter = confirmationLetter({ schoolName: school.name, name, url: productUrl(`/email/confirm/${token}`) });
  const unsubscribe = unsubscribeUrl({ kind: "user", userId, what: "ALL" });
  const body = composeLetter({ body: letter.text, schoolName: school.name, kind: null, unsubscribeUrl: unsubscribe, subject: letter.subject });
  await queueLetters(db, [
    {
      schoolId: school.id,
      userId,
      to: address,
      kind: "CONFIRM",
      subject: letter.subject,
      ...body,
      unsubscribeUrl: unsubscribe,
      dedupeKey: `confirm:${userId}:${hash}`,
    },
  ]);
}

/**
 * Sets the actor's address (null removes it): a new address is unconfirmed until its link is
 * opened, and gets the letter at once (when e-mail is on). Returns the message for the page.
 */
export async function setAddress(actor: Actor, address: string | null): Promise<string> {
  if (address === null) {
    await prisma.emailAddress.deleteMany({ where: { userId: actor.userId } });
    return TEXT.addressRemoved;
  }
  const normalized = address.trim();
  if (!/^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/.test(normalized) || normalized.length > 254) {
    throw new ValidationError({ address: TEXT.addressInvalid });
  }
  await inTransaction(prisma, async (tx) => {
    const before = await tx.emailAddress.findUnique({ where: { userId: actor.userId } });
    const same = before && before.address.toLowerCase() === normalized.toLowerCase();
    if (same && before.confirmedAt) return;
    // The same address again within a minute: no second letter (the form is not a way to flood a mailbox).
    if (same && before.tokenSentAt && clock.nowMs() - before.tokenSentAt.getTime() < RESEND_AFTER_MS) return;
    await tx.emailAddress.upsert({
      where: { userId: actor.userId },
      create: { userId: actor.userId, schoolId: actor.schoolId, address: normalized },
      update: { address: normalized, confirmedAt: null, tokenHash: null, tokenSentAt: null, copyMessages: false },
    });
    if (emailOn()) await sendConfirmation(tx, actor.userId, normalized);
  });
  return emailOn() ? TEXT.addressSaved(normalized) : TEXT.addressSavedMailOff;
}

/** Sends the confirmation letter again (not more often than once a minute). */
export async function resendConfirmation(actor: Actor): Promise<string> {
  return inTransaction(prisma, async (tx) => {
    const a = await tx.emailAddress.findUnique({ where: { userId: actor.userId } });
    if (!a || a.confirmedAt) return TEXT.confirmed(a?.address ?? "");
    if (!emailOn()) return TEXT.mailOff;
    if (a.tokenSentAt && clock.nowMs() - a.tokenSentAt.getTime() < RESEND_AFTER_MS) return TEXT.resendTooSoon;
    await sendConfirmation(tx, actor.userId, a.address);
    return TEXT.addressSaved(a.address);
  });
}

/** The address a confirmation token is for, if the token is valid. */
export async function pendingConfirmation(token: string): Promise<{ userId: number; address: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const a = await prisma.emailAddress.findFirst({ where: { tokenHash: hashToken(token), confirmedAt: null } });
  if (!a?.tokenSentAt || clock.nowMs() - a.tokenSentAt.getTime() > CONFIRM_TTL_MS) return null;
  return { userId: a.userId, address: a.address };
}

/** Confirms the address of a valid token; null when the token is bad or expired. */
export async function confirmAddress(token: string): Promise<string | null> {
  const pending = await pendingConfirmation(token);
  if (!pending) return null;
  const n = await prisma.emailAddress.updateMany({
    where: { userId: pending.userId, tokenHash: hashToken(token), confirmedAt: null },
    data: { confirmedAt: clock.now(), tokenHash: null },
  });
  return n.count ? pending.address : null;
}

/** What a token unsubscribes from, in words, and for whom. */
export async function describeUnsubscribe(t: UnsubscribeTarget): Promise<{ what: string; address: string | null } | null> {
  if (t.kind === "address") return { what: TEXT.externalLetters, address: t.address };
  const [u, a] = await Promise.all([
    prisma.user.findUnique({ where: { id: t.userId }, select: { id: true } }),
    prisma.emailAddress.findUnique({ where: { userId: t.userId }, select: { address: true } }),
  ]);
  if (!u) return null;
  return { what: t.what === "ALL" ? TEXT.allLetters : KIND_NAMES[t.what], address: a?.address ?? null };
}

/** Turns the letters of a token off (RFC 8058 one-click; no sign-in). Returns false for an unknown user. */
export async function unsubscribe(t: UnsubscribeTarget): Promise<boolean> {
  if (t.kind === "address") {
    const school = await prisma.school.findUnique({ where: { id: t.schoolId }, select: { id: true } });
    if (!school) return false;
    await prisma.emailOptOut.upsert({
      where: { schoolId_address: { schoolId: t.schoolId, address: t.address.toLowerCase() } },
      create: { schoolId: t.schoolId, address: t.address.toLowerCase() },
      update: {},
    });
    return true;
  }
  const user = await prisma.user.findUnique({ where: { id: t.userId }, select: { id: true, schoolId: true } });
  if (!user) return false;
  const kinds = t.what === "ALL" ? NOTIFICATION_KINDS : [t.what];
  await prisma.$transaction(async (tx) => {
    const addr = await tx.emailAddress.findUnique({ where: { userId: user.id } });
    for (const kind of kinds) {
      const keep = defaultChannels(kind, !!addr?.confirmedAt);
      await tx.notificationSetting.upsert({
        where: { userId_kind: { userId: user.id, kind } },
        create: { userId: user.id, kind, schoolId: user.schoolId, inApp: keep.inApp, email: false, frequency: keep.frequency },
        update: { email: false },
      });
    }
    if (addr && (t.what === "ALL" || t.what === "MESSAGE")) await tx.emailAddress.update({ where: { userId: user.id }, data: { copyMessages: false } });
  });
  return true;
}

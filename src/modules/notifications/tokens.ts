/**
 * Tokens of the links in letters.
 * - Unsubscribe (RFC 8058 one-click, works without signing in): an HMAC with SESSION_SECRET over
 *   «user id + kind» (or «school + outside address»), so nothing is stored and nobody can make one
 *   for another user. A kind of «ALL» stops every letter of the user.
 * - Address confirmation: a random token sent in the letter; only its SHA-256 is stored
 *   (EmailAddress.tokenHash), valid 48 hours.
 */
import crypto from "node:crypto";
import { config } from "../../config.ts";
import type { NotificationKind } from "../../generated/prisma/client.ts";
import { NOTIFICATION_KINDS } from "./kinds.ts";

export type UnsubscribeTarget = { kind: "user"; userId: number; what: NotificationKind | "ALL" } | { kind: "address"; schoolId: number; address: string };

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");

function sign(payload: string): string {
  return crypto.createHmac("sha256", config().sessionSecret).update(`unsubscribe:${payload}`).digest("base64url").slice(0, 32);
}

function payloadOf(t: UnsubscribeTarget): string {
  return t.kind === "user" ? `u.${t.userId}.${t.what}` : `a.${t.schoolId}.${b64(t.address.toLowerCase())}`;
}

export function unsubscribeToken(t: UnsubscribeTarget): string {
  const payload = payloadOf(t);
  return `${b64(payload)}.${sign(payload)}`;
}

export function unsubscribeUrl(t: UnsubscribeTarget): string {
  return `${config().publicUrl}/unsubscribe/${unsubscribeToken(t)}`;
}

/** The target of a token, or null for anything forged, damaged or unknown. */
export function readUnsubscribeToken(token: string): UnsubscribeTarget | null {
  const m = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const payload = Buffer.from(m[1]!, "base64url").toString("utf8");
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  const user = /^u\.(\d{1,10})\.([A-Z_]+)$/.exec(payload);
  if (user) {
    const what = user[2] as NotificationKind | "ALL";
    if (what !== "ALL" && !NOTIFICATION_KINDS.includes(what)) return null;
    return { kind: "user", userId: Number(user[1]), what };
  }
  const address = /^a\.(\d{1,10})\.([A-Za-z0-9_-]+)$/.exec(payload);
  if (address) return { kind: "address", schoolId: Number(address[1]), address: Buffer.from(address[2]!, "base64url").toString("utf8") };
  return null;
}

/** A new confirmation token and the hash to store. */
export function newConfirmationToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** A stable Message-ID of a delivery: the same letter retried is the same message for the mail programs. */
export function messageIdOf(deliveryId: number, domain: string): string {
  const tag = crypto.createHmac("sha256", config().sessionSecret).update(`message-id:${deliveryId}`).digest("hex").slice(0, 12);
  return `delivery-${deliveryId}.${tag}@${domain}`;
}

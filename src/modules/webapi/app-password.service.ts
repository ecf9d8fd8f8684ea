/**
 * «Пароль для приложений» (issue 21): a parent's or a student's second password for diary apps
 * that speak the «Сетевой город» web API. Opt-in and revocable; random ASCII shown once; only its
 * MD5 hex is kept, because the protocol proves the password as md5(salt + md5hex(password)) and an
 * argon2 hash of the real password cannot answer that. It opens nothing but the read-only /webapi.
 * Creating and revoking are audited (R-REG-6) and end the apps' sessions in the same transaction.
 */
import crypto from "node:crypto";
import type { Actor } from "../../access/actor.ts";
import { assertCan } from "../../access/policy.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { prisma } from "../../lib/db.ts";
import { temporaryPassword } from "../../lib/passwords.ts";
import { canUseAppPassword } from "./webapi.policy.ts";

/** What the «Пароль для приложений» section shows. */
export interface AppPasswordView {
  /** The user may have one (a parent or a student). */
  allowed: boolean;
  exists: boolean;
  createdAt: Date | null;
  lastUsedAt: Date | null;
}

/** Lower-case hex MD5 of an ASCII password, as the clients compute md5hex(cp1251(password)). */
export function md5Hex(text: string): string {
  return crypto.createHash("md5").update(Buffer.from(text, "latin1")).digest("hex");
}

/** A new random password: four groups of four easy-to-read ASCII letters and digits («Kd3f-…»), about 90 bits. */
export function newAppPassword(): string {
  return temporaryPassword(16).match(/.{4}/g)!.join("-");
}

/** The own app password's state for the settings page (never the password: it is not kept). */
export async function appPasswordView(actor: Actor): Promise<AppPasswordView> {
  if (!canUseAppPassword(actor)) return { allowed: false, exists: false, createdAt: null, lastUsedAt: null };
  const row = await prisma.appPassword.findUnique({ where: { userId: actor.userId }, select: { createdAt: true, lastUsedAt: true } });
  return { allowed: true, exists: !!row, createdAt: row?.createdAt ?? null, lastUsedAt: row?.lastUsedAt ?? null };
}

/**
 * Issue 21: creates the actor's app password, replacing an earlier one (whose app sessions end).
 * Returns the password — the only time it exists in clear. Forbidden for staff (catalogue).
 */
export async function createAppPassword(actor: Actor): Promise<{ password: string; replaced: boolean }> {
  assertCan(actor, "create", "app-password");
  const password = newAppPassword();
  const md5 = md5Hex(password);
  const now = clock.now();
  const replaced = await prisma.$transaction(async (tx) => {
    const old = await tx.appPassword.findUnique({ where: { userId: actor.userId }, select: { id: true } });
    await tx.appPassword.upsert({
      where: { userId: actor.userId },
      create: { schoolId: actor.schoolId, userId: actor.userId, md5, createdAt: now },
      update: { md5, createdAt: now, lastUsedAt: null },
    });
    await tx.webApiSession.deleteMany({ where: { userId: actor.userId } });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "app-password",
      entityId: actor.userId,
      action: "create",
      newValue: { replaced: !!old },
    });
    return !!old;
  });
  return { password, replaced };
}

/** Issue 21: revokes the actor's app password and ends its app sessions; false when there was none. */
export async function revokeAppPassword(actor: Actor): Promise<boolean> {
  assertCan(actor, "delete", "app-password");
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.appPassword.deleteMany({ where: { userId: actor.userId } });
    await tx.webApiSession.deleteMany({ where: { userId: actor.userId } });
    if (count) await audit(tx, { schoolId: actor.schoolId, actorId: actor.userId, entity: "app-password", entityId: actor.userId, action: "revoke" });
    return count > 0;
  });
}

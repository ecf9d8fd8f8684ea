/**
 * Personal API tokens (issue 21): created by their owner in «Персональные настройки», shown once,
 * kept only as the SHA-256 of the token text; read-only or read-write; 30, 90 or 365 days. The
 * owner revokes own tokens, the administrator any of the school; creating and revoking are audited.
 */
import crypto from "node:crypto";
import type { Actor } from "../../access/actor.ts";
import { loadActor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { clock } from "../../lib/clock.ts";
import { pgPool, prisma } from "../../lib/db.ts";
import { NotFound, Unauthorized, ValidationError } from "../../lib/errors.ts";
import { fullName } from "../../lib/names.ts";
import { assertCreatesTokens, revocableTokens, seesSchoolTokens } from "./tokens.policy.ts";
import type { TokenForm } from "./tokens.schemas.ts";
import { MAX_LIVE_TOKENS, TOKEN_TEXT } from "./tokens.text.ts";

/** Every token starts with this, so a leaked one is recognised (secret scanners, logs, chats). */
export const TOKEN_PREFIX = "ejapi_";
/** 32 random bytes in base64url after the prefix. */
const TOKEN_PATTERN = /^ejapi_[A-Za-z0-9_-]{43}$/;
/** The last use is written at most once per this many milliseconds (reads stay reads). */
export const LAST_USED_EVERY_MS = 60_000;

export function tokenHash(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export interface TokenRow {
  id: number;
  name: string;
  hint: string;
  canWrite: boolean;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** «действует», «истёк», «отозван». */
  state: string;
  live: boolean;
}

export interface SchoolTokenRow extends TokenRow {
  owner: string;
  login: string;
}

function stateOf(t: { revokedAt: Date | null; expiresAt: Date }, now: Date): { state: string; live: boolean } {
  if (t.revokedAt) return { state: TOKEN_TEXT.revokedAt, live: false };
  if (t.expiresAt <= now) return { state: TOKEN_TEXT.expired, live: false };
  return { state: TOKEN_TEXT.active, live: true };
}

const TOKEN_SELECT = {
  id: true,
  name: true,
  hint: true,
  canWrite: true,
  createdAt: true,
  expiresAt: true,
  revokedAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
} as const;

/** The actor's own tokens, newest first. */
export async function ownTokens(actor: Actor, now = clock.now()): Promise<TokenRow[]> {
  const rows = await prisma.apiToken.findMany({ where: { userId: actor.userId, schoolId: actor.schoolId }, select: TOKEN_SELECT, orderBy: { id: "desc" } });
  return rows.map((t) => ({ ...t, ...stateOf(t, now) }));
}

/** Rows a page of the administrator's list. */
export const SCHOOL_TOKENS_PAGE = 50;

/** A page of every token of the actor's school with its owner, newest first (the administrator's page); NotFound for others. */
export async function schoolTokens(actor: Actor, page = 1, now = clock.now()): Promise<{ rows: SchoolTokenRow[]; page: number; pages: number; total: number }> {
  if (!seesSchoolTokens(actor)) throw new NotFound();
  const where = { schoolId: actor.schoolId };
  const [total, rows] = await Promise.all([
    prisma.apiToken.count({ where }),
    prisma.apiToken.findMany({
      where,
      select: { ...TOKEN_SELECT, user: { select: { login: true, person: { select: { lastName: true, firstName: true, middleName: true } } } } },
      orderBy: { id: "desc" },
      skip: (page - 1) * SCHOOL_TOKENS_PAGE,
      take: SCHOOL_TOKENS_PAGE,
    }),
  ]);
  return {
    rows: rows.map(({ user, ...t }) => ({ ...t, ...stateOf(t, now), owner: fullName(user.person), login: user.login })),
    page,
    pages: Math.max(1, Math.ceil(total / SCHOOL_TOKENS_PAGE)),
    total,
  };
}

/**
 * Creates a token for the actor and returns its text (shown once; only its hash is stored).
 * Throws Forbidden when the catalogue says no, ValidationError { name } over MAX_LIVE_TOKENS.
 */
export async function createToken(actor: Actor, form: TokenForm, now = clock.now()): Promise<{ id: number; token: string; expiresAt: Date }> {
  assertCreatesTokens(actor);
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + form.days * 86_400_000);
  return prisma.$transaction(async (tx) => {
    // Serialises the user's own creations so the limit holds under double clicks.
    await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${actor.userId} FOR UPDATE`;
    const live = await tx.apiToken.count({ where: { userId: actor.userId, revokedAt: null, expiresAt: { gt: now } } });
    if (live >= MAX_LIVE_TOKENS) throw new ValidationError({ name: TOKEN_TEXT.tooMany });
    const row = await tx.apiToken.create({
      data: {
        schoolId: actor.schoolId,
        userId: actor.userId,
        name: form.name,
        hash: tokenHash(token),
        hint: token.slice(0, TOKEN_PREFIX.length + 4),
        canWrite: form.scope === "write",
        createdAt: now,
        expiresAt,
      },
    });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "api-token",
      entityId: row.id,
      action: "create",
      newValue: { userId: actor.userId, name: row.name, canWrite: row.canWrite, expiresAt: row.expiresAt },
    });
    return { id: row.id, token, expiresAt };
  });
}

/**
 * Revokes a token: one of the own ("own"), or (the administrator, "school") any of the school.
 * NotFound for any other id. Returns false when it was already revoked. Audited with the owner and the name.
 */
export async function revokeToken(actor: Actor, tokenId: number, which: "own" | "school" = "own", now = clock.now()): Promise<boolean> {
  const reachable = revocableTokens(actor);
  if (!reachable) throw new NotFound();
  const scope = which === "own" ? { schoolId: actor.schoolId, userId: actor.userId } : reachable;
  return prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, ...scope }, select: { id: true, userId: true, name: true, revokedAt: true } });
    if (!token) throw new NotFound();
    const { count } = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now, revokedById: actor.userId } });
    if (!count) return false;
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "api-token",
      entityId: token.id,
      action: "revoke",
      oldValue: { userId: token.userId, name: token.name, revokedAt: null },
      newValue: { revokedAt: now },
    });
    return true;
  });
}

export interface TokenAuth {
  tokenId: number;
  canWrite: boolean;
  actor: Actor;
}

interface TokenLookup {
  id: number;
  userId: number;
  schoolId: number;
  canWrite: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/**
 * The actor behind a bearer token, or Unauthorized: an unknown, malformed, expired or revoked
 * token, or an owner who is blocked, locked out or gone. Records the last use (time and address)
 * at most once a minute.
 */
export async function authenticateToken(token: string, ip: string | null, now = clock.now()): Promise<TokenAuth> {
  if (!TOKEN_PATTERN.test(token)) throw new Unauthorized(API_AUTH_TEXT.invalid);
  const { rows } = await pgPool().query<TokenLookup>({
    name: "api-token",
    // Prisma keeps UTC in "timestamp without time zone": read as UTC instants.
    text: `SELECT id, "userId", "schoolId", "canWrite", "expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
                  "revokedAt" AT TIME ZONE 'UTC' AS "revokedAt", "lastUsedAt" AT TIME ZONE 'UTC' AS "lastUsedAt"
             FROM "ApiToken" WHERE hash = $1`,
    values: [tokenHash(token)],
  });
  const row = rows[0];
  if (!row) throw new Unauthorized(API_AUTH_TEXT.invalid);
  if (row.revokedAt) throw new Unauthorized(API_AUTH_TEXT.revoked);
  if (row.expiresAt <= now) throw new Unauthorized(API_AUTH_TEXT.expired);
  const actor = await loadActor(row.userId, now);
  if (!actor || actor.schoolId !== row.schoolId) throw new Unauthorized(API_AUTH_TEXT.blocked);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) {
    await pgPool().query({
      name: "api-token-used",
      text: `UPDATE "ApiToken" SET "lastUsedAt" = $2::timestamptz AT TIME ZONE 'UTC', "lastUsedIp" = $3 WHERE id = $1`,
      values: [row.id, now, ip?.slice(0, 64) ?? null],
    });
  }
  return { tokenId: row.id, canWrite: row.canWrite, actor };
}

export const API_AUTH_TEXT = {
  missing: "Нужен токен: передайте его в заголовке «Authorization: Bearer <токен>». Токен создаётся в «Персональных настройках».",
  invalid: "Токен не найден или записан неверно.",
  revoked: "Токен отозван.",
  expired: "Срок действия токена истёк: создайте новый в «Персональных настройках».",
  blocked: "Учётная запись владельца токена заблокирована или недоступна.",
  readOnly: "Этот токен только для чтения: для записи создайте токен с правами «Чтение и запись».",
} as const;

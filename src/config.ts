/**
 * The environment, read once and validated with zod. A bad value stops the
 * process with a message that names the variable and what is expected.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import util from "node:util";
import { z } from "zod";

const DEV_SECRET = "dev-only-secret-change-me-in-production-0123456789";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "ожидается номер порта" })
    .int("ожидается целое число")
    .min(1, "порт должен быть от 1 до 65535")
    .max(65535, "порт должен быть от 1 до 65535")
    .default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "ожидается адрес вида postgresql://пользователь:пароль@сервер:5432/база")
    .optional(),
  /** A streaming replica the evening's reads go to (issue 20, src/lib/replica.ts). */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, "ожидается адрес вида postgresql://пользователь:пароль@сервер:5432/база")
    .optional(),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(1).max(3600).default(5),
  REPLICA_READ_YOUR_WRITES_SECONDS: z.coerce.number().min(1).max(3600).default(10),
  DATA_DIR: z.string().min(1).default("./data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54320),
  /** Backups of the embedded database (WAL archive, base backups); default DATA_DIR/backups. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** A second folder (another disk, a mounted share) the backups are mirrored to. */
  BACKUP_COPY_DIR: z
    .string()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  BACKUP_KEEP_DAILY: z.coerce.number({ message: "ожидается число копий" }).int().min(1).max(365).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number({ message: "ожидается число копий" }).int().min(0).max(520).default(4),
  SESSION_SECRET: z.string().min(32, "секрет сессии должен быть не короче 32 символов").default(DEV_SECRET),
  SESSION_IDLE_MINUTES: z.coerce
    .number({ message: "ожидается число минут" })
    .int("ожидается целое число минут")
    .min(1, "от 1 до 1440 минут")
    .max(1440, "от 1 до 1440 минут")
    .default(30),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Failed sign-ins from one address in 15 minutes (successful ones are not counted). */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(40),
  /** Requests per minute per API token (/api/v1, issue 21). */
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
  /**
   * Connections per process. A few per core: on 2 cores 5 connections serve the diary week ~9 %
   * faster than 10 under 32 concurrent parents (more backends than cores only add switching;
   * measured with npm run bench, see bench/README.md).
   */
  DB_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(Math.max(4, os.availableParallelism() * 2 + 1)),
  /** argon2 memory cost in KiB (OWASP minimum 19 MiB); tests lower it. */
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(1024).default(19456),
  LOG_REQUESTS: z.enum(["true", "false"]).default("false"),
  /** Who may read GET /metrics: these addresses (comma-separated), or a request with «Authorization: Bearer METRICS_TOKEN». */
  METRICS_ALLOW: z.string().default("127.0.0.1,::1"),
  METRICS_TOKEN: z
    .string()
    .min(16, "не короче 16 символов")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Outgoing e-mail (issue 15): an SMTP server as a URL, e.g. smtps://user:password@smtp.example.ru:465
   * or smtp://localhost:25. Unset: e-mail is off (nothing is queued, the settings page says so).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "ожидается адрес вида smtp://пользователь:пароль@сервер:587 или smtps://…:465")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The sender of every letter, e.g. «Электронный журнал <journal@school.example.ru>». */
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "ожидается адрес вида journal@school.ru или «Журнал <journal@school.ru>»")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The address of the product as users reach it (links in letters: confirmation, unsubscribe). */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, "ожидается адрес вида https://journal.school.ru")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** One upload (all files of one form together), in MB; the school's own limits are lower. */
  UPLOAD_LIMIT_MB: z.coerce.number({ message: "ожидается число мегабайт" }).int().min(1).max(1024).default(100),
  /** Background jobs (pg-boss): retries of a failed job (a letter while SMTP is down) and the first delay, doubled each time. */
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(10),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an idle worker asks for new jobs (a job queued by this process wakes it at once). */
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  /** Worker processes serving HTTP (node:cluster); "auto" = one per CPU core. */
  WEB_CONCURRENCY: z
    .union([z.literal("auto"), z.coerce.number().int().min(1).max(64)], { message: "ожидается число процессов от 1 до 64 или auto" })
    .default(1),
});

export type Config = ReturnType<typeof parse>;

function parse(env: NodeJS.ProcessEnv) {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = String(i.path[0]);
      return `  ${key}=${JSON.stringify(env[key] ?? "")}: ${i.message}`;
    });
    throw new ConfigError(`Ошибка в настройках окружения:\n${lines.join("\n")}`);
  }
  const e = result.data;
  if (e.NODE_ENV === "production" && e.SESSION_SECRET === DEV_SECRET) {
    throw new ConfigError("Ошибка в настройках окружения:\n  SESSION_SECRET: в рабочем режиме задайте свой секрет (не короче 32 символов)");
  }
  return {
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === "production",
    isTest: e.NODE_ENV === "test",
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replica: e.DATABASE_REPLICA_URL
      ? {
          url: e.DATABASE_REPLICA_URL,
          maxLagSeconds: e.REPLICA_MAX_LAG_SECONDS,
          // At least the lag bound and a check's interval: a browser's write is on the replica before it reads there again.
          recentWriteSeconds: Math.max(e.REPLICA_READ_YOUR_WRITES_SECONDS, e.REPLICA_MAX_LAG_SECONDS + 2),
        }
      : undefined,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    backupDir: path.resolve(e.BACKUP_DIR ?? path.join(e.DATA_DIR, "backups")),
    backupCopyDir: e.BACKUP_COPY_DIR ? path.resolve(e.BACKUP_COPY_DIR) : undefined,
    backupKeep: { daily: e.BACKUP_KEEP_DAILY, weekly: e.BACKUP_KEEP_WEEKLY },
    sessionSecret: e.SESSION_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY === "true",
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    apiRateLimit: e.API_RATE_LIMIT,
    dbPoolSize: e.DB_POOL_SIZE,
    argon2MemoryKib: e.ARGON2_MEMORY_KIB,
    logRequests: e.LOG_REQUESTS === "true",
    metricsAllow: e.METRICS_ALLOW.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    metricsToken: e.METRICS_TOKEN,
    workers: e.WEB_CONCURRENCY === "auto" ? os.availableParallelism() : e.WEB_CONCURRENCY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Электронный журнал <journal@${mailDomain(e.SMTP_URL, e.PUBLIC_URL)}>`,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    uploadLimitBytes: e.UPLOAD_LIMIT_MB * 1024 * 1024,
    jobRetryLimit: e.JOB_RETRY_LIMIT,
    jobRetryDelaySeconds: e.JOB_RETRY_DELAY_SECONDS,
    jobPollSeconds: e.JOB_POLL_SECONDS,
  };
}

/** The sender's domain when MAIL_FROM is not set: the product's host, else the SMTP server's. */
function mailDomain(smtpUrl: string | undefined, publicUrl: string | undefined): string {
  for (const u of [publicUrl, smtpUrl]) {
    const host = u ? /^[a-z]+:\/\/(?:[^@/]*@)?([^:/?#]+)/i.exec(u)?.[1] : undefined;
    if (host && host.includes(".")) return host;
  }
  return "localhost";
}

export class ConfigError extends Error {}

/**
 * The environment with the settings of ENV_FILE (lines NAME=value) over it. The server reads it
 * at start, and its primary again on SIGHUP, so the workers of a rolling restart get changed
 * settings (a replica's address, a log level) without a stop.
 */
export function envWithFile(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = base.ENV_FILE;
  if (!file) return base;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ConfigError(`Ошибка в настройках окружения:\n  ENV_FILE: файл ${file} не прочитан (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return { ...base, ...util.parseEnv(text) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parse(env);
}

let current: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  current ??= parse(process.env);
  return current;
}

/** The next config() parses process.env again (tests: each test file starts from the environment it set). */
export function resetConfig(): void {
  current = undefined;
}

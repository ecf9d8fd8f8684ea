/**
 * Outgoing e-mail over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM (src/config.ts).
 * With no SMTP_URL, e-mail is off: mailEnabled() is false, nothing is queued and nothing fails.
 *
 * Only the transport lives here; what is sent, to whom and when is the notifications module's
 * (the delivery log, the queue, unsubscribe links). A letter carries:
 * - the school's name as the sender's display name («Школа № 5 — электронный журнал»);
 * - a stable Message-ID chosen by the caller (the same delivery retried is the same message);
 * - `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so a
 *   mail program's «отписаться» works without signing in;
 * - `Auto-Submitted: auto-generated` (RFC 3834): no auto-replies to a robot.
 */
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { config } from "../config.ts";

export interface Letter {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** The display name of the sender (the school's name). */
  fromName?: string;
  /** Without angle brackets: `delivery-12.ab34@school.ru`. */
  messageId: string;
  /** The one-click unsubscribe address (https://…/unsubscribe/<token>). */
  unsubscribeUrl?: string | null;
}

interface MailSettings {
  smtpUrl: string;
  from: string;
}

let settings: MailSettings | null | undefined;
let transport: Transporter | undefined;

function current(): MailSettings | null {
  if (settings === undefined) {
    const cfg = config();
    settings = cfg.smtpUrl ? { smtpUrl: cfg.smtpUrl, from: cfg.mailFrom } : null;
  }
  return settings;
}

/** E-mail is configured (SMTP_URL is set). */
export function mailEnabled(): boolean {
  return current() !== null;
}

/**
 * Replaces the SMTP settings of this process (tests start their own SMTP server; null turns
 * e-mail off). Closes the old connections.
 */
export function configureMail(next: { smtpUrl: string; from?: string } | null): void {
  transport?.close();
  transport = undefined;
  settings = next ? { smtpUrl: next.smtpUrl, from: next.from ?? config().mailFrom } : null;
}

/** The sender's address without a display name («journal@school.ru»). */
export function senderAddress(): string {
  const from = current()?.from ?? config().mailFrom;
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

/** The domain of Message-IDs: the sender's. */
export function messageDomain(): string {
  return senderAddress().split("@")[1] ?? "localhost";
}

function transporter(s: MailSettings): Transporter {
  // A pool of kept-open connections: a digest for a whole school goes out over a few connections
  // instead of one TCP and TLS handshake per letter (8: what the send job runs side by side).
  transport ??= nodemailer.createTransport({
    url: s.smtpUrl,
    pool: true,
    maxConnections: 8,
    maxMessages: 500,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return transport;
}

/** Quotes a display name for the From header («"Школа № 5" <journal@…>» is built by nodemailer). */
function fromHeader(s: MailSettings, name: string | undefined): string | { name: string; address: string } {
  if (!name) return s.from;
  return { name: `${name} — электронный журнал`, address: /<([^>]+)>/.exec(s.from)?.[1] ?? s.from };
}

/** Sends one letter; throws with the SMTP server's reason when it is refused or unreachable. */
export async function deliver(letter: Letter): Promise<void> {
  const s = current();
  if (!s) throw new Error("Отправка почты не настроена (SMTP_URL)");
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" };
  if (letter.unsubscribeUrl) {
    headers["List-Unsubscribe"] = `<${letter.unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  await transporter(s).sendMail({
    from: fromHeader(s, letter.fromName),
    to: letter.to,
    subject: letter.subject,
    text: letter.text,
    ...(letter.html ? { html: letter.html } : {}),
    messageId: `<${letter.messageId}>`,
    headers,
  });
}

/** Closes the SMTP connections (at shutdown). */
export function closeMail(): void {
  transport?.close();
  transport = undefined;
}

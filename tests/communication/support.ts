/**
 * Real parts for the communication tests: an SMTP server in this process (the npm package
 * `smtp-server`, a real SMTP implementation) that keeps every letter it accepts, parsed by
 * `mailparser`; the product's job queue (pg-boss) on the test file's own database with short retry
 * delays; the app's mail settings pointed at the server. No mocks: letters go over TCP.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";
import { configureMail } from "../../src/lib/mail.ts";
import { startQueue, stopQueue, type QueueTuning } from "../../src/lib/queue.ts";
import { JOBS } from "../../src/modules/jobs.ts";
import { freePort } from "../../src/lib/ports.ts";

export interface Received {
  /** Envelope recipients. */
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
  /** The raw header value by lower-case name. */
  header: (name: string) => string;
}

/** An SMTP server on 127.0.0.1 that can be stopped and started again on the same port. */
export class TestSmtp {
  readonly received: Received[] = [];
  /** Letters kept unparsed (a throughput measurement: a real server does not parse either). */
  readonly raw: { to: string[]; raw: Buffer }[] = [];
  private server: SMTPServer | null = null;
  private constructor(
    readonly port: number,
    private readonly parse: boolean,
  ) {}

  static async start(opts: { parse?: boolean } = {}): Promise<TestSmtp> {
    const s = new TestSmtp(await freePort(), opts.parse ?? true);
    await s.up();
    return s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      closeTimeout: 50,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const to = session.envelope.rcptTo.map((r) => r.address);
          if (!this.parse) {
            this.raw.push({ to, raw });
            return callback();
          }
          simpleParser(raw).then(
            (mail) => {
              const headers = raw
                .toString("utf8")
                .split(/\r?\n\r?\n/)[0]!
                .replace(/\r?\n[ \t]+/g, " ");
              this.received.push({
                to,
                raw,
                mail,
                header: (name) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(headers)?.[1]?.trim() ?? "",
              });
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and drops open connections (the SMTP server «goes down»). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  address(): number {
    return (this.server?.server.address() as AddressInfo | null)?.port ?? this.port;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.to.includes(address));
  }
}

export const FAST: QueueTuning = { retryDelaySeconds: 1, pollSeconds: 0.5 };

/** For a test file: an SMTP server, mail pointed at it, the queue running (stopped after the file). */
export function useMailAndQueue(tuning: QueueTuning = FAST): { smtp: () => TestSmtp } {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    configureMail({ smtpUrl: smtp.url, from: "Электронный журнал <journal@school.test>" });
    await startQueue({ url: process.env.DATABASE_URL!, jobs: JOBS, work: true, tuning });
  });
  afterAll(async () => {
    await stopQueue();
    configureMail(null);
    await smtp?.down();
  });
  return { smtp: () => smtp };
}

/** Waits until `check` is true (polling), or fails with `what` after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Не дождались: ${what}`);
}

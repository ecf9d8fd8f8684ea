/**
 * `npm start` owns its exit codes and signals (issue 13): the real src/server.ts in a child
 * process, as `npm start` runs it, on this test file's database. SIGTERM and SIGINT stop it with
 * 0; SIGHUP never stops it (with several workers it restarts them one at a time without a lost
 * request); a start that cannot succeed exits 1 with one Russian sentence and no stack trace.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../src/lib/ports.ts";

const root = path.resolve(import.meta.dirname, "../..");

interface Started {
  child: ChildProcess;
  port: number;
  output: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function start(env: Record<string, string> = {}): Promise<Started> {
  const port = Number(env.PORT ?? (await freePort()));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST")));
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: { ...base, HOST: "127.0.0.1", PORT: String(port), WEB_CONCURRENCY: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.splice(0)) (w.re.test(text) ? w.resolve : () => waiters.push(w))();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    port,
    output: () => text,
    exited,
    waitFor: (re, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (re.test(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`не дождались ${re} в выводе:\n${text}`)), ms);
        waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => setTimeout(() => reject(new Error(`процесс завершился, не напечатав ${re}:\n${text}`)), 50));
      }),
  };
}

/** GET /health on a new connection each time (no keep-alive): the status, or the error's code. */
function health(port: number, agent: http.Agent | false = false): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/health", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    // A request lost by the server shows as «timeout» among the statuses, not as a hung test.
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
  });
}

/** A page's body (no keep-alive). */
function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${path}: ${res.statusCode}`))));
      })
      .on("error", reject);
  });
}

/** GET /health requests answered 200, over every worker, as /metrics counts them. */
const metricCount = (text: string) =>
  Number(/^journal_http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} (\d+)/m.exec(text)?.[1] ?? 0);

const noStackTrace = (out: string) => expect(out).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

describe("npm start: signals and exit codes", () => {
  it("SIGHUP is logged and ignored; SIGTERM stops cleanly with exit code 0", async () => {
    const s = await start();
    await s.waitFor(/Электронный журнал работает/);
    expect(await health(s.port)).toBe(200);
    s.child.kill("SIGHUP");
    await s.waitFor(/Получен SIGHUP: процесс продолжает работу/);
    expect(await health(s.port)).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain("Остановлено.");
    noStackTrace(s.output());
  });

  it("with two workers SIGHUP restarts them one at a time without a failed request, with ENV_FILE read again; SIGINT stops with 0", async () => {
    const envFile = path.join(os.tmpdir(), `journal-env-${process.pid}-${Date.now()}`);
    fs.writeFileSync(envFile, "# settings\nLOG_LEVEL=info\n");
    const s = await start({ WEB_CONCURRENCY: "2", ENV_FILE: envFile });
    await s.waitFor(/процессов: 2/);
    const statuses: (number | string)[] = [];
    let loading = true;
    // New connections, and kept-alive ones (a worker that stops must not reset a connection a request is on its way over).
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 2 });
    const loop = async (agent: http.Agent | false) => {
      while (loading) statuses.push(await health(s.port, agent));
    };
    const load = Promise.all([loop(false), loop(keepAlive), loop(keepAlive)]);
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill("SIGHUP");
    await s.waitFor(/Рабочие процессы перезапущены/);
    await new Promise((r) => setTimeout(r, 300));
    loading = false;
    await load;
    keepAlive.destroy();
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
    expect(s.child.exitCode).toBeNull();
    // /metrics answers for both workers (gathered by the primary): their /health requests add up.
    const healthBefore = metricCount(await get(s.port, "/metrics"));
    for (let i = 0; i < 10; i++) await health(s.port);
    const after = await get(s.port, "/metrics");
    expect(metricCount(after) - healthBefore).toBeGreaterThanOrEqual(10);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);

    // A mistake in the file: the running workers stay, the reason is logged.
    fs.writeFileSync(envFile, "METRICS_TOKEN=short\n");
    s.child.kill("SIGHUP");
    await s.waitFor(/METRICS_TOKEN[\s\S]*Рабочие процессы не перезапущены/);
    await get(s.port, "/metrics");
    // A changed setting reaches the new workers: /metrics is now only for another address.
    fs.writeFileSync(envFile, "METRICS_ALLOW=10.9.9.9\n");
    s.child.kill("SIGHUP");
    await s.waitFor(/Рабочие процессы перезапущены[\s\S]*Рабочие процессы перезапущены/);
    await expect(get(s.port, "/metrics")).rejects.toThrow(/: (302|404)/); // as any unknown address: to the sign-in page
    s.child.kill("SIGINT");
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.output()).toContain("Остановлено.");
    fs.rmSync(envFile, { force: true });
  }, 120_000); // three processes start and restart (twice) on a shared 2-core machine

  it("a busy port: exit code 1 and one Russian sentence, no stack trace", async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    try {
      const s = await start({ PORT: String(port) });
      expect((await s.exited).code).toBe(1);
      expect(s.output()).toContain(`Не удалось запустить приложение: порт ${port} уже занят`);
      noStackTrace(s.output());
    } finally {
      blocker.close();
    }
  });

  it("bad settings: exit code 1 with the variable named in Russian", async () => {
    const s = await start({ PORT: "семь" });
    expect((await s.exited).code).toBe(1);
    expect(s.output()).toContain("Ошибка в настройках окружения");
    expect(s.output()).toContain('PORT="семь"');
    noStackTrace(s.output());
  });
});

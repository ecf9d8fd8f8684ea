/**
 * The test harness owns its exit code (issue 13): vitest run in a subprocess with the test run's
 * PostgreSQL server started as for `npm test` (an embedded server, whose library used to turn
 * every exit into code 0), on fixtures kept outside the normal `include`:
 * a failing test, a file that fails to load, a global setup that throws → non-zero; a passing
 * test → 0. The server never outlives the run, not even one stopped by SIGTERM (vitest's own
 * `exit` listener calls process.exit() again, which skips every listener after it).
 */
import { execFile, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const vitestBin = path.join(root, "node_modules/vitest/vitest.mjs");
const config = "tests/harness/fixtures/vitest.fixture.config.ts";

interface Run {
  code: number | null;
  output: string;
  serverUrl: string;
}

function runFixture(fixture: string, extraEnv: Record<string, string> = {}): Promise<Run> {
  // The child is a vitest of its own: none of this worker's vitest variables, no external server.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST_DATABASE_URL" && k !== "NODE_OPTIONS"));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestBin, "run", "-c", config],
      { cwd: root, env: { ...env, HARNESS_FIXTURE: fixture, ...extraEnv, NO_COLOR: "1" }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const output = stdout + stderr;
        const code = err ? ((err as { code?: number | string }).code as number | null) : 0;
        resolve({ code: typeof code === "number" ? code : null, output, serverUrl: /fixture-db-url=(\S+)/.exec(output)?.[1] ?? "" });
      },
    );
  });
}

/** A run stopped with SIGTERM once its server is up (as CI or a developer's Ctrl-C would). */
function runAndStop(): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "TEST_DATABASE_URL" && k !== "NODE_OPTIONS"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitestBin, "run", "-c", config], { cwd: root, env: { ...env, HARNESS_FIXTURE: "hanging", NO_COLOR: "1" } });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Test Files|RUN/.test(output) && /fixture-db-url=/.test(output) && !child.killed) setTimeout(() => child.kill("SIGTERM"), 500);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : null), output, serverUrl: /fixture-db-url=(\S+)/.exec(output)?.[1] ?? "" });
    });
  });
}

/** The server at `url` no longer accepts connections (it may take a moment to shut down). */
async function serverGone(url: string): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.end();
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

// Five vitest runs side by side on a shared 2-core machine: give them time.
describe("the test harness's exit code", { timeout: 120_000 }, () => {
  // Four runs of a few seconds each, side by side.
  const runs = Promise.all([
    runFixture("passing"),
    runFixture("failing"),
    runFixture("broken"),
    runFixture("passing", { HARNESS_THROWING_SETUP: "1" }),
    runAndStop(),
  ]);

  it("a passing run exits 0 and prints «1 passed, 0 failed»", async () => {
    const [passing] = await runs;
    expect(passing.output, passing.output).toContain("1 passed, 0 failed");
    expect(passing.code, passing.output).toBe(0);
  });

  it("a failing test makes the run exit non-zero", async () => {
    const [, failing] = await runs;
    expect(failing.output, failing.output).toContain("0 passed, 1 failed");
    expect(failing.code, failing.output).not.toBe(0);
    expect(failing.code, failing.output).not.toBeNull();
  });

  it("a test file that fails to load makes the run exit non-zero", async () => {
    const [, , broken] = await runs;
    expect(broken.output, broken.output).toContain("fails to load on purpose");
    expect(broken.output, broken.output).toMatch(/0 passed, [1-9]\d* failed/);
    expect(broken.code, broken.output).not.toBe(0);
  });

  it("a global setup that throws makes the run exit non-zero", async () => {
    const [, , , throwing] = await runs;
    expect(throwing.output, throwing.output).toContain("the global setup fails on purpose");
    expect(throwing.output, throwing.output).toMatch(/ [1-9]\d* failed/);
    expect(throwing.code, throwing.output).not.toBe(0);
  });

  it("a run stopped by SIGTERM exits non-zero", async () => {
    const [, , , , stopped] = await runs;
    expect(stopped.code, stopped.output).not.toBe(0);
  });

  it("the embedded server never outlives the run, even one stopped by a signal", async () => {
    const all = await runs;
    for (const r of all) {
      expect(r.serverUrl, r.output).toMatch(/^postgresql:\/\//);
      expect(await serverGone(r.serverUrl)).toBe(true);
    }
  });
});

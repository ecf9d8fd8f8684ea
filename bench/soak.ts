/**
 * npm run soak — the soak run of issue 8 over the large school (bench/prepare.ts).
 *
 * 200 concurrent users on 127.0.0.1 for SOAK_SECONDS (default 300):
 *   - SOAK_TEACHERS (50) teachers saving marks («Ответ на уроке») in their own lessons inside the
 *     edit window, each save a real change (5 ↔ 4), JSON as the journal grid sends it;
 *   - SOAK_PARENTS (150) parents reading diary week pages of their own children (random week of
 *     the last eight).
 * Every user is a closed loop: request, wait for the answer, think SOAK_THINK_MS (random 0…2×,
 * default 250 ms on average), next request. The load comes from SOAK_LOADERS (2) forked processes
 * using fetch with keep-alive; the app runs in this process as in production (NODE_ENV=production),
 * so its memory is sampled here every 10 s (RSS and V8 heap used).
 *
 * Verdict (exit code 1 on failure):
 *   - failed requests = 0 (any non-2xx, a mark save without {ok:true}, a network error or a timeout
 *     of SOAK_TIMEOUT_MS, default 30 s);
 *   - no acknowledged mark lost: after the run, the last acknowledged value of every cell is the value
 *     in the database;
 *   - memory bound: the heap used in the last minute (mean of its samples) is at most
 *     SOAK_HEAP_BOUND_MB (100) above the heap of the first minute (mean of its samples — the warm-up;
 *     a shorter run uses its first and last thirds); RSS growth likewise, bounded by
 *     SOAK_RSS_BOUND_MB (200). The lowest heap of each of those minutes (after a collection) is shown beside.
 *     Runs shorter than 2 minutes report memory without judging it (the heap's saw-tooth is longer).
 * Writes the table to bench/results/soak.md. Data: BENCH_DATA_DIR (./data/bench), BENCH_PG_PORT.
 */
import crypto from "node:crypto";
import { forkJob } from "./fork.ts";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

interface TeacherUser {
  kind: "teacher";
  login: string;
  cookie: string;
  csrf: string;
  cells: { lessonId: number; studentId: number; typeId: number; value: number }[];
}
interface ParentUser {
  kind: "parent";
  login: string;
  cookie: string;
  paths: string[];
}
type SoakUser = TeacherUser | ParentUser;

interface LoaderJob {
  base: string;
  users: SoakUser[];
  durationSec: number;
  thinkMs: number;
  timeoutMs: number;
}
interface LoaderResult {
  requests: { teacher: number; parent: number };
  failed: number;
  failures: string[];
  latTeacher: number[];
  latParent: number[];
  /** "lessonId:studentId:typeId" → last acknowledged value */
  acked: Record<string, number>;
  ackCount: number;
}

const num = (name: string, def: number, min: number, max: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v >= min && v <= max ? v : def;
};

// ------------------------------------------------------------------ the load process

async function runLoader(job: LoaderJob): Promise<LoaderResult> {
  const res: LoaderResult = { requests: { teacher: 0, parent: 0 }, failed: 0, failures: [], latTeacher: [], latParent: [], acked: {}, ackCount: 0 };
  const end = Date.now() + job.durationSec * 1000;
  const fail = (what: string) => {
    res.failed++;
    if (res.failures.length < 20) res.failures.push(what);
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const think = () => sleep(Math.random() * 2 * job.thinkMs);

  const teacherLoop = async (u: TeacherUser) => {
    let i = Math.floor(Math.random() * u.cells.length);
    while (Date.now() < end) {
      const cell = u.cells[i++ % u.cells.length]!;
      const value = cell.value;
      const t0 = performance.now();
      try {
        const r = await fetch(`${job.base}/journal/lessons/${cell.lessonId}/marks`, {
          method: "POST",
          headers: { cookie: u.cookie, accept: "application/json", "content-type": "application/json", "x-csrf-token": u.csrf },
          body: JSON.stringify({ studentId: cell.studentId, assignmentTypeId: cell.typeId, value }),
          redirect: "manual",
          signal: AbortSignal.timeout(job.timeoutMs),
        });
        const text = await r.text();
        res.latTeacher.push(performance.now() - t0);
        res.requests.teacher++;
        if (r.status !== 200 || !/"ok"\s*:\s*true/.test(text))
          fail(`${u.login} POST mark ${cell.lessonId}/${cell.studentId}: ${r.status} ${text.slice(0, 160)}`);
        else {
          res.acked[`${cell.lessonId}:${cell.studentId}:${cell.typeId}`] = value;
          res.ackCount++;
          cell.value = value === 5 ? 4 : 5;
        }
      } catch (err) {
        res.requests.teacher++;
        fail(`${u.login} POST mark: ${err instanceof Error ? err.message : String(err)}`);
      }
      await think();
    }
  };
  const parentLoop = async (u: ParentUser) => {
    while (Date.now() < end) {
      const p = u.paths[Math.floor(Math.random() * u.paths.length)]!;
      const t0 = performance.now();
      try {
        const r = await fetch(job.base + p, {
          headers: { cookie: u.cookie, accept: "text/html" },
          redirect: "manual",
          signal: AbortSignal.timeout(job.timeoutMs),
        });
        const text = await r.text();
        res.latParent.push(performance.now() - t0);
        res.requests.parent++;
        if (r.status !== 200 || !text.includes("</html>")) fail(`${u.login} GET ${p}: ${r.status}`);
      } catch (err) {
        res.requests.parent++;
        fail(`${u.login} GET ${p}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await think();
    }
  };
  await Promise.all(
    job.users.map(async (u, k) => {
      await sleep((k % 50) * 20); // a staggered start
      return u.kind === "teacher" ? teacherLoop(u) : parentLoop(u);
    }),
  );
  return res;
}

if (process.env.SOAK_LOADER && process.send) {
  process.once("message", (job: LoaderJob) => {
    runLoader(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
    );
  });
} else {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error("Нагрузочный прогон не удался:", err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}

// ------------------------------------------------------------------ the app process

function loaderProcess(job: LoaderJob): Promise<LoaderResult> {
  return forkJob<LoaderJob, LoaderResult>(import.meta.filename, job, { ...process.env, SOAK_LOADER: "1" });
}

function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error("На странице нет CSRF-токена");
  return m[1]!;
}

async function signIn(base: string, login: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const jar = new Map<string, string>();
  const absorb = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  let r = await fetch(`${base}/login`, { redirect: "manual" });
  absorb(r);
  const token = csrfFrom(await r.text());
  r = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ _csrf: token, login, password }).toString(),
  });
  absorb(r);
  await r.text();
  if (r.status !== 302) throw new Error(`Вход ${login} не удался: ${r.status}`);
  r = await fetch(`${base}/`, { headers: { cookie: cookie() }, redirect: "manual" });
  absorb(r);
  const home = await r.text();
  if (r.status !== 200) throw new Error(`После входа ${login} главная страница ответила ${r.status}`);
  return { cookie: cookie(), csrf: csrfFrom(home) };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function main(): Promise<number> {
  process.env.NODE_ENV = "production";
  process.env.SESSION_SECRET ||= crypto.randomBytes(32).toString("hex");
  process.env.LOGIN_RATE_LIMIT = "1000000";
  process.env.LOG_REQUESTS = "false";
  process.env.DB_POOL_SIZE ||= "20";
  const OPTS = {
    seconds: num("SOAK_SECONDS", 300, 5, 3600),
    teachers: num("SOAK_TEACHERS", 50, 1, 500),
    parents: num("SOAK_PARENTS", 150, 0, 2000),
    thinkMs: num("SOAK_THINK_MS", 250, 0, 10_000),
    timeoutMs: num("SOAK_TIMEOUT_MS", 30_000, 1000, 120_000),
    loaders: num("SOAK_LOADERS", 2, 1, 16),
    heapBoundMb: num("SOAK_HEAP_BOUND_MB", 100, 1, 10_000),
    rssBoundMb: num("SOAK_RSS_BOUND_MB", 200, 1, 10_000),
  };
  const log = (line: string) => console.log(line);
  const load0 = os.loadavg()[0]!;

  const { prepareBenchDb } = await import("./prepare.ts");
  const db = await prepareBenchDb(log);
  const { pgPool, disconnectDatabase } = await import("../src/lib/db.ts");
  const { today, isoDate, addDays } = await import("../src/lib/dates.ts");
  const { DEMO_PASSWORD } = await import("../src/seed/index.ts");
  const { createApp } = await import("../src/app.ts");
  const pool = pgPool();
  const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query<T>(sql, params)).rows;
  const schoolId = db.seed.schoolId;

  const server = http.createServer(createApp());
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await disconnectDatabase();
    await db.embedded.stop();
  };

  try {
    // Teachers: «Ответ на уроке» cells of their own whole-class lessons inside the edit window.
    const [school] = await q<{ lockDays: number }>(`SELECT "lockDays" FROM "School" WHERE id = $1`, [schoolId]);
    const to = today();
    const from = addDays(to, -Math.max(1, (school?.lockDays ?? 30) - 2));
    const cellRows = await q<{ login: string; lessonId: number; studentId: number; typeId: number; value: number | null }>(
      `SELECT u.login, l.id AS "lessonId", m."studentId", t.id AS "typeId",
              (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = l.id AND w."assignmentTypeId" = t.id AND k."studentId" = m."studentId") AS value
         FROM "Lesson" l
         JOIN "User" u ON u."personId" = l."teacherId" AND u."schoolId" = l."schoolId" AND NOT u.blocked
         JOIN "ClassMembership" m ON m."classId" = l."classId" AND m."fromDate" <= l.date AND (m."toDate" IS NULL OR m."toDate" >= l.date)
         JOIN "AssignmentType" t ON t."schoolId" = l."schoolId" AND t.name = 'Ответ на уроке'
         JOIN "SchoolClass" sc ON sc.id = l."classId" AND sc.grade > 1
         JOIN "Subject" sj ON sj.id = l."subjectId" AND sj."gradingMode" = 'MARKS'
        WHERE l."schoolId" = $1 AND l."subgroupId" IS NULL AND l.date BETWEEN $2 AND $3
          AND NOT EXISTS (SELECT 1 FROM "Attendance" a WHERE a."lessonId" = l.id AND a."studentId" = m."studentId" AND a.code <> 'LATE')
        ORDER BY u.login, l.date, l.id, m."studentId"`,
      [schoolId, isoDate(from), isoDate(to)],
    );
    const byTeacher = new Map<string, typeof cellRows>();
    for (const r of cellRows) byTeacher.set(r.login, [...(byTeacher.get(r.login) ?? []), r]);
    const teacherLogins = [...byTeacher.keys()];
    if (!teacherLogins.length) throw new Error("В окне редактирования нет уроков учителей: журнал крупной школы не заполнен");
    // Virtual teacher users round-robin over the teachers; a teacher's cells are split between their users.
    const perTeacher = new Map<string, number>();
    for (let i = 0; i < OPTS.teachers; i++)
      perTeacher.set(teacherLogins[i % teacherLogins.length]!, (perTeacher.get(teacherLogins[i % teacherLogins.length]!) ?? 0) + 1);

    // Parents: distinct parents, one of their own children in a class; the last eight school weeks.
    const parentRows = await q<{ login: string; studentId: number }>(
      `SELECT DISTINCT ON (u.id) u.login, pl."studentId"
         FROM "User" u
         JOIN "UserRole" r ON r."userId" = u.id AND r.role = 'PARENT'
         JOIN "ParentLink" pl ON pl."parentId" = u."personId"
         JOIN "ClassMembership" cm ON cm."studentId" = pl."studentId" AND cm."toDate" IS NULL
        WHERE u."schoolId" = $1 AND NOT u.blocked
        ORDER BY u.id, pl."studentId" LIMIT $2`,
      [schoolId, OPTS.parents],
    );
    const weeks = Array.from({ length: 8 }, (_, k) => isoDate(addDays(to, -7 * k)));

    const logins = [...perTeacher.keys(), ...parentRows.map((p) => p.login)];
    await q(`UPDATE "User" SET "mustChangePassword" = false, "failedLogins" = 0, "lockedUntil" = NULL WHERE "schoolId" = $1 AND login = ANY($2)`, [
      schoolId,
      logins,
    ]).catch(async () => q(`UPDATE "User" SET "mustChangePassword" = false WHERE "schoolId" = $1 AND login = ANY($2)`, [schoolId, logins]));
    log(`Вход ${logins.length} пользователей ...`);
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    for (let i = 0; i < logins.length; i += 8) {
      await Promise.all(logins.slice(i, i + 8).map(async (l) => sessions.set(l, await signIn(base, l, DEMO_PASSWORD))));
    }

    const users: SoakUser[] = [];
    for (const [login, n] of perTeacher) {
      const cells = byTeacher.get(login)!.map((c) => ({ lessonId: c.lessonId, studentId: c.studentId, typeId: c.typeId, value: c.value === 5 ? 4 : 5 }));
      for (let k = 0; k < n; k++) {
        const mine = cells.filter((_, j) => j % n === k);
        if (mine.length) users.push({ kind: "teacher", login, ...sessions.get(login)!, cells: mine });
      }
    }
    for (const p of parentRows)
      users.push({ kind: "parent", login: p.login, cookie: sessions.get(p.login)!.cookie, paths: weeks.map((w) => `/diary/${p.studentId}/week?date=${w}`) });
    const nTeachers = users.filter((u) => u.kind === "teacher").length;
    const nParents = users.length - nTeachers;
    log(
      `Пользователей: ${users.length} (учителей ${nTeachers} — ${teacherLogins.length} разных, ${cellRows.length} ячеек; родителей ${nParents}); ` +
        `${OPTS.seconds} с, пауза между запросами в среднем ${OPTS.thinkMs} мс, генераторов ${OPTS.loaders}`,
    );

    // Memory samples every 10 s.
    const samples: { t: number; rss: number; heap: number }[] = [];
    const t0 = Date.now();
    const sample = () => {
      const m = process.memoryUsage();
      samples.push({ t: (Date.now() - t0) / 1000, rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
    };
    sample();
    const timer = setInterval(() => {
      sample();
      const s = samples.at(-1)!;
      log(`  ${s.t.toFixed(0).padStart(4)} с: RSS ${s.rss.toFixed(0)} МБ, heap ${s.heap.toFixed(0)} МБ`);
    }, 10_000);

    const jobs: LoaderJob[] = Array.from({ length: OPTS.loaders }, () => ({
      base,
      users: [],
      durationSec: OPTS.seconds,
      thinkMs: OPTS.thinkMs,
      timeoutMs: OPTS.timeoutMs,
    }));
    users.forEach((u, i) => jobs[i % OPTS.loaders]!.users.push(u));
    const results = await Promise.all(jobs.map(loaderProcess));
    clearInterval(timer);
    sample();
    const elapsed = (Date.now() - t0) / 1000;

    // Acknowledged marks against the database.
    const acked: Record<string, number> = Object.assign({}, ...results.map((r) => r.acked)) as Record<string, number>;
    const keys = Object.keys(acked).map((k) => k.split(":").map(Number) as [number, number, number]);
    const dbValues = new Map<string, number | null>();
    for (let i = 0; i < keys.length; i += 2000) {
      const part = keys.slice(i, i + 2000);
      const rows = await q<{ lessonId: number; studentId: number; typeId: number; value: number | null }>(
        `SELECT x."lessonId", x."studentId", x."typeId",
                (SELECT k.value FROM "Mark" k JOIN "LessonWork" w ON w.id = k."workId" WHERE w."lessonId" = x."lessonId" AND w."assignmentTypeId" = x."typeId" AND k."studentId" = x."studentId") AS value
           FROM unnest($1::int[], $2::int[], $3::int[]) AS x("lessonId", "studentId", "typeId")`,
        [part.map((k) => k[0]), part.map((k) => k[1]), part.map((k) => k[2])],
      );
      for (const r of rows) dbValues.set(`${r.lessonId}:${r.studentId}:${r.typeId}`, r.value === null ? null : Number(r.value));
    }
    const lost = Object.entries(acked).filter(([k, v]) => dbValues.get(k) !== v);
    const ackCount = results.reduce((s, r) => s + r.ackCount, 0);

    const latT = results.flatMap((r) => r.latTeacher).sort((a, b) => a - b);
    const latP = results.flatMap((r) => r.latParent).sort((a, b) => a - b);
    const latAll = [...latT, ...latP].sort((a, b) => a - b);
    const reqT = results.reduce((s, r) => s + r.requests.teacher, 0);
    const reqP = results.reduce((s, r) => s + r.requests.parent, 0);
    const failed = results.reduce((s, r) => s + r.failed, 0);
    const failures = results.flatMap((r) => r.failures).slice(0, 20);

    const warmEnd = Math.min(60, OPTS.seconds / 3);
    const warm = samples.filter((s) => s.t > 0 && s.t <= warmEnd + 0.5);
    const warmBase = warm.length ? warm : samples.slice(1, 2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    // The heap saws up and down between collections (±100 MB at this load): compare whole minutes.
    const last = samples.filter((x) => x.t >= samples.at(-1)!.t - Math.min(60, OPTS.seconds / 3) - 0.5);
    const heapGrowth = mean(last.map((s) => s.heap)) - mean(warmBase.map((s) => s.heap));
    const rssGrowth = mean(last.map((s) => s.rss)) - mean(warmBase.map((s) => s.rss));
    const maxRss = Math.max(...samples.map((s) => s.rss));
    const maxHeap = Math.max(...samples.map((s) => s.heap));

    const f = (v: number) => (Number.isNaN(v) ? "—" : v < 10 ? v.toFixed(2) : v.toFixed(1));
    // The heap's saw-tooth spans tens of seconds: a shorter run reports memory but is not judged on it.
    const memJudged = OPTS.seconds >= 120;
    const memNote = memJudged ? "" : " (прогон короче 2 минут: не оценивается)";
    const ok = failed === 0 && lost.length === 0 && (!memJudged || (heapGrowth <= OPTS.heapBoundMb && rssGrowth <= OPTS.rssBoundMb));
    const cpu =
      /model name\s*:\s*(.+)/.exec(fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "")?.[1]?.trim() ?? os.cpus()[0]?.model ?? "?";
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");
    const report = [
      `### Нагрузочный прогон (soak) ${date} UTC`,
      "",
      `Машина: ядер ${os.availableParallelism()}, ${cpu}, Node.js ${process.version}, память ${(os.totalmem() / 2 ** 30).toFixed(1)} ГиБ; средняя загрузка перед прогоном ${load0.toFixed(2)}, после ${os.loadavg()[0]!.toFixed(2)}.`,
      `Данные: крупная школа (${db.seed.counts.students ?? "?"} учеников, ${db.seed.counts.marks ?? "?"} отметок). Приложение: один процесс, NODE_ENV=production, 127.0.0.1.`,
      `Пользователи: ${users.length} одновременно — ${nTeachers} учителей сохраняют отметки (${teacherLogins.length} разных учётных записей, ${cellRows.length} ячеек в уроках окна редактирования), ${nParents} родителей читают неделю дневника своих детей; каждый — замкнутый цикл «запрос → ответ → пауза 0…${2 * OPTS.thinkMs} мс».`,
      "",
      "| Показатель | Значение |",
      "|---|---|",
      `| Длительность | ${elapsed.toFixed(0)} с |`,
      `| Запросов всего | ${reqT + reqP} (${((reqT + reqP) / elapsed).toFixed(0)} в секунду) |`,
      `| — сохранение отметки POST /journal/lessons/:id/marks | ${reqT}: p50 ${f(percentile(latT, 50))} мс, p95 ${f(percentile(latT, 95))} мс, p99 ${f(percentile(latT, 99))} мс |`,
      `| — неделя дневника GET /diary/:studentId/week | ${reqP}: p50 ${f(percentile(latP, 50))} мс, p95 ${f(percentile(latP, 95))} мс, p99 ${f(percentile(latP, 99))} мс |`,
      `| Все запросы: p50 / p95 / макс. | ${f(percentile(latAll, 50))} / ${f(percentile(latAll, 95))} / ${f(latAll.at(-1) ?? NaN)} мс |`,
      `| Неудачных запросов (не 2xx, ошибка сети, тайм-аут ${OPTS.timeoutMs / 1000} с) | **${failed}** ${failed === 0 ? "✓" : "✗"} |`,
      `| Подтверждённых сохранений отметок / потеряно | ${ackCount} / **${lost.length}** ${lost.length === 0 ? "✓" : "✗"} (сверено ${keys.length} ячеек с базой) |`,
      `| Память: heap, среднее за первые ${warmEnd.toFixed(0)} с → за последние ${warmEnd.toFixed(0)} с | ${f(mean(warmBase.map((s) => s.heap)))} → ${f(mean(last.map((s) => s.heap)))} МБ, рост **${f(heapGrowth)} МБ** (граница ${OPTS.heapBoundMb} МБ) ${heapGrowth <= OPTS.heapBoundMb ? "✓" : "✗"}${memNote} |`,
      `| Память: RSS, среднее за первые → за последние ${warmEnd.toFixed(0)} с | ${f(mean(warmBase.map((s) => s.rss)))} → ${f(mean(last.map((s) => s.rss)))} МБ, рост **${f(rssGrowth)} МБ** (граница ${OPTS.rssBoundMb} МБ) ${rssGrowth <= OPTS.rssBoundMb ? "✓" : "✗"}${memNote} |`,
      `| Память: наименьший heap (после сборки мусора) в первую → в последнюю минуту | ${f(Math.min(...warmBase.map((x) => x.heap)))} → ${f(Math.min(...last.map((x) => x.heap)))} МБ |`,
      `| Память: максимум за прогон | RSS ${f(maxRss)} МБ, heap ${f(maxHeap)} МБ |`,
      `| **Итог** | **${ok ? "пройден" : "НЕ пройден"}** |`,
      "",
      `Замеры памяти (каждые 10 с, МБ, RSS/heap): ${samples.map((s) => `${s.t.toFixed(0)} с ${s.rss.toFixed(0)}/${s.heap.toFixed(0)}`).join("; ")}.`,
      "",
    ].join("\n");
    console.log("\n" + report);
    if (failures.length) console.log("Первые ошибки:\n  " + failures.join("\n  "));
    if (lost.length)
      console.log(
        "Потерянные отметки (ячейка: подтверждено → в базе):\n  " +
          lost
            .slice(0, 20)
            .map(([k, v]) => `${k}: ${v} → ${dbValues.get(k)}`)
            .join("\n  "),
      );
    const here = import.meta.dirname;
    fs.mkdirSync(path.join(here, "results"), { recursive: true });
    fs.writeFileSync(path.join(here, "results/soak.md"), report);
    log("Записано: bench/results/soak.md");
    return ok ? 0 : 1;
  } finally {
    await stop();
  }
}

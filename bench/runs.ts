/**
 * The scenarios timed as sequential runs rather than under autocannon: signing in (each run on a new
 * session) and closing the year (each run on a fresh copy of the database, in a forked process).
 */
import path from "node:path";
import { OPTS } from "./env.ts";
import { forkJob } from "./fork.ts";
import type { Row, Scenario } from "./measure.ts";
import { DB_NAME, type BenchDb } from "./prepare.ts";
import { log } from "./results.ts";
import type { Timed } from "./servers.ts";
import { loginPage, postLogin } from "./session.ts";
import { median, ms, percentile } from "./stats.ts";
import type { YearCloseJob, YearCloseResult } from "./year-close.ts";

/**
 * Closing the year (issue 7's goal, < 15 s): BENCH_CLOSE_RUNS runs, each on a fresh copy of the
 * database (a closed year cannot be closed again), in a forked process (bench/year-close.ts). The
 * copy needs the source database without connections, so this runs after the servers have stopped.
 */
export async function measureYearClose(db: BenchDb): Promise<Row> {
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
      const r = await forkJob<YearCloseJob, YearCloseResult>(path.join(import.meta.dirname, "year-close.ts"), { url: db.embedded.url(copy) });
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
export async function measureSignIn(target: Timed, login: string, password: string): Promise<Row> {
  const scenario = { key: "login-post", title: "Вход: POST /login (проверка пароля argon2, новый сеанс)", target, method: "POST", path: "/login" } as Scenario;
  const times: number[] = [];
  for (let i = 0; i < OPTS.samples; i++) {
    const { session, token } = await loginPage(target.base);
    target.rec.times = [];
    target.rec.on = true;
    const res = await postLogin(target.base, session, token, login, password);
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

/**
 * The load generator of `npm run soak`, forked by bench/soak.ts (with SOAK_LOADER=1): its share of the
 * users, each a closed loop of request, answer, think; the counts, latencies and acknowledged marks back.
 */

export interface TeacherUser {
  kind: "teacher";
  login: string;
  cookie: string;
  csrf: string;
  cells: { lessonId: number; studentId: number; typeId: number; value: number }[];
}
export interface ParentUser {
  kind: "parent";
  login: string;
  cookie: string;
  paths: string[];
}
/** A deputy opening reports (PDFs and pages), thinking ten times longer between them. */
export interface DeputyUser {
  kind: "deputy";
  login: string;
  cookie: string;
  paths: string[];
}
export type SoakUser = TeacherUser | ParentUser | DeputyUser;

export interface LoaderJob {
  base: string;
  users: SoakUser[];
  durationSec: number;
  thinkMs: number;
  timeoutMs: number;
  /** The users start one after another over this long. */
  rampMs: number;
}
export interface LoaderResult {
  requests: { teacher: number; parent: number; deputy: number };
  failed: number;
  failures: string[];
  /** Every failure: when it happened (epoch ms), how long it took (ms), and what it was. */
  failureLog: { at: number; ms: number; what: string }[];
  latTeacher: number[];
  latParent: number[];
  latDeputy: number[];
  /** "lessonId:studentId:typeId" → last acknowledged value */
  acked: Record<string, number>;
  ackCount: number;
}

/** fetch's «fetch failed» with its cause (ECONNRESET, «other side closed» …). */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause ? `${err.message}: ${cause.code ?? ""} ${cause.message ?? ""}`.trim() : err.message;
}

export async function runLoader(job: LoaderJob): Promise<LoaderResult> {
  const res: LoaderResult = {
    requests: { teacher: 0, parent: 0, deputy: 0 },
    failed: 0,
    failures: [],
    failureLog: [],
    latTeacher: [],
    latParent: [],
    latDeputy: [],
    acked: {},
    ackCount: 0,
  };
  const end = Date.now() + job.durationSec * 1000;
  const fail = (what: string, t0: number) => {
    res.failed++;
    res.failureLog.push({ at: Date.now(), ms: performance.now() - t0, what: what.slice(0, 200) });
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
          fail(`${u.login} POST mark ${cell.lessonId}/${cell.studentId}: ${r.status} ${text.slice(0, 160)}`, t0);
        else {
          res.acked[`${cell.lessonId}:${cell.studentId}:${cell.typeId}`] = value;
          res.ackCount++;
          cell.value = value === 5 ? 4 : 5;
        }
      } catch (err) {
        res.requests.teacher++;
        fail(`${u.login} POST mark: ${errorText(err)}`, t0);
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
        if (r.status !== 200 || !text.includes("</html>")) fail(`${u.login} GET ${p}: ${r.status}`, t0);
      } catch (err) {
        res.requests.parent++;
        fail(`${u.login} GET ${p}: ${errorText(err)}`, t0);
      }
      await think();
    }
  };
  const deputyLoop = async (u: DeputyUser) => {
    while (Date.now() < end) {
      const p = u.paths[Math.floor(Math.random() * u.paths.length)]!;
      const t0 = performance.now();
      try {
        const r = await fetch(job.base + p, { headers: { cookie: u.cookie }, redirect: "manual", signal: AbortSignal.timeout(job.timeoutMs) });
        const body = await r.arrayBuffer();
        res.latDeputy.push(performance.now() - t0);
        res.requests.deputy++;
        if (r.status !== 200 || body.byteLength < 100) fail(`${u.login} GET ${p}: ${r.status}`, t0);
      } catch (err) {
        res.requests.deputy++;
        fail(`${u.login} GET ${p}: ${errorText(err)}`, t0);
      }
      await sleep(Math.random() * 20 * job.thinkMs);
    }
  };
  await Promise.all(
    job.users.map(async (u, k) => {
      await sleep((k * job.rampMs) / job.users.length); // a staggered start over rampMs
      return u.kind === "teacher" ? teacherLoop(u) : u.kind === "parent" ? parentLoop(u) : deputyLoop(u);
    }),
  );
  return res;
}

// As a forked child: one job in, one result out.
if (process.env.SOAK_LOADER && process.send) {
  process.once("message", (job: LoaderJob) => {
    runLoader(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
    );
  });
}

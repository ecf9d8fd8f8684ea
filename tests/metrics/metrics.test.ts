/**
 * Metrics and logs (issue 20): GET /metrics in Prometheus's format with request durations per route
 * pattern, the database pool, the queue, sign-ins by outcome and the process's own figures; only for
 * the allowed addresses or the token (anyone else: 404). The log of a run through sign-in, wrong
 * passwords, pages with names, a name search and a missing page has a line per request (route
 * pattern, status, user id, request id) and no password, no name, no login, no query.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { captureLog } from "../../src/lib/log.ts";
import { metricsAllowed } from "../../src/modules/metrics/metrics.routes.ts";
import { buildSchool, PASSWORD, type TestSchool } from "../support/fixtures.ts";
import { anonymous, as, csrfFrom, signIn } from "../support/http.ts";

let s: TestSchool;
beforeAll(async () => {
  s = await buildSchool();
});

const value = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(series + " "));
  return line === undefined ? null : Number(line.slice(series.length + 1));
};

describe("GET /metrics", () => {
  it("Prometheus text: request durations by route pattern, the pool, the queue, sign-ins by outcome, the process", async () => {
    const before = (await anonymous().get("/metrics")).text;
    const wrongBefore = value(before, 'journal_sign_ins_total{result="wrong-password"}') ?? 0;
    const agent = anonymous();
    const page = await agent.get("/login");
    await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(page.text), login: s.users.teacherMath.login, password: "не тот пароль" });
    await anonymous().get("/health");
    const admin = await as(s.users.admin);
    await admin.get(`/admin/users/${s.users.teacherMath.userId}`);

    const res = await anonymous().get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(value(res.text, 'journal_sign_ins_total{result="wrong-password"}')).toBe(wrongBefore + 1);
    expect(value(res.text, 'journal_http_request_duration_seconds_count{method="GET",route="/health",status="200"}')).toBeGreaterThanOrEqual(1);
    // The pattern, never the id in the URL.
    expect(res.text).toContain('route="/admin/users/:id"');
    expect(res.text).not.toMatch(new RegExp(`route="[^"]*${s.users.teacherMath.userId}`));
    expect(res.text).toMatch(/^journal_db_pool_connections\{state="total"\} \d+$/m);
    expect(res.text).toMatch(/^journal_db_reachable 1$/m);
    expect(res.text).toMatch(/^journal_db_connect_attempts_total\{kind="attempt"\} [1-9]\d*$/m);
    expect(res.text).toMatch(/^journal_jobs\{queue="email-send",state="failed"\} \d+$/m);
    expect(res.text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(res.text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it("is answered only to the allowed addresses or with the token; anyone else gets the 404 of a missing page", () => {
    const cfg = loadConfig({ ...process.env, METRICS_ALLOW: "10.0.0.5, 127.0.0.1", METRICS_TOKEN: "a-long-metrics-token-1234" });
    expect(metricsAllowed(undefined, "::ffff:127.0.0.1", cfg)).toBe(true);
    expect(metricsAllowed(undefined, "10.0.0.5", cfg)).toBe(true);
    expect(metricsAllowed(undefined, "10.0.0.6", cfg)).toBe(false);
    expect(metricsAllowed("Bearer a-long-metrics-token-1234", "203.0.113.7", cfg)).toBe(true);
    expect(metricsAllowed("Bearer a-long-metrics-token-1235", "203.0.113.7", cfg)).toBe(false);
    expect(metricsAllowed("Bearer a-long", "203.0.113.7", cfg)).toBe(false);
    const noToken = loadConfig({ ...process.env, METRICS_ALLOW: "10.0.0.5" });
    expect(metricsAllowed("Bearer ", "203.0.113.7", noToken)).toBe(false);
    expect(metricsAllowed(undefined, "127.0.0.1", noToken)).toBe(false);
    expect(() => loadConfig({ ...process.env, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("the log", () => {
  const lines: string[] = [];
  let restore: () => void;
  beforeAll(() => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    restore = captureLog(sink).restore;
  });
  afterAll(() => restore());

  it("has a line per request with the route pattern, status, user id and request id, and no password, name, login or query", async () => {
    const teacher = await signIn(s.users.teacherMath.login, PASSWORD);
    const wrong = anonymous();
    const form = await wrong.get("/login");
    await wrong
      .post("/login")
      .type("form")
      .send({ _csrf: csrfFrom(form.text), login: s.users.deputy.login, password: `${PASSWORD}-нет` });
    const secretary = await as(s.users.secretary);
    const student = s.students.studentA1!;
    await secretary.get(`/students?q=${encodeURIComponent("Алексеев")}`);
    await secretary.get(`/students/${student.studentId}`);
    await teacher.get("/journal");
    const missing = await secretary.get("/students/999999999");
    expect(missing.status).toBe(404);

    const text = lines.join("\n");
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "запрос");
    expect(requests.length).toBeGreaterThanOrEqual(8);
    expect(requests).toContainEqual(expect.objectContaining({ method: "GET", route: "/students/:id", status: 200, userId: s.users.secretary.userId }));
    expect(requests).toContainEqual(expect.objectContaining({ method: "POST", route: "/login", status: 302, userId: null }));
    for (const r of requests) expect(r.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain("Алексеев");
    expect(text).not.toContain("?q=");
    for (const u of Object.values(s.users)) {
      expect(text).not.toContain(u.login);
    }
    for (const name of ["Математиков", "Секретарева", "Завучева", "Админова"]) expect(text).not.toContain(name);
  });
});

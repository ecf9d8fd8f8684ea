/**
 * Hostile input (issue 8): every route of the app — listed from the Express router stack — is sent
 * oversized, malformed, SQL-like and script-like values in every form field and query parameter it
 * is known to read (the fields of the forms and the query names of the links seen on the pages a
 * signed-in admin, teacher and parent reach, plus common names), and path params replaced by
 * -1, 0, 1e309, abc, 99999999999. Every answer is the one expected for its case (expectedStatuses):
 * a malformed id is a 404, garbage in a form's fields is a 422 with the form shown again (or the
 * Russian page of a 404, 409 or 403), never a save; a route that takes no input may act (302);
 * never a 5xx. Script-like values stored through the normal forms are shown escaped on the pages
 * of other users; every page has a Content-Security-Policy.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type request from "supertest";
import { prisma } from "../../src/lib/db.ts";
import { as, testApp, type Agent } from "../support/http.ts";
import type { TestUser } from "../support/fixtures.ts";
import { journalSchool, lessonAt, postJson, type JournalSchool } from "../journal/helpers.ts";
import { fillPath, formsOf, linksOf, listRoutes, matchPath, type FormDef, type RouteDef } from "./routes.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

// Fixed dates of the fixture school (a student who left on 01.10, a dismissal on 20.11, lessons of the past weeks)
// are in the past: on a school day of the 2nd quarter (tests/support/use-clock.ts).
useMidQuarterDay();

const XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'];
const SQL = [`'; DROP TABLE "Mark"; --`, "' OR 1=1 --"];
/** Values put into every field at once (form-encoded; arrays and objects through qs brackets). */
const PAYLOADS: { label: string; value: unknown; getValue?: unknown }[] = [
  { label: "100 kB", value: "я".repeat(50_000), getValue: "x".repeat(6_000) },
  { label: "abc", value: "abc" },
  { label: "1e309", value: "1e309" },
  { label: "-1", value: "-1" },
  { label: "bad date", value: "2026-02-30" },
  { label: "array", value: ["1", "2"] },
  { label: "object", value: { a: "1" } },
  ...SQL.map((v) => ({ label: "sql", value: v })),
  ...XSS.map((v) => ({ label: "script", value: v })),
];
/** Query strings: one of each kind (the GET routes only read). */
const GET_PAYLOADS = PAYLOADS.filter((p, i, all) => all.findIndex((q) => q.label === p.label) === i && p.label !== "-1");
/** Form actions that end something for good: no single-field round with otherwise valid values. */
const DESTRUCTIVE =
  /\/(delete|close|block|unblock|archive|unarchive|dismiss|cancel|make-current|password|apply|generate|defaults|end|end-others|standard|unlock)$/;
/** Typed JSON values the form encoding cannot carry. */
const JSON_PAYLOADS: { label: string; value: unknown }[] = [
  { label: "json null", value: null },
  { label: "json 1e308", value: 1e308 },
  { label: "json nested", value: { $gt: "", deep: [[{}]] } },
];
const BAD_IDS = ["-1", "0", "1e309", "abc", "99999999999"];
const COMMON_QUERY = [
  "date",
  "month",
  "period",
  "periodId",
  "year",
  "yearId",
  "q",
  "page",
  "from",
  "to",
  "week",
  "classId",
  "subjectId",
  "studentId",
  "kind",
  "status",
  "role",
  "sort",
];
const COMMON_FIELDS = [
  "name",
  "value",
  "date",
  "studentId",
  "classId",
  "subjectId",
  "comment",
  "reason",
  "topic",
  "homework",
  "code",
  "periodId",
  "note",
  "lastName",
  "firstName",
];
/** Routes that end the fuzzing user's own session. */
const SKIP_POST = new Set(["/logout", "/account/sessions/end-others"]);

/**
 * The cases of the fuzz: "path" a malformed id in the path; "query" garbage in a GET's query;
 * "fields" garbage in every field of a POST (or one 100 kB field, or typed JSON); "one-field" a
 * script-like value in one field, the others as the form has them; "probe" an empty request.
 */
type Kind = "path" | "query" | "fields" | "one-field" | "probe";

/** One answer, with what the checks need from its body. */
interface Outcome {
  role: string;
  route: RouteDef;
  kind: Kind;
  /** The route's form has fields of its own (the crawl saw it), so garbage in them must be refused. */
  takesInput: boolean;
  label: string;
  request: string;
  payload: string;
  status: number | string;
  location: string;
  /** The Russian page of an error (shared/error.ejs) or a JSON { error }. */
  errorPage: boolean;
  /** A 422 that shows the form again: a form of the page's own with a message beside a field or above it. */
  formShown: boolean;
  /** A script-like value of the request came back unescaped. */
  reflected: boolean;
  body: string;
}

/**
 * Forms with fields whose answer to garbage is a 302, and why. Anything else that answers garbage
 * with a save is a finding.
 */
const SKIPS_UNREADABLE: Record<string, string> = {
  "/journal/:classId/:subjectId/finals": "a cell that is not one value is skipped; with none left nothing changes («Изменений нет»)",
  "/journal/lessons/:lessonId/sheet": "sending the lesson's sheet marks the attendance check, even with no cell changed",
};

/**
 * Known 422 answers whose message the page does not show (only a hand-made request gets there),
 * left to the modules' owners; any other 422 must show the form with its message.
 */
const HIDDEN_422: Record<string, string> = {
  "/admin/users/:id/block": "the administrator's own page has no blocking form to show the error in",
  "/staff/:id/rehire": "the rehiring form is shown only for a dismissed person",
  "/journal/:classId/:subjectId/lessons": "an error on «works» for a value no checkbox sends is not shown",
};

/**
 * Forms whose accepted answer is a page of its own (200) rather than a redirect, and why.
 */
const ANSWERED_IN_PLACE: Record<string, string> = {
  "/account/api-tokens": "a new API token is shown once on the answer itself, never through a redirect (so it is never kept in the session)",
};

/** The statuses expected for a case (the role refused the route outright: `refused`). */
function expectedStatuses(o: Outcome, refused: boolean): number[] {
  switch (o.kind) {
    case "path": // a malformed id names no record (the role refused the route may hear that first)
      return refused ? [403, 404] : [404];
    case "query": // a list or page ignores what it cannot read, or shows its filter form again
      return [200, 302, 404, 422, ...(refused ? [403] : []), ...(o.label === "100 kB" ? [431] : [])];
    case "one-field": // a script-like text is stored as text (302) or refused where the field expects a value
      return [302, 403, 404, 409, 422, ...(o.route.pattern in ANSWERED_IN_PLACE ? [200] : [])];
    case "probe":
      if (o.route.method === "GET") return [200, 302, 403, 404];
  }
  // Garbage in a form's own fields is refused: shown again (422), or an id in it names no record (404),
  // or the record refuses it (403, 409). A form without fields (a button) may act on it (302).
  if (o.takesInput && !(o.route.pattern in SKIPS_UNREADABLE)) return [403, 404, 409, 422];
  return [302, 403, 404, 409, 422, ...(o.route.pattern === "/session/keepalive" ? [200] : [])];
}

/** What is wrong with an answer, or null when it is the expected one and its body shows what it must. */
function unexpected(o: Outcome, refused: boolean): string | null {
  const s = o.status;
  if (typeof s !== "number") return "нет ответа";
  if (s >= 500) return "ошибка сервера";
  if (s === 302 && /^\/login/.test(o.location)) return "сеанс потерян";
  if (o.reflected) return "значение со скриптом выведено как есть";
  const allowed = expectedStatuses(o, refused);
  if (!allowed.includes(s)) return `ожидался ответ ${allowed.join(" или ")}`;
  if ([403, 404, 409].includes(s) && !o.errorPage) return "нет страницы ошибки";
  if (s === 422 && !o.formShown && !o.errorPage && !(o.route.pattern in HIDDEN_422)) return "422 без формы с сообщением";
  return null;
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

let s: JournalSchool;
let routes: RouteDef[];

beforeAll(async () => {
  s = await journalSchool();
  await lessonAt(s, { daysAgo: 0 });
  await lessonAt(s, { daysAgo: 2, number: 2 });
  await lessonAt(s, { cls: "5Б", daysAgo: 1, number: 3, subject: "russian", teacher: s.users.teacherRussian });
  routes = listRoutes(testApp());
});

/** Visits the pages a user reaches by links from "/" (at most `limit`), collecting forms and links. */
async function crawl(agent: Agent, limit: number) {
  const seen = new Set<string>();
  const queue = ["/"];
  const forms: FormDef[] = [];
  const links: string[] = [];
  const pages: { url: string; status: number; csp: string | undefined }[] = [];
  const rawHits: string[] = [];
  while (queue.length && seen.size < limit) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const r = await agent.get(url);
    pages.push({ url, status: r.status, csp: r.headers["content-security-policy"] });
    if (r.status !== 200 || !/html/.test(r.headers["content-type"] ?? "")) continue;
    for (const x of XSS) if (r.text.includes(x)) rawHits.push(`${url}: ${x}`);
    forms.push(...formsOf(r.text, url.split("?")[0]!));
    for (const l of linksOf(r.text)) {
      links.push(l);
      if (!seen.has(l) && !/\.(pdf|xlsx|csv)(\?|$)|\/(pdf|export|template)(\/|\?|$)|\/logout/.test(l)) queue.push(l);
    }
  }
  return { forms, links, pages, rawHits };
}

function describePayload(v: unknown): string {
  const t = JSON.stringify(v) ?? String(v);
  return t.length > 60 ? `${t.slice(0, 30)}…(${t.length} символов)` : t;
}

/** For the parent and the teacher (mostly refused early): one value of each kind. */
const SHORT = new Set(["100 kB", "abc", "bad date", "array"]);
const shortList = <T extends { label: string; value: unknown }>(list: T[]) =>
  list.filter((p) => SHORT.has(p.label) || p.value === SQL[0] || p.value === XSS[0]);

async function fuzzAs(role: string, user: TestUser, budget: { requests: number }, full: boolean): Promise<Outcome[]> {
  const payloads = full ? PAYLOADS : shortList(PAYLOADS);
  const getPayloads = full ? GET_PAYLOADS : shortList(GET_PAYLOADS);
  const jsonPayloads = full ? JSON_PAYLOADS : JSON_PAYLOADS.slice(2);
  let agent = await as(user);
  const seen = await crawl(agent, 60);
  const outcomes: Outcome[] = [];
  const allPaths = [...seen.links, ...seen.forms.map((f) => f.action)].map((p) => p.split("?")[0]!);

  // Valid params for each route: the first concrete link or form action that matches it.
  const paramsFor = (r: RouteDef): Record<string, string> => {
    for (const p of allPaths) {
      const m = matchPath(r, p);
      if (m) return m;
    }
    const fallback: Record<string, string> = {
      classId: String(s.classes["5А"]!.id),
      subjectId: String(s.subjects.math.id),
      studentId: String(s.students.studentA1!.studentId),
      yearId: String(s.year.id),
      personId: String(s.users.teacherMath.personId),
      periodId: String(s.periods[1]!.id),
      id: "1",
    };
    return Object.fromEntries(r.params.map((n) => [n, fallback[n] ?? "1"]));
  };
  const formFor = (r: RouteDef, method: "GET" | "POST") => {
    const fields: Record<string, string> = {};
    for (const f of seen.forms) if (f.method === method && matchPath(r, f.action.split("?")[0]!)) Object.assign(fields, f.fields);
    return fields;
  };
  const queryNamesFor = (r: RouteDef) => {
    const names = new Set(COMMON_QUERY);
    for (const l of seen.links) {
      const [p, q] = l.split("?");
      if (q && matchPath(r, p!)) for (const k of new URLSearchParams(q).keys()) names.add(k);
    }
    for (const k of Object.keys(formFor(r, "GET"))) names.add(k);
    return [...names];
  };

  const check = async (
    req: string,
    payload: string,
    c: { route: RouteDef; kind: Kind; label: string; values?: unknown },
    send: () => Promise<request.Response>,
  ) => {
    budget.requests++;
    const base = { role, ...c, takesInput: Object.keys(formFor(c.route, "POST")).length > 0, request: req, payload, location: "", body: "" };
    let res: request.Response;
    try {
      res = await send();
    } catch (err) {
      outcomes.push({ ...base, status: `ошибка: ${err instanceof Error ? err.message : String(err)}`, errorPage: false, formShown: false, reflected: false });
      return;
    }
    const text = res.text ?? "";
    const json = /json/.test(res.headers["content-type"] ?? "");
    const body = res.body as { error?: unknown } | undefined;
    const page = text.replace(/<form\b[^>]*action="\/logout"[\s\S]*?<\/form>/, "");
    outcomes.push({
      ...base,
      status: res.status,
      location: res.headers.location ?? "",
      errorPage: json ? typeof body?.error === "string" : text.includes('class="error-page"'),
      // JSON: { error } (lib/http.ts json()), or { errors } by field for a form's script.
      formShown: json
        ? typeof body?.error === "string" || typeof (body as { errors?: unknown } | undefined)?.errors === "object"
        : /<form\b/.test(page) && /class="error"|message-error|aria-invalid="true"/.test(page),
      reflected: !json && XSS.some((x) => text.includes(x) && JSON.stringify(c.values ?? payload).includes(JSON.stringify(x).slice(1, -1))),
      body: text.replace(/\s+/g, " ").slice(0, 300),
    });
    // The session may end (the user blocked, the password changed by the fuzz): sign in again.
    if (res.status === 302 && /^\/login/.test(res.headers.location ?? "")) agent = await as(user);
  };

  // The parent and the teacher: a route that refuses the role outright (403 before any input is
  // read) gets that one probe only.
  const refused = new Set<RouteDef>();
  if (!full)
    await pool(
      routes.filter((r) => !SKIP_POST.has(r.pattern)),
      6,
      async (r) => {
        const path = fillPath(r.pattern, paramsFor(r));
        let status = 0;
        await check(`${r.method} ${path}`, "проба без данных", { route: r, kind: "probe", label: "проба" }, async () => {
          const res = r.method === "GET" ? await agent.get(path) : await agent.form(path, {});
          status = res.status;
          return res;
        });
        if (status === 403) refused.add(r);
      },
    );

  const jobs: (() => Promise<void>)[] = [];
  for (const r of routes) {
    if (refused.has(r)) continue;
    const valid = paramsFor(r);
    const path = fillPath(r.pattern, valid);
    if (r.method === "POST") {
      if (SKIP_POST.has(r.pattern)) continue;
      const defaults = formFor(r, "POST");
      const names = Object.keys(defaults).length ? Object.keys(defaults) : COMMON_FIELDS;
      for (const p of payloads) {
        if (p.label === "100 kB") {
          // 100 kB in every field would pass the 1 MB body limit (413 before any handler): one field
          // at a time (at most three per form), the others as the form has them.
          for (const n of names.slice(0, full ? 3 : 1))
            jobs.push(() =>
              check(`POST ${path}`, `${p.label} в поле ${n}`, { route: r, kind: "fields", label: p.label }, () =>
                agent.form(path, { ...defaults, [n]: p.value }),
              ),
            );
          continue;
        }
        const body = Object.fromEntries(names.map((n) => [n, p.value]));
        jobs.push(() =>
          check(
            `POST ${path}`,
            `${p.label}: ${describePayload(p.value)} в полях ${names.join(", ")}`,
            { route: r, kind: "fields", label: p.label, values: body },
            () => agent.form(path, body),
          ),
        );
      }
      for (const p of jsonPayloads) {
        const body = Object.fromEntries(names.map((n) => [n, p.value]));
        jobs.push(() =>
          check(`POST ${path} (JSON)`, `${p.label} в полях ${names.join(", ")}`, { route: r, kind: "fields", label: p.label, values: body }, () =>
            postJson(agent, path, body),
          ),
        );
      }
      if (idParams(r).length)
        for (const bad of BAD_IDS) {
          const badPath = fillBadPath(r, bad);
          jobs.push(() => check(`POST ${badPath}`, `путь: ${bad}`, { route: r, kind: "path", label: bad }, () => agent.form(badPath, defaults)));
        }
      // One field at a time, the others as the form has them: script-like text reaches the services
      // (and the database, where a field accepts free text).
      if ((full || role === "teacher") && Object.keys(defaults).length && !DESTRUCTIVE.test(r.pattern))
        for (const [k, n] of names.entries()) {
          const x = XSS[k % XSS.length]!;
          jobs.push(() =>
            check(`POST ${path}`, `поле ${n} = ${x}, остальные как в форме`, { route: r, kind: "one-field", label: "script", values: x }, () =>
              agent.form(path, { ...defaults, [n]: x }),
            ),
          );
        }
    } else {
      const names = queryNamesFor(r);
      const hasInput = r.params.length > 0 || names.length > 0;
      if (!hasInput) continue;
      for (const p of getPayloads) {
        const v = p.getValue ?? p.value;
        const qs = names
          .flatMap((n) =>
            Array.isArray(v)
              ? v.map((x) => `${encodeURIComponent(n)}=${encodeURIComponent(String(x))}`)
              : typeof v === "object"
                ? [`${encodeURIComponent(n)}[a]=1`]
                : [`${encodeURIComponent(n)}=${encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v))}`],
          )
          .join("&");
        const url = `${path}?${qs}`;
        jobs.push(() =>
          check(
            `GET ${path}`,
            `${p.label}: ${describePayload(v)} в параметрах ${names.join(", ")}`,
            { route: r, kind: "query", label: p.label, values: v },
            () => agent.get(url),
          ),
        );
      }
      if (idParams(r).length)
        for (const bad of BAD_IDS) {
          const badPath = fillBadPath(r, bad);
          jobs.push(() => check(`GET ${badPath}`, `путь: ${bad}`, { route: r, kind: "path", label: bad }, () => agent.get(badPath)));
        }
    }
  }
  await pool(jobs, 6, (j) => j());
  return outcomes;
}

/** The params of a route that name a record (an optional part such as `{.:format}` names none). */
const idParams = (r: RouteDef) => [...r.pattern.replace(/\{[^}]*\}/g, "").matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** The path with every id param malformed. */
function fillBadPath(r: RouteDef, bad: string): string {
  return fillPath(r.pattern, Object.fromEntries(idParams(r).map((n) => [n, bad])));
}

/** Answers that are not the expected ones, as report lines. */
function findingsOf(outcomes: Outcome[]): string[] {
  // A GET route refuses the role outright when every garbage query and the empty probe got 403 (a 431
  // for an address too long aside).
  const refused = new Set<string>();
  const byRoute = new Map<string, number[]>();
  for (const o of outcomes)
    if (o.route.method === "GET" && (o.kind === "query" || o.kind === "probe")) {
      const key = `${o.role} ${o.route.pattern}`;
      if (o.status !== 431) byRoute.set(key, [...(byRoute.get(key) ?? []), typeof o.status === "number" ? o.status : 0]);
    }
  for (const [key, statuses] of byRoute) if (statuses.every((st) => st === 403)) refused.add(key);
  // One line per role, route, answer and problem: how many requests, and one of them.
  const groups = new Map<string, { n: number; example: Outcome }>();
  for (const o of outcomes) {
    const problem = unexpected(o, refused.has(`${o.role} ${o.route.pattern}`));
    if (!problem) continue;
    const key = `${o.role} ${o.route.method} ${o.route.pattern} (${o.kind}) → ${o.status}: ${problem}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, example: o });
  }
  return [...groups].map(([key, { n, example: o }]) => `${key} — ${n} раз, например ${o.request} [${o.payload.slice(0, 80)}] ${o.body.slice(0, 120)}`);
}

/** Rows anywhere in the database whose text holds a script-like value of the fuzz. */
async function storedMarkup(): Promise<{ total: number; where: string[] }> {
  const cols = await prisma.$queryRawUnsafe<{ t: string; c: string }[]>(
    `SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying') AND table_name NOT IN ('session', '_prisma_migrations', 'AuditLog')`,
  );
  const where: string[] = [];
  let total = 0;
  for (const { t, c } of cols) {
    const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${t}" WHERE "${c}" LIKE '%<script>%' OR "${c}" LIKE '%<img src=x%'`,
    );
    const n = Number(row?.n ?? 0);
    if (n) where.push(`${t}.${c}: ${n}`);
    total += n;
  }
  return { total, where };
}

describe("hostile input on every route", () => {
  it("lists the routes from the router stack", () => {
    expect(routes.filter((r) => r.method === "POST").length).toBeGreaterThan(50);
    expect(routes.filter((r) => r.method === "GET").length).toBeGreaterThan(50);
    expect(routes.some((r) => r.pattern === "/journal/lessons/:lessonId/marks")).toBe(true);
  });

  it("never answers 5xx to oversized, malformed, SQL-like or script-like input (parent, teacher, admin)", async () => {
    const budget = { requests: 0 };
    const outcomes: Outcome[] = [];
    // The admin last: the admin's fuzz may block, delete or close what the others use.
    for (const [role, user, full] of [
      ["parent", s.users.parentAlekseev, false],
      ["teacher", s.users.teacherMath, false],
      ["admin", s.users.admin, true],
    ] as const) {
      const t0 = performance.now();
      const before = budget.requests;
      outcomes.push(...(await fuzzAs(role, user, budget, full)));
      console.log(`  ${role}: ${budget.requests - before} запросов, ${((performance.now() - t0) / 1000).toFixed(1)} с`);
    }
    const findings = findingsOf(outcomes);
    const statuses = new Map<number | string, number>();
    for (const o of outcomes) statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
    console.log(
      `Враждебный ввод: маршрутов ${routes.length} (POST ${routes.filter((r) => r.method === "POST").length}, GET ${routes.filter((r) => r.method === "GET").length}), запросов ${budget.requests}, ответы ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(", ")}, неожиданных ${findings.length}`,
    );
    expect(findings, findings.join("\n")).toEqual([]);
    // Nothing was dropped: the SQL-like values reached the database as plain text at most.
    expect(await prisma.mark.count()).toBeGreaterThanOrEqual(0);

    // Whatever script-like value got stored, no page of these users renders it raw.
    const stored = await storedMarkup();
    console.log(`Значений с разметкой в базе после прогона: ${stored.total} (${stored.where.join(", ")})`);
    const raw: string[] = [];
    for (const [role, user] of [
      ["parent", s.users.parentAlekseev],
      ["teacher", s.users.teacherMath],
      ["admin", s.users.admin],
    ] as const) {
      const { rawHits, pages } = await crawl(await as(user), 80);
      raw.push(...rawHits.map((h) => `${role} ${h}`));
      expect(
        pages.filter((p) => p.status === 200 && !p.csp).map((p) => p.url),
        "страницы без Content-Security-Policy",
      ).toEqual([]);
    }
    expect(raw).toEqual([]);
  }, 480_000); // about 105 s alone on 2 cores; twice that beside another test run
});

describe("script-like values stored through the normal forms", () => {
  it("are shown escaped on the journal, lesson page, diary and student file; every page has a CSP", async () => {
    const school = await journalSchool();
    const lesson = await lessonAt(school, { daysAgo: 1 });
    const teacher = await as(school.users.teacherMath);
    const admin = await as(school.users.admin);
    const parent = await as(school.users.parentAlekseev);
    const a1 = school.students.studentA1!;
    const [x1, x2] = XSS as [string, string];

    // Topic and homework through the lesson form (fields as the lesson page renders them).
    const lessonPage = await teacher.get(`/journal/lessons/${lesson.id}`);
    expect(lessonPage.status).toBe(200);
    const lessonForm = formsOf(lessonPage.text, `/journal/lessons/${lesson.id}`).find(
      (f) => f.method === "POST" && f.action === `/journal/lessons/${lesson.id}` && "topic" in f.fields,
    );
    expect(lessonForm, "форма урока с темой").toBeTruthy();
    const saved = await teacher.form(`/journal/lessons/${lesson.id}`, { ...lessonForm!.fields, topic: x1, homework: x2 });
    expect(saved.status, "тема и задание со скриптом сохраняются как текст").toBe(302);
    // A mark with a script-like comment, as the grid sends it.
    const mark = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
      studentId: a1.studentId,
      assignmentTypeId: school.types["Ответ на уроке"],
      value: 5,
      comment: x1,
    });
    expect(mark.status).toBe(200);
    // A name through the student's edit form (the admin).
    const edit = await admin.get(`/students/${a1.studentId}/edit`);
    expect(edit.status).toBe(200);
    const nameForm = formsOf(edit.text, `/students/${a1.studentId}/edit`).find((x) => x.method === "POST" && "lastName" in x.fields);
    expect(nameForm, "форма личного дела с фамилией").toBeTruthy();
    const renamed = await admin.form(nameForm!.action, { ...nameForm!.fields, lastName: `Алексеев${x2}`, firstName: `Артём${x1}` });
    expect(renamed.status, "имя со скриптом сохраняется как текст").toBe(302);

    const stored = await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } });
    const storedMark = await prisma.mark.findFirst({ where: { lessonId: lesson.id } });
    const person = await prisma.person.findUniqueOrThrow({ where: { id: a1.personId } });
    const anyStored = [stored.topic, stored.homework, storedMark?.comment, person.lastName, person.firstName].filter((v) => v && /<script|<img/.test(v));
    expect(anyStored.length, "хотя бы одно значение с разметкой принято формами").toBeGreaterThan(0);

    const lessonDate = stored.date.toISOString().slice(0, 10);
    const pages: [string, Agent, string][] = [
      ["журнал", teacher, `/journal/${school.classes["5А"]!.id}/${school.subjects.math.id}`],
      ["страница урока", teacher, `/journal/lessons/${lesson.id}`],
      ["дневник родителя", parent, `/diary/${a1.studentId}/week?date=${lessonDate}`],
      ["оценки родителя", parent, `/diary/${a1.studentId}/marks`],
      ["личное дело", admin, `/students/${a1.studentId}`],
    ];
    const problems: string[] = [];
    let escapedSeen = 0;
    for (const [name, agent, url] of pages) {
      const r = await agent.get(url);
      if (r.status !== 200) {
        problems.push(`${name} ${url}: ответ ${r.status}`);
        continue;
      }
      if (!r.headers["content-security-policy"]?.includes("script-src 'self'")) problems.push(`${name}: нет Content-Security-Policy`);
      for (const x of XSS) if (r.text.includes(x)) problems.push(`${name}: разметка «${x}» выведена как есть`);
      if (/<script>alert|<img src=x/i.test(r.text)) problems.push(`${name}: исполняемая разметка на странице`);
      if (r.text.includes("&lt;script&gt;alert(1)&lt;/script&gt;") || r.text.includes("&lt;img src=x onerror=alert(1)&gt;")) escapedSeen++;
    }
    expect(problems).toEqual([]);
    // The stored values are visible — escaped — on the pages that show them.
    if (stored.topic === x1) {
      const r = await teacher.get(`/journal/lessons/${lesson.id}`);
      expect(r.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      const d = await parent.get(`/diary/${a1.studentId}/week?date=${lessonDate}`);
      expect(d.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
    if (person.lastName.includes("<img")) {
      const r = await admin.get(`/students/${a1.studentId}`);
      expect(r.text).toMatch(/&lt;img src=x onerror=alert\(1\)&gt;|&#34;&gt;&lt;img/);
    }
    expect(escapedSeen).toBeGreaterThan(0);

    // A CSP on the public pages and the error pages as well.
    for (const url of ["/login", "/no-such-page"]) {
      const r = await admin.get(url);
      expect(r.headers["content-security-policy"], url).toMatch(/default-src 'self'/);
    }
  });
});

/**
 * Hostile input (issue 8): every route of the app — listed from the Express router stack — is sent
 * oversized, malformed, SQL-like and script-like values in every form field and query parameter it
 * is known to read (the fields of the forms and the query names of the links seen on the pages a
 * signed-in admin, teacher and parent reach, plus common names), and path params replaced by
 * -1, 0, 1e309, abc, 99999999999. Never a 5xx. Script-like values stored through the normal forms
 * are shown escaped on the pages of other users; every page has a Content-Security-Policy.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type request from "supertest";
import { prisma } from "../../src/lib/db.ts";
import { as, testApp, type Agent } from "../support/http.ts";
import type { TestUser } from "../support/fixtures.ts";
import { journalSchool, lessonAt, postJson, type JournalSchool } from "../journal/helpers.ts";
import { fillPath, formsOf, linksOf, listRoutes, matchPath, type FormDef, type RouteDef } from "./routes.ts";

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

interface Finding {
  role: string;
  request: string;
  payload: string;
  status: number | string;
  body: string;
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

async function fuzzAs(role: string, user: TestUser, budget: { requests: number }, full: boolean): Promise<Finding[]> {
  const payloads = full ? PAYLOADS : shortList(PAYLOADS);
  const getPayloads = full ? GET_PAYLOADS : shortList(GET_PAYLOADS);
  const jsonPayloads = full ? JSON_PAYLOADS : JSON_PAYLOADS.slice(2);
  let agent = await as(user);
  const seen = await crawl(agent, 60);
  const findings: Finding[] = [];
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

  const check = async (req: string, payload: string, send: () => Promise<request.Response>) => {
    budget.requests++;
    let res: request.Response;
    try {
      res = await send();
    } catch (err) {
      findings.push({ role, request: req, payload, status: `ошибка: ${err instanceof Error ? err.message : err}`, body: "" });
      return;
    }
    if (res.status >= 500) findings.push({ role, request: req, payload, status: res.status, body: (res.text ?? "").replace(/\s+/g, " ").slice(0, 300) });
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
        await check(`${r.method} ${path}`, "проба без данных", async () => {
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
            jobs.push(() => check(`POST ${path}`, `${p.label} в поле ${n}`, () => agent.form(path, { ...defaults, [n]: p.value })));
          continue;
        }
        const body = Object.fromEntries(names.map((n) => [n, p.value]));
        jobs.push(() => check(`POST ${path}`, `${p.label}: ${describePayload(p.value)} в полях ${names.join(", ")}`, () => agent.form(path, body)));
      }
      for (const p of jsonPayloads) {
        const body = Object.fromEntries(names.map((n) => [n, p.value]));
        jobs.push(() => check(`POST ${path} (JSON)`, `${p.label} в полях ${names.join(", ")}`, () => postJson(agent, path, body)));
      }
      if (r.params.length)
        for (const bad of BAD_IDS) {
          const badPath = fillPath(r.pattern, Object.fromEntries(r.params.map((n) => [n, bad])));
          jobs.push(() => check(`POST ${badPath}`, `путь: ${bad}`, () => agent.form(badPath, defaults)));
        }
      // One field at a time, the others as the form has them: script-like text reaches the services
      // (and the database, where a field accepts free text).
      if ((full || role === "teacher") && Object.keys(defaults).length && !DESTRUCTIVE.test(r.pattern))
        for (const [k, n] of names.entries()) {
          const x = XSS[k % XSS.length]!;
          jobs.push(() => check(`POST ${path}`, `поле ${n} = ${x}, остальные как в форме`, () => agent.form(path, { ...defaults, [n]: x })));
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
              ? v.map((x) => `${encodeURIComponent(n)}=${encodeURIComponent(x)}`)
              : typeof v === "object"
                ? [`${encodeURIComponent(n)}[a]=1`]
                : [`${encodeURIComponent(n)}=${encodeURIComponent(String(v))}`],
          )
          .join("&");
        const url = `${path}?${qs}`;
        jobs.push(() => check(`GET ${path}`, `${p.label}: ${describePayload(v)} в параметрах ${names.join(", ")}`, () => agent.get(url)));
      }
      if (r.params.length)
        for (const bad of BAD_IDS) {
          const badPath = fillPath(r.pattern, Object.fromEntries(r.params.map((n) => [n, bad])));
          jobs.push(() => check(`GET ${badPath}`, `путь: ${bad}`, () => agent.get(badPath)));
        }
    }
  }
  await pool(jobs, 6, (j) => j());
  return findings;
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
    const findings: Finding[] = [];
    // The admin last: the admin's fuzz may block, delete or close what the others use.
    for (const [role, user, full] of [
      ["parent", s.users.parentAlekseev, false],
      ["teacher", s.users.teacherMath, false],
      ["admin", s.users.admin, true],
    ] as const) {
      const t0 = performance.now();
      const before = budget.requests;
      findings.push(...(await fuzzAs(role, user, budget, full)));
      console.log(`  ${role}: ${budget.requests - before} запросов, ${((performance.now() - t0) / 1000).toFixed(1)} с`);
    }
    console.log(
      `Враждебный ввод: маршрутов ${routes.length} (POST ${routes.filter((r) => r.method === "POST").length}, GET ${routes.filter((r) => r.method === "GET").length}), запросов ${budget.requests}, ответов 5xx ${findings.length}`,
    );
    const report = findings.slice(0, 40).map((f) => `${f.role} ${f.request} [${f.payload.slice(0, 160)}] → ${f.status} ${f.body.slice(0, 200)}`);
    expect(report, report.join("\n")).toEqual([]);
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
  }, 240_000);
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
    expect(saved.status).toBeLessThan(500);
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
    if (edit.status === 200) {
      const f = formsOf(edit.text, `/students/${a1.studentId}/edit`).find((x) => x.method === "POST" && "lastName" in x.fields);
      if (f) {
        const r = await admin.form(f.action, { ...f.fields, lastName: `Алексеев${x2}`, firstName: `Артём${x1}` });
        expect(r.status).toBeLessThan(500);
      }
    }

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

/**
 * The OpenAPI document of /api/v1 (issue 21): served without a token, every route mounted under
 * /api/v1 is in it (and nothing else), and real answers of the main endpoints validate against
 * its response schemas (ajv, the document's own components). The docs page renders it without a CDN.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Router } from "express";
import { prisma } from "../../src/lib/db.ts";
import { apiRouter } from "../../src/modules/api/api.routes.ts";
import { openApiPath } from "../../src/modules/api/api.registry.ts";
import { openApiDocument } from "../../src/modules/api/openapi.ts";
import { testApp } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";
import { journalSchool, lessonAt, type JournalSchool } from "../journal/helpers.ts";
import { bells, mark } from "../diary/helpers.ts";
import { apiAs } from "./helpers.ts";

useMidQuarterDay();

type Doc = ReturnType<typeof openApiDocument>;
interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route (METHOD /api/v1/path) of a router, sub-routers included. */
function routesOf(router: Router): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push(`${m.toUpperCase()} ${openApiPath(layer.route.path)}`);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out.sort();
}

function documented(doc: Doc): string[] {
  return Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

/** A validator of the 200 (or another status's) answer of an operation, against the document's schemas. */
function validatorFor(doc: Doc, method: string, path: string, status = "200") {
  const op = (doc.paths?.[path] as Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>)[method]!;
  const schema = op.responses[status]!.content["application/json"]!.schema;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  return ajv.compile({ ...schema, components: doc.components });
}

describe("the OpenAPI document", () => {
  let s: JournalSchool;
  let doc: Doc;
  beforeAll(async () => {
    s = await journalSchool();
    await bells(s);
    const l = await lessonAt(s, { daysAgo: 1 });
    await prisma.lesson.update({ where: { id: l.id }, data: { topic: "Дроби", homework: "№ 5" } });
    await mark(s, l.id, s.students.studentA1!.studentId, s.types["Ответ на уроке"], 5, "устно");
    const res = await request(testApp()).get("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    doc = res.body as Doc;
  });

  it("is served without a token, as OpenAPI 3 with the bearer scheme", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("documents every route mounted under /api/v1, and only those", () => {
    const mounted = routesOf(apiRouter(openApiDocument));
    expect(mounted.length).toBeGreaterThanOrEqual(10);
    expect(documented(doc)).toEqual(mounted);
  });

  it("real answers of the main endpoints validate against their response schemas", async () => {
    const A1 = s.students.studentA1!.studentId;
    const family = await apiAs(s.users.parentAlekseev);
    const teacher = await apiAs(s.users.teacherMath, { scope: "write" });
    const lesson = await lessonAt(s, { daysAgo: 2 });
    const calls: [typeof family, string, string, string, object?][] = [
      [family, "get", "/api/v1/me", "/api/v1/me"],
      [family, "get", `/api/v1/students/${A1}/diary?week=2026-12-08`, "/api/v1/students/{studentId}/diary"],
      [family, "get", `/api/v1/students/${A1}/marks`, "/api/v1/students/{studentId}/marks"],
      [family, "get", `/api/v1/students/${A1}/timetable`, "/api/v1/students/{studentId}/timetable"],
      [family, "get", "/api/v1/announcements", "/api/v1/announcements"],
      [family, "get", "/api/v1/messages", "/api/v1/messages"],
      [teacher, "get", "/api/v1/teacher/today?date=2026-12-08", "/api/v1/teacher/today"],
      [teacher, "get", `/api/v1/journal/${s.classes["5А"]!.id}/${s.subjects.math.id}`, "/api/v1/journal/{classId}/{subjectId}"],
      [
        teacher,
        "post",
        "/api/v1/journal/marks",
        "/api/v1/journal/marks",
        { lessonId: lesson.id, studentId: A1, assignmentTypeId: s.types["Ответ на уроке"], value: 4 },
      ],
    ];
    for (const [client, method, url, path, body] of calls) {
      const res = method === "get" ? await client.get(url) : await client.post(url, body!);
      expect(res.status, url).toBe(200);
      const validate = validatorFor(doc, method, path);
      expect(validate(res.body), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // Errors validate against Error.
    const missing = await family.get("/api/v1/students/999999999/diary");
    expect(missing.status).toBe(404);
    expect(validatorFor(doc, "get", "/api/v1/students/{studentId}/diary", "404")(missing.body)).toBe(true);
    const invalid = await family.get(`/api/v1/students/${A1}/diary?week=x`);
    expect(validatorFor(doc, "get", "/api/v1/students/{studentId}/diary", "422")(invalid.body)).toBe(true);
  });

  it("the validator does reject an answer that breaks the schema", async () => {
    const family = await apiAs(s.users.studentA1);
    const res = await family.get(`/api/v1/students/${s.students.studentA1!.studentId}/diary?week=2026-12-08`);
    const validate = validatorFor(doc, "get", "/api/v1/students/{studentId}/diary");
    const body = res.body as { days: { lessons: { marks: { value: unknown }[] }[] }[]; weekStart?: string };
    expect(validate(body)).toBe(true);
    const lesson = body.days.flatMap((d) => d.lessons).find((l) => l.marks.length)!;
    lesson.marks[0]!.value = "пять";
    expect(validate(body)).toBe(false);
    delete body.weekStart;
    expect(validate({ ...body })).toBe(false);
  });

  it("the page /api/docs lists every operation and schema, with no script or CDN", async () => {
    const res = await request(testApp()).get("/api/docs");
    expect(res.status).toBe(200);
    for (const op of documented(doc)) expect(res.text, op).toContain(`<code>${op.replace(" ", " ")}</code>`);
    for (const name of Object.keys(doc.components?.schemas ?? {})) expect(res.text).toContain(`id="schema-${name}"`);
    expect(res.text).not.toMatch(/<script[^>]+src="https?:/);
    expect(res.text).not.toMatch(/<link[^>]+href="https?:/);
  });
});

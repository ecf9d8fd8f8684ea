/**
 * Journal test helpers: lessons relative to today(), the default kinds of work, JSON posts
 * with the CSRF header, and the actor of a persona for service-level calls.
 */
import { loadActor, type Actor } from "../../src/access/actor.ts";
import { prisma } from "../../src/lib/db.ts";
import { addDays, today } from "../../src/lib/dates.ts";
import { ensureDefaultAssignmentTypes } from "../../src/modules/journal/journal.service.ts";
import type { Response, Test } from "supertest";
import type { Agent } from "../support/http.ts";
import { buildSchool, type TestSchool, type TestUser } from "../support/fixtures.ts";

export type TypeName =
  | "Ответ на уроке"
  | "Самостоятельная работа"
  | "Контрольная работа"
  | "Диктант"
  | "Лабораторная работа"
  | "Практическая работа"
  | "Домашнее задание"
  | "Проверочная работа";
export type JournalSchool = TestSchool & { types: Record<TypeName, number> };

/** A fixture school with the default kinds of work. */
export async function journalSchool(opts: Parameters<typeof buildSchool>[0] = {}): Promise<JournalSchool> {
  const s = await buildSchool(opts);
  const list = await ensureDefaultAssignmentTypes(s.schoolId);
  return { ...s, types: Object.fromEntries(list.map((t) => [t.name, t.id])) as Record<TypeName, number> };
}

export async function actorOf(user: TestUser): Promise<Actor> {
  const a = await loadActor(user.userId);
  if (!a) throw new Error("no actor");
  return a;
}

/** A lesson `daysAgo` days before today (negative: in the future), written directly. */
export async function lessonAt(
  s: TestSchool,
  opts: { cls?: "5А" | "5Б"; subject?: "math" | "russian" | "english"; daysAgo?: number; teacher?: TestUser; subgroupId?: number | null; number?: number } = {},
) {
  const cls = s.classes[opts.cls ?? "5А"]!;
  return prisma.lesson.create({
    data: {
      schoolId: s.schoolId,
      classId: cls.id,
      subjectId: s.subjects[opts.subject ?? "math"].id,
      teacherId: (opts.teacher ?? s.users.teacherMath).personId,
      subgroupId: opts.subgroupId ?? null,
      date: addDays(today(), -(opts.daysAgo ?? 0)),
      number: opts.number ?? 1,
    },
  });
}

/** The reply of a journal JSON endpoint (lib/http.ts json()): { ok, ...result } on 200, { error, field, fields } otherwise. */
export interface JsonReply {
  ok?: boolean;
  error?: string;
  field?: string;
  fields?: Record<string, string>;
  mark?: { id: number; value: number; comment: string | null } | null;
  attendance?: { code: string } | null;
  value?: string;
  corrected?: boolean;
}

/** A JSON post: the supertest request, its reply's body typed as JsonReply. */
export type JsonTest = Omit<Test, "then" | "catch" | "finally"> & Promise<Omit<Response, "body"> & { body: JsonReply }>;

/** POST JSON with the session's CSRF token, as journal.js does. */
export function postJson(agent: Agent, url: string, body: unknown): JsonTest {
  return agent
    .post(url)
    .set("x-csrf-token", agent.token)
    .set("accept", "application/json")
    .send(body as object);
}

export async function marksOf(lessonId: number) {
  return prisma.mark.findMany({ where: { lessonId }, orderBy: { id: "asc" } });
}

export async function auditOf(entity: string, entityId: string) {
  return prisma.auditLog.findMany({ where: { entity, entityId }, orderBy: { id: "asc" } });
}

export { addDays, today };

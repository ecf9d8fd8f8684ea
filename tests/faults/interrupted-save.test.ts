/**
 * Faults (issue 8): a mark save interrupted mid-way leaves no partial state. A trigger in this
 * file's database makes the audit insert fail for one marked comment, i.e. after the kind of work
 * (LessonWork) and the mark have been written inside the save's transaction; the answer must be a
 * clean error and neither the work, the mark nor an audit row may remain.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { as, type Agent } from "../support/http.ts";
import { auditOf, journalSchool, lessonAt, marksOf, postJson, type JournalSchool } from "../journal/helpers.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

const POISON = "сбой-аудита";

let s: JournalSchool;
let teacher: Agent;

// Lessons days back from today, the 30-day lock: on a school day with a month of lessons behind it (tests/support/use-clock.ts).
useMidQuarterDay();

beforeAll(async () => {
  await pgPool().query(`
    CREATE OR REPLACE FUNCTION fault_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."newValue"->>'comment' = '${POISON}' THEN RAISE EXCEPTION 'injected audit failure'; END IF;
      RETURN NEW;
    END $$`);
  await pgPool().query(`CREATE TRIGGER fault_audit BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION fault_audit()`);
  s = await journalSchool();
  teacher = await as(s.users.teacherMath);
});

describe("a mark save interrupted by a failing audit insert", () => {
  it("a new mark (with a new kind of work): clean error, no mark, no work, no audit row", async () => {
    const lesson = await lessonAt(s, { daysAgo: 0 });
    const a1 = s.students.studentA1!.studentId;
    const auditBefore = await prisma.auditLog.count({ where: { schoolId: s.schoolId } });
    const r = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
      studentId: a1,
      assignmentTypeId: s.types["Контрольная работа"],
      value: 5,
      comment: POISON,
    });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: expect.stringMatching(/непредвиденная ошибка/) as unknown });
    expect((r.body as { ok?: unknown }).ok).toBeUndefined();
    expect(await marksOf(lesson.id)).toEqual([]);
    expect(await prisma.lessonWork.count({ where: { lessonId: lesson.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId } })).toBe(auditBefore);

    // The app goes on: the same save without the poison succeeds and is audited.
    const ok = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, {
      studentId: a1,
      assignmentTypeId: s.types["Контрольная работа"],
      value: 5,
      comment: "норма",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.ok).toBe(true);
    expect((await marksOf(lesson.id)).map((m) => m.value)).toEqual([5]);
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId } })).toBe(auditBefore + 1);
  });

  it("a change of an existing mark: the old value and its audit trail stay as they were", async () => {
    const lesson = await lessonAt(s, { daysAgo: 1, number: 2 });
    const a2 = s.students.studentA2!.studentId;
    const body = { studentId: a2, assignmentTypeId: s.types["Ответ на уроке"] };
    const first = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { ...body, value: 4 });
    expect(first.body.ok).toBe(true);
    const [mark] = await marksOf(lesson.id);
    const trail = await auditOf(
      "mark",
      (await prisma.auditLog.findFirstOrThrow({ where: { schoolId: s.schoolId, entity: "mark" }, orderBy: { id: "desc" } })).entityId,
    );

    const r = await postJson(teacher, `/journal/lessons/${lesson.id}/marks`, { ...body, value: 2, comment: POISON });
    expect(r.status).toBe(500);
    expect(r.body.error).toMatch(/непредвиденная ошибка/);
    const after = await marksOf(lesson.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: mark!.id, value: 4, comment: null });
    expect(await auditOf("mark", trail[0]!.entityId)).toHaveLength(trail.length);
  });

  it("the lesson page shows the error as a Russian page, not a partial save, for a form post", async () => {
    const lesson = await lessonAt(s, { daysAgo: 2, number: 3 });
    const r = await teacher
      .post(`/journal/lessons/${lesson.id}/marks`)
      .set("x-csrf-token", teacher.token)
      .set("accept", "text/html")
      .type("form")
      .send({ studentId: s.students.studentA1!.studentId, assignmentTypeId: s.types["Ответ на уроке"], value: "3", comment: POISON });
    expect(r.status).toBe(500);
    expect(r.text).toMatch(/непредвиденная ошибка|Ошибка на сервере/);
    expect(await marksOf(lesson.id)).toEqual([]);
  });
});

describe("a database that cannot be reached over its socket (ENOENT)", () => {
  it("answers 503 with the Russian message and keeps the session (express-session took ENOENT for «no session»)", async () => {
    const agent = await as(s.users.teacherMath);
    const pool = pgPool();
    const query = pool.query.bind(pool);
    const down = Object.assign(new Error("connect ENOENT /tmp/.s.PGSQL.5432"), { code: "ENOENT", syscall: "connect" });
    (pool as { query: unknown }).query = () => Promise.reject(down);
    let r;
    try {
      r = await agent.get("/journal");
    } finally {
      (pool as { query: unknown }).query = query;
    }
    expect(r.status).toBe(503);
    expect(r.text).toContain("База данных временно недоступна");
    const after = await agent.get("/journal");
    expect(after.status).toBe(200);
  });
});

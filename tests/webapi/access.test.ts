/**
 * Who the web API lets in and what it shows (issue 21, R-ACL-1, R-SEC-1): each rule tried as the
 * wrong person. Another family's or a sibling's studentId, another school's scid or ids, a guessed
 * file, a staff or blocked account — all answer as missing or refused, and never with data.
 */
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { prisma } from "../../src/lib/db.ts";
import { fileStore, sha256Of } from "../../src/lib/files/store.ts";
import { errorFormat, studentGradesFormat } from "../../src/modules/webapi/webapi.formats.ts";
import { buildSchool, type TestSchool } from "../support/fixtures.ts";
import { as, signIn, testApp } from "../support/http.ts";
import { appPasswordOf, schoolWithWeek, tokenFor, webapiLogin } from "./helpers.ts";

type World = Awaited<ReturnType<typeof schoolWithWeek>>;
let w: World;
let other: TestSchool;

beforeAll(async () => {
  w = await schoolWithWeek();
  other = await buildSchool();
});

const get = (url: string, at: string) => request(testApp()).get(url).set("at", at);
const week = (studentId: number) => `/webapi/student/diary?studentId=${studentId}&weekStart=2026-12-07&weekEnd=2026-12-12`;

/** The reads that take a studentId: each must answer 404 {message} and nothing of the diary. */
async function expectMissingStudent(at: string, studentId: number) {
  const answers = [
    await get(week(studentId), at),
    await get(`/webapi/student/diary/assigns/${-1}?studentId=${studentId}`, at),
    await get(`/webapi/student/diary/pastMandatory?studentId=${studentId}&weekStart=2026-12-07&weekEnd=2026-12-12`, at),
    await request(testApp())
      .post(`/webapi/student/diary/get-attachments?studentId=${studentId}`)
      .set("at", at)
      .send({ assignId: [1] }),
  ];
  for (const res of answers) {
    expect(res.status).toBe(404);
    errorFormat.parse(res.body);
    expect(res.text).not.toMatch(/Математика|Контрольная|№ 123|5Б/);
  }
}

describe("the web API keeps to the family (R-ACL-1)", () => {
  it("a parent of another family asking for a child not theirs gets 404 and no data", async () => {
    const at = await tokenFor(w.s, w.s.users.parentBorisova);
    expect((await get(week(w.s.students.studentA2!.studentId), at)).status).toBe(200); // the own child
    await expectMissingStudent(at, w.s.students.studentA1!.studentId);
    await expectMissingStudent(at, other.students.studentA1!.studentId); // another school's student
    await expectMissingStudent(at, 2_000_000_000); // a guessed id
  });

  it("an assignment of another class or family is missing, even asked for the own child", async () => {
    const at = await tokenFor(w.s, w.s.users.parentBorisova);
    const own = w.s.students.studentA2!.studentId; // 5А, as studentA1
    const assigns = (id: number) => get(`/webapi/student/diary/assigns/${id}?studentId=${own}`, at);
    expect((await assigns(-w.lessons.math.id)).status).toBe(200); // 5А's homework is the own child's too
    expect((await assigns(-w.lessons.mathB.id)).status).toBe(404); // 5Б's homework
    expect((await assigns(w.marks.b1.workId)).status).toBe(404); // 5Б's work
    expect((await assigns(w.marks.engOral.workId)).status).toBe(404); // a work only the classmate has a mark for
    expect((await assigns(-2_000_000_000)).status).toBe(404);
    expect((await assigns(0)).status).toBe(404);
  });

  it("a student cannot read a sibling's diary (their parent can)", async () => {
    const at = await tokenFor(w.s, w.s.users.studentA1);
    const init = (await get("/webapi/student/diary/init", at).expect(200)).body as { students: { studentId: number }[] };
    expect(init.students.map((s) => s.studentId)).toEqual([w.s.students.studentA1!.studentId]);
    await expectMissingStudent(at, w.s.students.studentB1!.studentId);
    const grades = studentGradesFormat.parse((await get("/webapi/reports/studentGrades", at).expect(200)).body);
    expect(grades.filterSources.find((f) => f.filterId === "SID")!.items.map((i) => Number(i.value))).toEqual([w.s.students.studentA1!.studentId]);
  });

  it("another school's card, terms and files are missing; a guessed file too; a staff-only announcement's file is not the parent's", async () => {
    const at = await tokenFor(w.s, w.s.users.parentAlekseev);
    expect((await get(`/webapi/schools/${other.schoolId}/card`, at)).status).toBe(404);
    const initfilters = (termId: number) =>
      request(testApp())
        .post("/webapi/v2/reports/studentgrades/initfilters")
        .set("at", at)
        .send({ selectedData: [{ filterId: "TERMID", filterValue: String(termId) }] });
    expect((await initfilters(w.s.periods[0]!.id)).status).toBe(200);
    expect((await initfilters(other.periods[0]!.id)).status).toBe(404);

    const attach = async (schoolId: number, authorId: number, audience: "SCHOOL" | "STAFF", text: string) => {
      const data = Buffer.from(`${text} ${crypto.randomUUID()}`);
      await fileStore().put(sha256Of(data), data);
      const file = await prisma.storedFile.create({
        data: { schoolId, sha256: sha256Of(data), name: `${text}.txt`, mime: "text/plain", size: data.length, uploaderId: authorId },
      });
      await prisma.announcement.create({ data: { schoolId, authorId, title: text, body: text, audience, files: { create: { fileId: file.id } } } });
      return file.id;
    };
    const open = await attach(w.s.schoolId, w.s.users.admin.userId, "SCHOOL", "Меню столовой");
    const staff = await attach(w.s.schoolId, w.s.users.admin.userId, "STAFF", "Приказ для сотрудников");
    const foreign = await attach(other.schoolId, other.users.admin.userId, "SCHOOL", "Чужая школа");
    const ok = await get(`/webapi/attachments/${open}`, at);
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/^Меню столовой/);
    for (const id of [staff, foreign, 2_000_000_000]) {
      const res = await get(`/webapi/attachments/${id}`, at);
      expect(res.status, String(id)).toBe(404);
      expect(res.text).not.toMatch(/Приказ|Чужая/);
    }
    const list = (await get("/webapi/announcements?take=-1", at).expect(200)).body as { attachments: { id: number }[] }[];
    expect(list.flatMap((a) => a.attachments.map((f) => f.id))).toEqual([open]);
  });
});

describe("who may sign in (issue 21, R-SEC-1)", () => {
  it("staff have no app password: the settings refuse it (403, nothing stored), and a crafted one does not open the API", async () => {
    const teacher = await as(w.s.users.teacherMath);
    const page = await teacher.get("/account").expect(200);
    expect(page.text).toContain("только у родителей и учеников");
    expect(page.text).not.toContain('action="/account/app-password"');
    expect((await teacher.form("/account/app-password", {})).status).toBe(403);
    expect(await prisma.appPassword.count({ where: { userId: w.s.users.teacherMath.userId } })).toBe(0);

    // A row put in the table by hand still opens nothing for a teacher.
    const password = "Staff-app-pass-1";
    await prisma.appPassword.create({
      data: { schoolId: w.s.schoolId, userId: w.s.users.teacherMath.userId, md5: crypto.createHash("md5").update(password).digest("hex") },
    });
    const { res } = await webapiLogin(w.s, w.s.users.teacherMath, password);
    expect(res.status).toBe(409);
    expect(errorFormat.parse(res.body).message).toMatch(/только родители и ученики/);
    expect(await prisma.webApiSession.count({ where: { userId: w.s.users.teacherMath.userId } })).toBe(0);
    const event = await prisma.loginEvent.findFirst({ where: { userId: w.s.users.teacherMath.userId }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ success: false, reason: "app-staff" });
  });

  it("a blocked account loses its open token at once and cannot sign in again", async () => {
    const user = w.s.users.studentA2;
    const password = await appPasswordOf(user);
    const first = await webapiLogin(w.s, user, password);
    const at = (first.res.body as { at: string }).at;
    expect((await get("/webapi/student/diary/init", at)).status).toBe(200);
    await prisma.user.update({ where: { id: user.userId }, data: { blocked: true } });
    try {
      expect((await get("/webapi/student/diary/init", at)).status).toBe(401);
      expect((await webapiLogin(w.s, user, password)).res.status).toBe(409);
    } finally {
      await prisma.user.update({ where: { id: user.userId }, data: { blocked: false } });
    }
  });

  it("another school's scid refuses the sign-in, as a wrong password does", async () => {
    const user = w.s.users.parentBorisova;
    const password = await appPasswordOf(user);
    const { res } = await webapiLogin(w.s, user, password, { scid: other.schoolId });
    expect(res.status).toBe(409);
    expect(res.body).toEqual((await webapiLogin(w.s, user, `${password}!`)).res.body);
    expect((await webapiLogin(w.s, user, password)).res.status).toBe(200);
  });

  it("the app password opens no page, and the API's token is no page session", async () => {
    const user = w.s.users.parentBorisova;
    const password = await appPasswordOf(user);
    await expect(signIn(user.login, password)).rejects.toThrow(/не удался/);
    const at = (await webapiLogin(w.s, user, password)).res.body as { at: string };
    const page = await request(testApp()).get("/diary").set("at", at.at);
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe("/login");
  });

  it("ten failed sign-ins for a login stop the next ones for a while, even with the right password", async () => {
    const user = other.users.studentA1;
    const password = await appPasswordOf(user);
    for (let i = 0; i < 10; i++) expect((await webapiLogin(other, user, `wrong-${i}`)).res.status).toBe(409);
    const blocked = await webapiLogin(other, user, password);
    expect(blocked.res.status).toBe(429);
    expect(errorFormat.parse(blocked.res.body).message).toMatch(/Подождите 15 минут/);
    // Another login from the same address is not held up by this one's failures.
    expect((await webapiLogin(other, other.users.studentA2, await appPasswordOf(other.users.studentA2))).res.status).toBe(200);
  });
});

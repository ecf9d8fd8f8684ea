/**
 * Every /webapi answer against the formats the clients enforce (issue 21,
 * src/modules/webapi/webapi.formats.ts): dates exactly YYYY-MM-DDT00:00:00, integer ids and marks,
 * dutyMark present, number/startTime/subjectName never null, assignments left out rather than
 * null — with a week without lessons, a lesson without a bell slot and homework without a due date.
 */
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import type { z } from "zod";
import { prisma } from "../../src/lib/db.ts";
import * as F from "../../src/modules/webapi/webapi.formats.ts";
import { testApp } from "../support/http.ts";
import { schoolWithWeek, tokenFor, webapiLogin, appPasswordOf } from "./helpers.ts";

type World = Awaited<ReturnType<typeof schoolWithWeek>>;
let w: World;
let at: string;

/** A signed-in GET; the body parsed with the format (a mismatch fails with zod's report). */
async function read<T extends z.ZodType>(format: T, url: string): Promise<z.output<T>> {
  const res = await request(testApp()).get(url).set("at", at);
  expect(res.status, `${url}: ${res.text.slice(0, 300)}`).toBe(200);
  return format.parse(res.body);
}

/** The keys that hold null anywhere in a document. */
function nullKeys(v: unknown, key = ""): string[] {
  if (v === null) return [key];
  if (Array.isArray(v)) return [...new Set(v.flatMap((x) => nullKeys(x, key)))];
  if (typeof v === "object") return [...new Set(Object.entries(v).flatMap(([k, x]) => nullKeys(x, k)))];
  return [];
}

beforeAll(async () => {
  w = await schoolWithWeek();
  at = await tokenFor(w.s, w.s.users.parentAlekseev);
});

describe("sign-in answers (issue 21)", () => {
  it("logindata sets NSSESSIONID; auth/getData gives lt, ver, salt as strings; login gives at, timeOut, accountInfo", async () => {
    const agent = request.agent(testApp());
    const opened = await agent.get("/webapi/logindata").expect(200);
    expect(String(opened.headers["set-cookie"])).toMatch(/^NSSESSIONID=[0-9a-f]{48}; Path=\/webapi; HttpOnly; SameSite=Lax/);
    F.loginDataFormat.parse((await agent.post("/webapi/auth/getData").expect(200)).body);

    const password = await appPasswordOf(w.s.users.studentA2);
    const { res } = await webapiLogin(w.s, w.s.users.studentA2, password);
    expect(res.status).toBe(200);
    const body = F.loginFormat.parse(res.body);
    expect(body.accountInfo.user.id).toBe(w.s.users.studentA2.userId);
    expect(body.accountInfo.currentOrganization.id).toBe(w.s.schoolId);
  });

  it("the login data is single-use and bound to its cookie: a replay or another cookie's lt is a 409 {message}", async () => {
    const user = w.s.users.parentBorisova;
    const password = await appPasswordOf(user);
    const first = await webapiLogin(w.s, user, password);
    expect(first.res.status).toBe(200);
    const replay = await first.agent
      .post("/webapi/login")
      .type("form")
      .send({ loginType: 1, scid: w.s.schoolId, un: user.login, pw2: "0".repeat(32), lt: first.data.lt, ver: first.data.ver });
    expect(replay.status).toBe(409);
    F.errorFormat.parse(replay.body);

    const other = request.agent(testApp());
    await other.get("/webapi/logindata");
    const foreign = await other
      .post("/webapi/login")
      .type("form")
      .send({ loginType: 1, scid: w.s.schoolId, un: user.login, pw2: "0".repeat(32), lt: first.data.lt });
    expect(foreign.status).toBe(409);
    expect(F.errorFormat.parse(foreign.body).message).toMatch(/устарели/);
  });

  it("schools/search with and without ?name= lists {id, name, shortName, addressString}", async () => {
    const all = F.schoolsFormat.parse((await request(testApp()).get("/webapi/schools/search").expect(200)).body);
    expect(all.map((x) => x.id)).toContain(w.s.schoolId);
    const found = F.schoolsFormat.parse(
      (
        await request(testApp())
          .get(`/webapi/schools/search?name=${encodeURIComponent(w.s.tag)}`)
          .expect(200)
      ).body,
    );
    expect(found.map((x) => x.id)).toEqual([w.s.schoolId]);
    expect((await request(testApp()).get("/webapi/schools/search?name=нет-такой-школы").expect(200)).body).toEqual([]);
  });

  it("sysInfo is plain text with «Версия системы: …»; prepareloginform gives cid and sid", async () => {
    const res = await request(testApp()).get("/webapi/sysInfo").expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^Версия системы: \d+\.\d+\.\d+\.\d+$/m);
    expect((await request(testApp()).get("/webapi/prepareloginform").expect(200)).body).toMatchObject({ cid: 1, sid: 1 });
  });

  it("paths are case-insensitive (the npm client sends auth/getData)", async () => {
    F.diaryInitFormat.parse((await request(testApp()).get("/WebApi/Student/Diary/Init").set("at", at).expect(200)).body);
    F.loginDataFormat.parse((await request(testApp()).post("/webapi/AUTH/GETDATA").expect(200)).body);
  });
});

describe("the diary's answers (issue 21)", () => {
  it("student/diary/init lists the parent's children with class; currentStudentId is 0 (an index)", async () => {
    const init = await read(F.diaryInitFormat, "/webapi/student/diary/init");
    expect(init.students.map((x) => [x.studentId, x.className]).sort()).toEqual(
      [
        [w.s.students.studentA1!.studentId, "5А"],
        [w.s.students.studentB1!.studentId, "5Б"],
      ].sort(),
    );
    expect(init.weekStart).toBe("2026-12-07T00:00:00");
  });

  it("years/current and context give the current year; every typeId of the diary is in grade/assignment/types", async () => {
    const year = await read(F.yearFormat, "/webapi/years/current");
    expect(year).toMatchObject({ id: w.s.year.id, startDate: "2026-09-01T00:00:00", endDate: "2027-05-31T00:00:00" });
    expect((await read(F.contextFormat, "/webapi/context")).schoolyear.id).toBe(year.id);
    const types = await read(F.assignmentTypesFormat, "/webapi/grade/assignment/types?all=false");
    expect(types.find((t) => t.name === "Домашнее задание")).toBeTruthy();
    const diary = await read(
      F.diaryFormat,
      `/webapi/student/diary?studentId=${w.s.students.studentA1!.studentId}&yearId=${year.id}&weekStart=2026-12-07&weekEnd=2026-12-12`,
    );
    const used = diary.weekDays.flatMap((d) => d.lessons.flatMap((l) => (l.assignments ?? []).map((a) => a.typeId)));
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(types.map((t) => t.id)).toContain(id);
  });

  it("a week: marks as integers with dutyMark, homework with a negative id, fallbacks for a lesson without a bell slot and homework without a due date", async () => {
    const diary = await read(
      F.diaryFormat,
      `/webapi/student/diary?studentId=${w.s.students.studentA1!.studentId}&weekStart=2026-12-07T00:00:00&weekEnd=2026-12-12T00:00:00`,
    );
    expect(diary.weekStart).toBe("2026-12-07T00:00:00");
    expect(diary.weekDays.map((d) => d.date)).toEqual(["2026-12-07T00:00:00", "2026-12-08T00:00:00", "2026-12-09T00:00:00"]);
    const [mon, tue, wed] = diary.weekDays.map((d) => d.lessons[0]!);
    expect(mon).toMatchObject({ classmeetingId: w.lessons.math.id, number: 1, startTime: "08:30", endTime: "09:15", subjectName: "Математика" });
    expect(mon!.assignments).toEqual([
      { id: -w.lessons.math.id, typeId: -1, assignmentName: "№ 123, 124", dueDate: "2026-12-09T00:00:00", classMeetingId: w.lessons.math.id },
      {
        id: w.marks.mathControl.workId,
        typeId: w.types.control.id,
        assignmentName: "Контрольная работа",
        dueDate: "2026-12-07T00:00:00",
        classMeetingId: w.lessons.math.id,
        mark: { assignmentId: w.marks.mathControl.workId, studentId: w.s.students.studentA1!.studentId, mark: 5, dutyMark: false },
        markComment: { id: w.marks.mathControl.workId, name: "Без ошибок" },
      },
    ]);
    // Homework without a due date is due on its lesson's day.
    expect(tue!.assignments).toEqual([expect.objectContaining({ id: -w.lessons.rus.id, dueDate: "2026-12-08T00:00:00", assignmentName: "Упр. 45" })]);
    // The 4th lesson has no bell slot: number kept, times fall back to 00:00; a mark without comment has no markComment.
    expect(wed).toMatchObject({ number: 4, startTime: "00:00", endTime: "00:00", subjectName: "Английский язык" });
    expect(wed!.assignments![0]).not.toHaveProperty("markComment");
    expect(nullKeys(diary)).toEqual(["room"]); // no null where a client reads a value; room is the one nullable field
  });

  it("a lesson with nothing to show has no assignments key (not null); a week without lessons has no days", async () => {
    await prisma.lesson.create({
      data: {
        schoolId: w.s.schoolId,
        classId: w.s.classes["5А"]!.id,
        subjectId: w.s.subjects.math.id,
        teacherId: w.s.users.teacherMath.personId,
        date: new Date("2026-12-10T00:00:00Z"),
        number: 2,
      },
    });
    const diary = await read(F.diaryFormat, `/webapi/student/diary?studentId=${w.s.students.studentA1!.studentId}&weekStart=2026-12-10&weekEnd=2026-12-10`);
    expect(diary.weekDays).toHaveLength(1);
    expect(diary.weekDays[0]!.lessons[0]).not.toHaveProperty("assignments");
    const empty = await read(F.diaryFormat, `/webapi/student/diary?studentId=${w.s.students.studentA1!.studentId}&weekStart=2026-12-14&weekEnd=2026-12-20`);
    expect(empty).toMatchObject({ weekStart: "2026-12-14T00:00:00", weekEnd: "2026-12-20T00:00:00", weekDays: [] });
  });

  it("pastMandatory and get-attachments answer in their formats", async () => {
    const id = w.s.students.studentA1!.studentId;
    expect(await read(F.pastMandatoryFormat, `/webapi/student/diary/pastMandatory?studentId=${id}&weekStart=2026-12-07&weekEnd=2026-12-12`)).toEqual([]);
    const res = await request(testApp())
      .post(`/webapi/student/diary/get-attachments?studentId=${id}`)
      .set("at", at)
      .send({ assignId: [-w.lessons.math.id, w.marks.mathControl.workId] })
      .expect(200);
    expect(F.assignmentAttachmentsFormat.parse(res.body)).toEqual([]);
  });

  it("student/diary/assigns/{id} details a homework (negative id) and a mark's work; mysettings the own data", async () => {
    const id = w.s.students.studentA1!.studentId;
    const homework = await read(F.assignmentDetailsFormat, `/webapi/student/diary/assigns/${-w.lessons.rus.id}?studentId=${id}`);
    expect(homework).toMatchObject({
      assignmentName: "Упр. 45",
      date: "2026-12-08T00:00:00",
      description: "Безударные гласные",
      subjectGroup: { name: "Русский язык" },
    });
    expect(homework.teachers[0]!.name).toBe("Русакова Мария Олеговна");
    const work = await read(F.assignmentDetailsFormat, `/webapi/student/diary/assigns/${w.marks.mathControl.workId}?studentId=${id}`);
    expect(work).toMatchObject({ typeId: w.types.control.id, assignmentName: "Контрольная работа" });
    const me = await read(F.mySettingsFormat, "/webapi/mysettings");
    expect(me).toMatchObject({ userId: w.s.users.parentAlekseev.userId, lastName: "Алексеев", birthDate: "1985-01-20T00:00:00" });
  });

  it("bad input is a 400 {message}, never a 500; an unknown path a 404 {message}; no token a 401 {message}", async () => {
    const bad = await request(testApp()).get("/webapi/student/diary?studentId=abc&weekStart=2026-13-01&weekEnd=x").set("at", at);
    expect(bad.status).toBe(400);
    F.errorFormat.parse(bad.body);
    const long = await request(testApp())
      .get(`/webapi/student/diary?studentId=${w.s.students.studentA1!.studentId}&weekStart=2026-09-01&weekEnd=2026-12-31`)
      .set("at", at);
    expect(long.status).toBe(400);
    expect(F.errorFormat.parse(long.body).message).toMatch(/31 дня/);
    const broken = await request(testApp())
      .post(`/webapi/student/diary/get-attachments?studentId=1`)
      .set("at", at)
      .set("Content-Type", "application/json")
      .send("{");
    expect(broken.status).toBe(400);
    expect((await request(testApp()).get("/webapi/no/such/thing").set("at", at)).body).toEqual({ message: "Не найдено" });
    const anon = await request(testApp()).get("/webapi/student/diary/init");
    expect(anon.status).toBe(401);
    F.errorFormat.parse(anon.body);
  });
});

describe("around the diary (issue 21)", () => {
  it("announcements?take=-1 lists what the reader's audience includes", async () => {
    const author = w.s.users.admin.userId;
    await prisma.announcement.create({
      data: { schoolId: w.s.schoolId, authorId: author, title: "Родительское собрание", body: "В **пятницу** в 18:00", audience: "SCHOOL" },
    });
    await prisma.announcement.create({
      data: { schoolId: w.s.schoolId, authorId: author, title: "Педсовет", body: "Только для сотрудников", audience: "STAFF" },
    });
    const list = await read(F.announcementsFormat, "/webapi/announcements?take=-1");
    expect(list.map((a) => a.name)).toEqual(["Родительское собрание"]);
    expect(list[0]!.description).toContain("<strong>пятницу</strong>");
    expect(list[0]!.author).toMatchObject({ id: author, fio: "Админова Анна Сергеевна" });
  });

  it("schools/{id}/card has every string non-null; users/photo is a PNG; context/expired says false for a live token", async () => {
    const card = await read(F.schoolCardFormat, `/webapi/schools/${w.s.schoolId}/card`);
    expect(card.commonInfo.fullSchoolName).toBe(w.s.school.name);
    const photo = await request(testApp()).get(`/webapi/users/photo?at=${at}&userId=1`).expect(200);
    expect(photo.headers["content-type"]).toBe("image/png");
    expect((photo.body as Buffer).subarray(1, 4).toString()).toBe("PNG");
    expect((await request(testApp()).get(`/webapi/context/expired?token=${at}`).expect(200)).body).toBe(false);
    expect(
      (
        await request(testApp())
          .get(`/webapi/context/expired?token=${"f".repeat(64)}`)
          .expect(200)
      ).body,
    ).toBe(true);
  });

  it("reports/studentGrades lists the own students and terms; initfilters gives a term's dates", async () => {
    const grades = await read(F.studentGradesFormat, "/webapi/reports/studentGrades");
    const byId = new Map(grades.filterSources.map((f) => [f.filterId, f]));
    expect(
      byId
        .get("SID")!
        .items.map((i) => Number(i.value))
        .sort(),
    ).toEqual([w.s.students.studentA1!.studentId, w.s.students.studentB1!.studentId].sort());
    const terms = byId.get("TERMID")!;
    expect(terms.items.map((t) => t.title)).toEqual(["1-я четверть", "2-я четверть", "3-я четверть", "4-я четверть"]);
    expect(terms.defaultValue).toBe(String(w.s.periods[1]!.id)); // 9 December is in the 2nd quarter
    const res = await request(testApp())
      .post("/webapi/v2/reports/studentgrades/initfilters")
      .set("at", at)
      .send({ params: null, selectedData: [{ filterId: "TERMID", filterValue: terms.defaultValue }] })
      .expect(200);
    expect(F.initFiltersFormat.parse(res.body)).toEqual([{ filterId: "period", range: { start: "2026-11-05T00:00:00", end: "2026-12-28T00:00:00" } }]);
  });

  it("auth/logout ends the token", async () => {
    const token = await tokenFor(w.s, w.s.users.studentB1);
    await request(testApp()).post("/webapi/auth/logout").type("form").send({ at: token, ver: "1" }).set("at", token).expect(200);
    expect((await request(testApp()).get("/webapi/student/diary/init").set("at", token)).status).toBe(401);
  });
});

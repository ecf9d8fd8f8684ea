/**
 * A school week for the web API's tests (issue 21): 5А's week of 7 December 2026 with marks,
 * homework with and without a due date, a lesson outside the bell schedule, and another family's
 * marks in 5Б; plus app passwords and the sign-in exchange of the «Сетевой город» protocol.
 */
import crypto from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { loadActor } from "../../src/access/actor.ts";
import { createAppPassword } from "../../src/modules/webapi/app-password.service.ts";
import { assignmentType, bells, lesson, mark } from "../diary/helpers.ts";
import { buildSchool, type TestSchool, type TestUser } from "../support/fixtures.ts";
import { testApp } from "../support/http.ts";
import { resetAfterEachFile } from "../support/file-state.ts";

export const MONDAY = "2026-12-07";

export async function schoolWithWeek() {
  const s = await buildSchool();
  await bells(s); // lessons 1–3 have bell slots; a 4th has none
  const control = await assignmentType(s, "Контрольная работа", 2);
  const oral = await assignmentType(s, "Устный ответ", 1);
  const c5a = s.classes["5А"]!.id;
  const a1 = s.students.studentA1!.studentId;
  const b1 = s.students.studentB1!.studentId;
  const math = await lesson(s, {
    classId: c5a,
    subjectId: s.subjects.math.id,
    teacherId: s.users.teacherMath.personId,
    date: "2026-12-07",
    number: 1,
    topic: "Дроби",
    homework: "№ 123, 124",
    homeworkDue: "2026-12-09",
  });
  const rus = await lesson(s, {
    classId: c5a,
    subjectId: s.subjects.russian.id,
    teacherId: s.users.teacherRussian.personId,
    date: "2026-12-08",
    number: 2,
    topic: "Безударные гласные",
    homework: "Упр. 45", // no due date
  });
  const eng = await lesson(s, {
    classId: c5a,
    subjectId: s.subjects.english.id,
    teacherId: s.users.teacherEnglish.personId,
    date: "2026-12-09",
    number: 4, // no bell slot for a 4th lesson
    topic: "Present Simple",
  });
  const mathB = await lesson(s, {
    classId: s.classes["5Б"]!.id,
    subjectId: s.subjects.math.id,
    teacherId: s.users.teacherMath.personId,
    date: "2026-12-07",
    number: 1,
    topic: "Тема 5Б",
    homework: "Задание 5Б",
  });
  const marks = {
    mathControl: await mark(s, math.id, a1, control.id, 5, "Без ошибок"),
    engOral: await mark(s, eng.id, a1, oral.id, 4),
    otherStudent: await mark(s, math.id, s.students.studentA2!.studentId, control.id, 2),
    b1: await mark(s, mathB.id, b1, control.id, 3),
  };
  return { s, types: { control, oral }, lessons: { math, rus, eng, mathB }, marks };
}

/** Creates the user's app password as the settings page does; returns it in clear. */
export async function appPasswordOf(user: TestUser): Promise<string> {
  const actor = await loadActor(user.userId);
  if (!actor) throw new Error("нет пользователя");
  return (await createAppPassword(actor)).password;
}

const md5 = (s: string | Buffer) => crypto.createHash("md5").update(s).digest("hex");

/** The protocol's sign-in as a client does it (supertest agent keeps the NSSESSIONID cookie). */
export async function webapiLogin(s: TestSchool, user: TestUser, password: string, opts: { scid?: number } = {}) {
  const agent = request.agent(testApp());
  await agent.get("/webapi/logindata").expect(200);
  const data = (await agent.post("/webapi/auth/getData").expect(200)).body as { lt: string; ver: string; salt: string };
  const pw2 = md5(data.salt + md5(Buffer.from(password, "latin1")));
  const res = await agent
    .post("/webapi/login")
    .type("form")
    .send({ loginType: 1, scid: opts.scid ?? s.schoolId, un: user.login, pw: pw2.slice(0, password.length), pw2, lt: data.lt, ver: data.ver });
  return { agent, res, data };
}

/** A signed-in token for a user (creates the app password). */
export async function tokenFor(s: TestSchool, user: TestUser): Promise<string> {
  const { res } = await webapiLogin(s, user, await appPasswordOf(user));
  if (res.status !== 200) throw new Error(`вход ${res.status}`);
  return (res.body as { at: string }).at;
}

/** The app listening on 127.0.0.1 (for the real npm client); closed after the file. */
let server: Server | undefined;
resetAfterEachFile(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});
export async function listening(): Promise<string> {
  server ??= await new Promise<Server>((resolve) => {
    const srv = testApp().listen(0, "127.0.0.1", () => resolve(srv));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

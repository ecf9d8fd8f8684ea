/**
 * The real npm client «netschoolapi» (lentryd/NetSchoolApi) against this app on 127.0.0.1 (issue
 * 21): it signs in with a parent's app password, reads the week of 7 December 2026 for each child,
 * and what it returns is compared with the database. A wrong app password, the real password and
 * a revoked app password are refused.
 */
import { describe, expect, it, vi } from "vitest";
import { Safe as NetSchoolApi } from "netschoolapi";
import { prisma } from "../../src/lib/db.ts";
import { loadActor } from "../../src/access/actor.ts";
import { revokeAppPassword } from "../../src/modules/webapi/app-password.service.ts";
import { appPasswordOf, listening, schoolWithWeek } from "./helpers.ts";

const week = { start: new Date("2026-12-07T00:00:00Z"), end: new Date("2026-12-12T00:00:00Z") };

/** What the database says a student's week holds: subject → marks, homework texts. */
async function weekFromDatabase(studentId: number, classId: number) {
  const lessons = await prisma.lesson.findMany({
    where: { classId, date: { gte: week.start, lte: week.end } },
    include: { subject: true, marks: { where: { studentId } } },
    orderBy: [{ date: "asc" }, { number: "asc" }],
  });
  return lessons.map((l) => ({ subject: l.subject.name, marks: l.marks.map((m) => m.value).sort(), homework: l.homework }));
}

describe("the npm client netschoolapi reads the diary with an app password (issue 21)", () => {
  it("a parent with two children signs in and reads each child's week: subjects, marks, homework as in the database", async () => {
    const { s, types, lessons } = await schoolWithWeek();
    const origin = await listening();
    const parent = s.users.parentAlekseev;
    const password = await appPasswordOf(parent);
    const client = new NetSchoolApi({ origin, login: parent.login, password, school: s.schoolId });
    await client.logIn();
    expect(client.context?.school.name).toBe(s.school.shortName);
    expect(client.context?.user.students.map((st) => st.id).sort()).toEqual([s.students.studentA1!.studentId, s.students.studentB1!.studentId].sort());

    const kinds = await client.assignmentTypes();
    expect(kinds.findById(types.control.id)?.name).toBe("Контрольная работа");
    expect(kinds.findByName("Домашнее задание")).not.toBeNull();

    for (const [key, cls] of [
      ["studentA1", "5А"],
      ["studentB1", "5Б"],
    ] as const) {
      const studentId = s.students[key]!.studentId;
      const diary = await client.diary({ studentId, start: week.start, end: week.end });
      const got = diary.days.flatMap((d) =>
        d.lessons.map((l) => ({
          subject: l.subject,
          marks: l.assignments
            .filter((a) => a.mark !== undefined)
            .map((a) => a.mark!)
            .sort(),
          homework: l.assignments.find((a) => kinds.findById(a.typeId)?.name === "Домашнее задание")?.text ?? null,
        })),
      );
      expect(got, key).toEqual(await weekFromDatabase(studentId, s.classes[cls]!.id));
      expect(got.length, key).toBeGreaterThan(0);
    }
    // The lesson times come from the bell schedule: 5А's Monday math is the 1st lesson, 08:30 in the client's reading.
    const a1 = await client.diary({ studentId: s.students.studentA1!.studentId, start: week.start, end: week.end });
    expect(a1.days[0]!.lessons[0]!.toJSON().startDate).toBe("2026-12-07T08:30:00");
    // An assignment's details and the user's own settings, as the client reads them.
    const details = await client.assignment({ id: -lessons.math.id, studentId: s.students.studentA1!.studentId });
    expect(details.toJSON()).toMatchObject({ text: "№ 123, 124", subject: "Математика", teacher: "Математиков Пётр Ильич", date: "2026-12-09T00:00:00" });
    expect((await client.info()).toJSON()).toMatchObject({ lastName: "Алексеев", firstName: "Игорь", middleName: "Петрович" });
    await client.logOut();
    expect(await client.sessionValid()).toBe(false);
  });

  it("a wrong app password, the real password and a revoked app password are refused", async () => {
    const { s } = await schoolWithWeek();
    const origin = await listening();
    const student = s.users.studentA1;
    const password = await appPasswordOf(student);
    const printed = vi.spyOn(console, "error").mockImplementation(() => {}); // the client prints each refusal
    const signIn = (pw: string) => new NetSchoolApi({ origin, login: student.login, password: pw, school: s.schoolId }).logIn();
    await expect(signIn(`${password}x`)).rejects.toThrow(/Не удалось войти/);
    await expect(signIn(student.password)).rejects.toThrow(/Не удалось войти/);
    const ok = new NetSchoolApi({ origin, login: student.login, password, school: s.schoolId });
    await ok.logIn();
    expect(await ok.sessionValid()).toBe(true);

    await revokeAppPassword((await loadActor(student.userId))!);
    // The open session ended with the revocation; a new sign-in with the old password is refused.
    expect(await ok.sessionValid()).toBe(false);
    await expect(signIn(password)).rejects.toThrow(/Не удалось войти/);
    expect(printed.mock.calls.map((c) => String(c[0]))).toEqual(expect.arrayContaining([expect.stringMatching(/status: 409/)]));
    printed.mockRestore();
    const failures = await prisma.loginEvent.findMany({ where: { userId: student.userId, success: false }, select: { reason: true } });
    expect(failures.map((f) => f.reason).sort()).toEqual(["no-app-password", "wrong-app-password", "wrong-app-password"]);
  });
});

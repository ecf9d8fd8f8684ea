/** The fixture school of the communication tests (announcements, messages, the header's counters). */
import { prisma } from "../../src/lib/db.ts";
import { buildSchool, d, PASSWORD, type TestUser } from "./fixtures.ts";

/**
 * buildSchool() (5А: class teacher teacherRussian; 5Б: teacherEnglish; teacherMath and teacherRussian
 * teach both, teacherEnglish 5А) plus 6В: led by teacherHistory (no teaching load), one student
 * (studentV1) and a parent (parentV), taught by nobody else.
 */
export async function communicationSchool() {
  const s = await buildSchool();
  const { schoolId } = s;
  const account = async (key: string, lastName: string, firstName: string, roles: ("TEACHER" | "PARENT" | "STUDENT")[], staff: boolean) => {
    const p = await prisma.person.create({ data: { schoolId, lastName, firstName } });
    const user = await prisma.user.create({
      data: {
        schoolId,
        personId: p.id,
        login: `${s.tag}.${key}`.toLowerCase(),
        passwordHash: "-",
        mustChangePassword: false,
        roles: { create: roles.map((role) => ({ role })) },
      },
    });
    if (staff) await prisma.staff.create({ data: { schoolId, personId: p.id } });
    return { userId: user.id, personId: p.id, login: user.login, password: PASSWORD } satisfies TestUser;
  };
  const teacherHistory = await account("teacherHistory", "Историкова", "Ирина", ["TEACHER"], true);
  const cls6 = await prisma.schoolClass.create({ data: { schoolId, yearId: s.year.id, grade: 6, letter: "В", classTeacherId: teacherHistory.personId } });
  const studentV1 = await account("studentV1", "Васильев", "Виктор", ["STUDENT"], false);
  const student = await prisma.student.create({ data: { schoolId, personId: studentV1.personId } });
  await prisma.classMembership.create({ data: { schoolId, studentId: student.id, classId: cls6.id, fromDate: d("2026-09-01") } });
  const parentV = await account("parentV", "Васильева", "Вера", ["PARENT"], false);
  await prisma.parentLink.create({ data: { schoolId, parentId: parentV.personId, studentId: student.id, relation: "MOTHER" } });
  return {
    ...s,
    classes: { "5А": s.classes["5А"]!, "5Б": s.classes["5Б"]!, "6В": cls6 } as Record<"5А" | "5Б" | "6В", { id: number; grade: number; letter: string }>,
    users: { ...s.users, teacherHistory, studentV1, parentV },
  };
}

export type CommunicationSchool = Awaited<ReturnType<typeof communicationSchool>>;

/**
 * A small, hand-built school for tests. Every call makes a new school with its
 * own logins (prefixed), so tests in one file do not see each other's data.
 *
 *   const s = await buildSchool();
 *   s.users.teacherMath.login   // teaches Математика in 5А and 5Б
 *   s.classes["5А"].id
 */
import crypto from "node:crypto";
import { prisma } from "../../src/lib/db.ts";
import { hashPassword } from "../../src/lib/passwords.ts";
import { parseIsoDate } from "../../src/lib/dates.ts";
import type { Role } from "../../src/access/roles.ts";

export const PASSWORD = "Тест-пароль-2026";
let hash: Promise<string> | undefined;

export const d = (iso: string) => parseIsoDate(iso)!;

export interface TestUser {
  userId: number;
  personId: number;
  login: string;
  password: string;
}

/**
 * startYear moves the whole school to another school year (default 2026: the year 2026/2027);
 * e.g. 2025 gives a CURRENT year that has already ended, ready to be closed.
 */
export async function buildSchool(opts: { mustChangePassword?: boolean; yearStatus?: "CURRENT" | "CLOSED"; startYear?: number } = {}) {
  const shift = (opts.startYear ?? 2026) - 2026;
  const dy = (iso: string) => d(`${Number(iso.slice(0, 4)) + shift}${iso.slice(4)}`);
  hash ??= hashPassword(PASSWORD);
  const passwordHash = await hash;
  const tag = crypto.randomBytes(3).toString("hex");
  const school = await prisma.school.create({ data: { name: `Школа ${tag}`, shortName: `Школа ${tag}` } });
  const schoolId = school.id;

  const year = await prisma.academicYear.create({
    data: { schoolId, name: `${2026 + shift}/${2027 + shift}`, startDate: dy("2026-09-01"), endDate: dy("2027-05-31"), status: opts.yearStatus ?? "CURRENT" },
  });
  const set = await prisma.periodSet.create({ data: { schoolId, yearId: year.id, kind: "QUARTER", gradeFrom: 1, gradeTo: 11 } });
  const bounds: [string, string][] = [
    ["2026-09-01", "2026-10-25"],
    ["2026-11-05", "2026-12-28"],
    ["2027-01-12", "2027-03-21"],
    ["2027-04-01", "2027-05-31"],
  ];
  const periods = [];
  for (const [i, [from, to]] of bounds.entries())
    periods.push(
      await prisma.studyPeriod.create({ data: { schoolId, yearId: year.id, periodSetId: set.id, number: i + 1, startDate: dy(from), endDate: dy(to) } }),
    );

  const subjects = {
    math: await prisma.subject.create({ data: { schoolId, name: "Математика", shortName: "Мат" } }),
    russian: await prisma.subject.create({ data: { schoolId, name: "Русский язык", shortName: "Рус" } }),
    english: await prisma.subject.create({ data: { schoolId, name: "Английский язык", shortName: "Англ" } }),
  };

  const person = (lastName: string, firstName: string, middleName: string | null = null, birthDate: Date | null = null) =>
    prisma.person.create({ data: { schoolId, lastName, firstName, middleName, birthDate } });

  const account = async (key: string, personId: number, roles: Role[], staff = true): Promise<TestUser> => {
    const login = `${tag}.${key}`.toLowerCase();
    const user = await prisma.user.create({
      data: {
        schoolId,
        personId,
        login,
        passwordHash,
        mustChangePassword: opts.mustChangePassword ?? false,
        roles: { create: roles.map((role) => ({ role })) },
      },
    });
    // Staff are admitted to personal data (issue 17, 001 §3.14); a test that needs one without deletes the undertaking.
    if (staff)
      await prisma.staff.create({
        data: { schoolId, personId, pdUndertaking: { create: { schoolId, date: d("2026-09-01"), documentNumber: `О-${key}` } } },
      });
    return { userId: user.id, personId, login, password: PASSWORD };
  };

  const users: Record<string, TestUser> = {};
  const staffDefs: [string, string, string, string | null, Role[]][] = [
    ["admin", "Админова", "Анна", "Сергеевна", ["ADMIN"]],
    ["deputy", "Завучева", "Зоя", "Ивановна", ["DEPUTY"]],
    ["teacherMath", "Математиков", "Пётр", "Ильич", ["TEACHER"]],
    ["teacherRussian", "Русакова", "Мария", "Олеговна", ["TEACHER"]],
    ["teacherEnglish", "Инглишева", "Елена", "Викторовна", ["TEACHER"]],
    ["secretary", "Секретарева", "Светлана", "Юрьевна", ["SECRETARY"]],
    ["hr", "Кадрова", "Кира", "Андреевна", ["HR"]],
    ["medic", "Медикова", "Надежда", "Павловна", ["MEDIC"]],
    ["psychologist", "Психеева", "Полина", "Романовна", ["PSYCHOLOGIST"]],
    ["tech", "Техников", "Тимофей", null, ["TECH_STAFF"]],
  ];
  for (const [key, last, first, middle, roles] of staffDefs) {
    const p = await person(last, first, middle, d("1980-03-15"));
    users[key] = await account(key, p.id, roles);
  }

  const classes: Record<string, { id: number; grade: number; letter: string }> = {};
  classes["5А"] = await prisma.schoolClass.create({
    data: { schoolId, yearId: year.id, grade: 5, letter: "А", classTeacherId: users.teacherRussian!.personId },
  });
  classes["5Б"] = await prisma.schoolClass.create({
    data: { schoolId, yearId: year.id, grade: 5, letter: "Б", classTeacherId: users.teacherEnglish!.personId },
  });

  for (const c of Object.values(classes)) {
    await prisma.teachingLoad.create({
      data: { schoolId, yearId: year.id, teacherId: users.teacherMath!.personId, classId: c.id, subjectId: subjects.math.id, hoursPerWeek: 5 },
    });
    await prisma.teachingLoad.create({
      data: { schoolId, yearId: year.id, teacherId: users.teacherRussian!.personId, classId: c.id, subjectId: subjects.russian.id, hoursPerWeek: 4 },
    });
  }
  await prisma.teachingLoad.create({
    data: { schoolId, yearId: year.id, teacherId: users.teacherEnglish!.personId, classId: classes["5А"].id, subjectId: subjects.english.id, hoursPerWeek: 3 },
  });

  // Students with parents: two in 5А, one in 5Б; one parent has a child in each class.
  const students: Record<string, { studentId: number; personId: number; user: TestUser }> = {};
  const studentDefs: [string, string, string, string, string][] = [
    ["studentA1", "Алексеев", "Артём", "Игоревич", "5А"],
    ["studentA2", "Борисова", "Вера", "Андреевна", "5А"],
    ["studentB1", "Алексеева", "Дарья", "Игоревна", "5Б"],
  ];
  for (const [key, last, first, middle, cls] of studentDefs) {
    const p = await person(last, first, middle, d("2015-04-02"));
    const st = await prisma.student.create({ data: { schoolId, personId: p.id } });
    await prisma.classMembership.create({ data: { schoolId, studentId: st.id, classId: classes[cls]!.id, fromDate: dy("2026-09-01") } });
    const user = await account(key, p.id, ["STUDENT"], false);
    students[key] = { studentId: st.id, personId: p.id, user };
    users[key] = user;
  }
  // Алексеев И. — parent of studentA1 (5А) and studentB1 (5Б); Борисов — parent of studentA2.
  const parentA = await person("Алексеев", "Игорь", "Петрович", d("1985-01-20"));
  users.parentAlekseev = await account("parentAlekseev", parentA.id, ["PARENT"], false);
  await prisma.parentLink.create({ data: { schoolId, parentId: parentA.id, studentId: students.studentA1!.studentId, relation: "FATHER" } });
  await prisma.parentLink.create({ data: { schoolId, parentId: parentA.id, studentId: students.studentB1!.studentId, relation: "FATHER" } });
  const parentB = await person("Борисова", "Ольга", "Николаевна", d("1987-06-11"));
  users.parentBorisova = await account("parentBorisova", parentB.id, ["PARENT"], false);
  await prisma.parentLink.create({ data: { schoolId, parentId: parentB.id, studentId: students.studentA2!.studentId, relation: "MOTHER" } });

  return { tag, school, schoolId, year, periods, subjects, classes, students, users: users as Record<Users, TestUser> };
}

type Users =
  | "admin"
  | "deputy"
  | "teacherMath"
  | "teacherRussian"
  | "teacherEnglish"
  | "secretary"
  | "hr"
  | "medic"
  | "psychologist"
  | "tech"
  | "studentA1"
  | "studentA2"
  | "studentB1"
  | "parentAlekseev"
  | "parentBorisova";

export type TestSchool = Awaited<ReturnType<typeof buildSchool>>;

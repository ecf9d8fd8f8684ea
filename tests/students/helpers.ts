/** Helpers for the personal-file tests: students and parents without accounts, a graduating class, reading PDFs. */
import { prisma } from "../../src/lib/db.ts";
import { d, type TestSchool } from "../support/fixtures.ts";

/** A student without an account, enrolled into the class from 01.09.2026. */
export async function addStudent(s: TestSchool, classId: number, last: string, first: string, middle: string | null = null, birth = "2015-05-05") {
  const person = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: last, firstName: first, middleName: middle, birthDate: d(birth) } });
  const student = await prisma.student.create({ data: { schoolId: s.schoolId, personId: person.id } });
  await prisma.classMembership.create({ data: { schoolId: s.schoolId, studentId: student.id, classId, fromDate: d("2026-09-01") } });
  return { studentId: student.id, personId: person.id };
}

/** A parent without an account linked to the student. */
export async function addParent(s: TestSchool, studentId: number, last: string, first: string, relation: "MOTHER" | "FATHER" = "MOTHER") {
  const person = await prisma.person.create({ data: { schoolId: s.schoolId, lastName: last, firstName: first } });
  await prisma.parentLink.create({ data: { schoolId: s.schoolId, parentId: person.id, studentId, relation } });
  return { personId: person.id };
}

export async function addClass(s: TestSchool, grade: number, letter: string, classTeacherId: number | null = null) {
  return prisma.schoolClass.create({ data: { schoolId: s.schoolId, yearId: s.year.id, grade, letter, classTeacherId } });
}

/** Everything of a student's file that a refused request must leave untouched. */
export async function fileState(studentId: number) {
  const st = await prisma.student.findUniqueOrThrow({
    where: { id: studentId },
    include: { person: { include: { profile: true } }, medical: true, social: true, notes: true },
  });
  return JSON.stringify({
    person: { ...st.person, updatedAt: null, profile: st.person.profile ? { ...st.person.profile, updatedAt: null } : null },
    medical: st.medical,
    social: st.social,
    notes: st.notes,
  });
}

export const MAIN_FORM = {
  lastName: "Алексеев",
  firstName: "Артём",
  middleName: "Игоревич",
  birthDate: "2015-04-02",
  sex: "MALE",
  phone: "+7 900 000-00-00",
  email: "",
  registrationAddress: "г. Тверь, ул. Новая, д. 1",
  actualAddress: "",
  otherContacts: "",
  docKind: "BIRTH_CERTIFICATE",
  docSeries: "I-ОН",
  docNumber: "123456",
  docIssuedBy: "ЗАГС г. Твери",
  docIssuedAt: "2015-04-20",
  snils: "",
};

export { pdfPages, squash, postFormBinary as postForPdf } from "../support/pdf.ts";

/**
 * «Ведомость итоговых отметок для аттестата» of a graduating class (issue 17, R-GIA-1): the pupils of a
 * 9th or 11th class × the subjects with the FINAL marks confirmed on /graduates, with the signature
 * lines; page, PDF and .xlsx. Access as the summary sheet (paper-report): the class teacher the own
 * class, deputies and the administrator every class; another class or school is a 404.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { today } from "../../lib/dates.ts";
import { NotFound } from "../../lib/errors.ts";
import { compareNames, compareText, fullName } from "../../lib/names.ts";
import { paperClass } from "./paper.service.ts";
import { schoolInfo, yearFileName, type ReportDoc } from "./reports.common.ts";

export async function certificateSheet(actor: Actor, classId: number) {
  const cls = await paperClass(actor, classId);
  if (cls.grade !== 9 && cls.grade !== 11) throw new NotFound("Ведомость для аттестата составляется только для 9-х и 11-х классов");
  const day = today() < cls.year.endDate ? today() : cls.year.endDate;
  const [school, members] = await Promise.all([
    schoolInfo(actor),
    prisma.classMembership.findMany({
      where: { schoolId: actor.schoolId, classId, fromDate: { lte: day }, OR: [{ toDate: null }, { toDate: { gte: day } }] },
      include: { student: { include: { person: true } } },
    }),
  ]);
  const students = [...new Map(members.map((m) => [m.studentId, m.student])).values()].sort((a, b) => compareNames(a.person, b.person));
  const finals = await prisma.finalMark.findMany({
    where: { schoolId: actor.schoolId, yearId: cls.yearId, kind: "FINAL", studentId: { in: students.map((s) => s.id) } },
    select: { studentId: true, subjectId: true, value: true },
  });
  const subjects = (
    await prisma.subject.findMany({
      where: {
        schoolId: actor.schoolId,
        OR: [{ teachingLoads: { some: { classId } }, gradingMode: { not: "NONE" } }, { id: { in: finals.map((f) => f.subjectId) } }],
      },
      select: { id: true, name: true, shortName: true, sortOrder: true },
    })
  ).sort((a, b) => a.sortOrder - b.sortOrder || compareText(a.name, b.name));
  const value = new Map(finals.map((f) => [`${f.studentId}:${f.subjectId}`, f.value]));
  const rows = students.map((s, i) => ({ n: i + 1, id: s.id, name: fullName(s.person), marks: subjects.map((sub) => value.get(`${s.id}:${sub.id}`) ?? "") }));
  const missing = rows.reduce((a, r) => a + r.marks.filter((m) => !m).length, 0);
  return { cls, school, subjects, rows, missing };
}

export type CertificateSheet = Awaited<ReturnType<typeof certificateSheet>>;

export function certificateDoc(s: CertificateSheet): ReportDoc {
  return {
    title: "Ведомость итоговых отметок для аттестата",
    subtitle: `${s.cls.name} класс, ${s.cls.year.name} учебный год; классный руководитель: ${s.cls.classTeacher ? fullName(s.cls.classTeacher) : "—"}`,
    tables: [
      {
        columns: [
          { header: "№", width: 0.5 },
          { header: "Ученик", width: 4 },
          ...s.subjects.map((sub) => ({ header: sub.shortName || sub.name, width: 1, align: "center" as const, xlsxWidth: 10 })),
        ],
        rows: s.rows.map((r) => [String(r.n), r.name, ...r.marks]),
      },
    ],
    notes: s.missing ? [`Не выставлено итоговых отметок: ${s.missing}.`] : [],
    landscape: true,
    filename: `Ведомость для аттестата ${s.cls.name} ${yearFileName(s.cls.year)}`,
    signatures: ["Классный руководитель", "Заместитель директора", "Директор"],
  };
}

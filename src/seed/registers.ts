/**
 * The institution's registers of 002 §4 in the demo school (issue 17, R-REG-9): the institution
 * card with plausible details (the ИНН, ОГРН and ОКПО pass their control digits), and four
 * methodical associations drawn from the teaching load: primary classes, the science and
 * mathematics cycle, the humanities, and PE, ОБЗР, technology and the arts. The leader of each is
 * the member with the most hours. Idempotent: a filled card and existing associations are kept.
 */
import { prisma } from "../lib/db.ts";
import { parseIsoDate } from "../lib/dates.ts";

const day = (iso: string) => parseIsoDate(iso)!;

/** The card of the demo school (control digits checked by tests/seed/communication.test.ts). */
export const DEMO_CARD = {
  inn: "6901123457",
  kpp: "690101001",
  ogrn: "1026900123458",
  okpo: "41234566",
  postalAddress: null,
  licenseNumber: "Л035-01277-69/00234567",
  licenseDate: day("2015-11-12"),
  licenseIssuer: "Министерство образования Тверской области",
  accreditationNumber: "А007-01277-69/01123456",
  accreditationDate: day("2016-04-20"),
  accreditationValidUntil: null,
  phone: "+7 (4822) 55-12-01",
  email: "sosh1@sosh1.example.org",
  website: "https://sosh1.example.org",
} as const;

const GROUPS: readonly { name: string; subjects: RegExp; grades: readonly [number, number] }[] = [
  { name: "МО учителей начальных классов", subjects: /русск|литератур|чтени|математ|окружающ|труд|технолог|изобраз|орксэ/i, grades: [1, 4] },
  { name: "МО естественно-математического цикла", subjects: /математ|алгебр|геометр|вероятн|информат|физика|хими|биолог|географ/i, grades: [5, 11] },
  { name: "МО гуманитарного цикла", subjects: /русск|литерат|истори|обществ|язык|однкнр|право|эконом/i, grades: [5, 11] },
  {
    name: "МО учителей физической культуры, ОБЗР, технологии и искусства",
    subjects: /физическ|обзр|обж|труд|технолог|музык|изобраз|искусств/i,
    grades: [5, 11],
  },
];

export async function seedInstitutionRegisters(schoolId: number): Promise<void> {
  const school = await prisma.school.findUniqueOrThrow({ where: { id: schoolId } });
  if (!school.inn) {
    const director = await prisma.person.findFirst({
      where: { schoolId, user: { roles: { some: { role: "ADMIN" } } }, staff: { isNot: null } },
      orderBy: { id: "asc" },
    });
    await prisma.school.update({ where: { id: schoolId }, data: { ...DEMO_CARD, directorPersonId: director?.id ?? null } });
  }
  if (await prisma.methodicalAssociation.count({ where: { schoolId } })) return;
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" } });
  if (!year) return;
  const loads = await prisma.teachingLoad.findMany({
    where: { schoolId, yearId: year.id },
    select: { teacherId: true, subjectId: true, hoursPerWeek: true, class: { select: { grade: true } }, subject: { select: { name: true } } },
  });
  // Each teacher joins the one association where the teacher has the most hours.
  const inGroup = (g: (typeof GROUPS)[number], l: (typeof loads)[number]) =>
    l.class.grade >= g.grades[0] && l.class.grade <= g.grades[1] && g.subjects.test(l.subject.name);
  const home = new Map<number, { group: number; hours: number }>();
  GROUPS.forEach((g, gi) => {
    const hours = new Map<number, number>();
    for (const l of loads) if (inGroup(g, l)) hours.set(l.teacherId, (hours.get(l.teacherId) ?? 0) + Number(l.hoursPerWeek));
    for (const [t, h] of hours) if (h > (home.get(t)?.hours ?? 0)) home.set(t, { group: gi, hours: h });
  });
  for (const [gi, g] of GROUPS.entries()) {
    const members = [...home.entries()].filter(([, v]) => v.group === gi).sort((a, b) => b[1].hours - a[1].hours);
    if (!members.length) continue;
    const subjectIds = [...new Set(loads.filter((l) => inGroup(g, l) && home.get(l.teacherId)?.group === gi).map((l) => l.subjectId))];
    await prisma.methodicalAssociation.create({
      data: {
        schoolId,
        name: g.name,
        leaderId: members[0]![0],
        members: { create: members.map(([personId]) => ({ personId })) },
        subjects: { create: subjectIds.map((subjectId) => ({ subjectId })) },
      },
    });
  }
}

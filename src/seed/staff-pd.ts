/**
 * Staff consents and the register of staff admitted to personal data in a seeded school (issue 17,
 * R-REG-10, 001 §3.14). Every working staff member signed the non-disclosure undertaking and the consent,
 * recorded by the administrator (demo.admin) at the start of the year — so every role's personal-data
 * sections work as before — except, in the demo school only, one non-teaching staff member without an
 * undertaking (the register lists them as not admitted) and two staff with a login who have not given
 * the consent yet (the grace banner for the administrator and HR shows them). The named demo accounts
 * are always complete. Idempotent: a school with any undertaking is left as it is.
 */
import { prisma } from "../lib/db.ts";
import type { SeedSize } from "./school.ts";

export async function seedStaffPersonalData(
  schoolId: number,
  size: SeedSize,
): Promise<{ admitted: number; withoutUndertaking: number; withoutConsent: number }> {
  const none = { admitted: 0, withoutUndertaking: 0, withoutConsent: 0 };
  if (await prisma.pdUndertaking.count({ where: { schoolId } })) return none;
  const year = await prisma.academicYear.findFirst({ where: { schoolId, status: "CURRENT" }, select: { startDate: true } });
  if (!year) return none;
  const admin = await prisma.user.findFirst({ where: { schoolId, roles: { some: { role: "ADMIN" } } }, orderBy: { id: "asc" }, select: { id: true } });
  const staff = await prisma.staff.findMany({
    where: { schoolId, dismissedAt: null },
    include: { person: { include: { consent: true, user: { select: { login: true } } } }, positions: { select: { title: true } } },
    orderBy: { id: "asc" },
  });
  const named = (s: (typeof staff)[number]) => s.person.user?.login.startsWith(`${size === "demo" ? "demo" : "bench"}.`) ?? false;
  const teaching = (s: (typeof staff)[number]) => s.positions.some((p) => /учитель|директор/i.test(p.title));
  // The demo's gaps: the last non-teaching, unnamed staff member has no undertaking; the last two unnamed staff with a login, no consent.
  const noUndertaking = size === "demo" ? staff.filter((s) => !named(s) && !teaching(s)).slice(-1) : [];
  const noConsent = size === "demo" ? staff.filter((s) => !named(s) && s.person.user && !s.person.consent && !noUndertaking.includes(s)).slice(-2) : [];
  const date = year.startDate;
  const admitted = staff.filter((s) => !noUndertaking.includes(s));
  await prisma.$transaction(async (tx) => {
    await tx.pdUndertaking.createMany({
      data: admitted.map((s, i) => ({ schoolId, staffId: s.id, date, documentNumber: `О-${i + 1}`, recordedById: admin?.id ?? null })),
    });
    await tx.personalDataConsent.createMany({
      data: staff
        .filter((s) => !s.person.consent && !noConsent.includes(s))
        .map((s, i) => ({ schoolId, personId: s.personId, date, documentNote: `Согласие сотрудника № ${i + 1}`, recordedById: admin?.id ?? null })),
    });
  });
  return { admitted: admitted.length, withoutUndertaking: noUndertaking.length, withoutConsent: noConsent.length };
}

/** Placeholder seed: the full deterministic demo and large schools replace this. */
import { prisma } from "../lib/db.ts";
import { hashPassword } from "../lib/passwords.ts";

export const DEMO_PASSWORD = "demo-2026";
export type SeedSize = "demo" | "large";

export async function seedSchool(_size: SeedSize) {
  const hash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(async (tx) => {
    const school = await tx.school.create({ data: { name: "МБОУ «Средняя общеобразовательная школа № 1»", shortName: "СОШ № 1" } });
    const person = await tx.person.create({ data: { schoolId: school.id, lastName: "Смирнова", firstName: "Ольга", middleName: "Петровна" } });
    const user = await tx.user.create({ data: { schoolId: school.id, personId: person.id, login: "demo.admin", passwordHash: hash, mustChangePassword: false } });
    await tx.userRole.create({ data: { userId: user.id, role: "ADMIN" } });
    await tx.staff.create({ data: { schoolId: school.id, personId: person.id } });
  });
}

/**
 * Seeding entry points: the demo school (npm run seed, and the first `npm start`
 * on the embedded database) and the large benchmark school (npm run seed:large).
 */
import { prisma } from "../lib/db.ts";
import { DEMO_PASSWORD, seedSchool, type SeedSize } from "./school.ts";
import { ROLE_NAMES, type Role } from "../access/roles.ts";

export { DEMO_PASSWORD };

export async function isSeeded(): Promise<boolean> {
  return (await prisma.school.count()) > 0;
}

export async function seedDemo(size: SeedSize = "demo") {
  return seedSchool(size);
}

/** One demo login per role, as listed in the README. */
export async function printDemoLogins(): Promise<void> {
  const users = await prisma.user.findMany({ where: { login: { startsWith: "demo." } }, include: { roles: true }, orderBy: { login: "asc" } });
  if (!users.length) return;
  console.log(`\nДемонстрационные входы (пароль у всех: ${DEMO_PASSWORD}):`);
  for (const u of users) {
    const roles = u.roles.map((r) => ROLE_NAMES[r.role as Role]).join(", ");
    console.log(`  ${u.login.padEnd(20)} ${roles}`);
  }
  console.log("");
}

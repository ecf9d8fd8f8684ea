/**
 * Seeding entry points: the demo school (npm run seed, and the first `npm start`
 * on the embedded database) and the large benchmark school (npm run seed:large).
 *
 * Every seeded account has the password DEMO_PASSWORD and needs no change of it.
 * The named accounts, one per role (demo.admin … demo.teacherparent; bench.* in
 * the large school), are listed by printDemoLogins.
 */
import { pgPool, prisma } from "../lib/db.ts";
import { className, fullName } from "../lib/names.ts";
import { ROLES, ROLE_NAMES } from "../access/roles.ts";
import { DEMO_PASSWORD, findSeededSchool, seedSchool, type SeedResult, type SeedSize } from "./school.ts";
import { DEMO_KEYS } from "./plan-types.ts";
import { seedJournal, type JournalSeedCounts } from "./journal.ts";
import { seedFutureLessons } from "./timetable.ts";
import { seedStudentFiles } from "./students.ts";
import { seedCommunication, type CommunicationSeedCounts } from "./communication.ts";
import { seedThematicPlans } from "./plan-ktp.ts";
import { varyPlanPace } from "./plan-lessons.ts";
import { seedPlanAssessments } from "./plan-assessments.ts";
import { seedRevokedConsent } from "./consent-revoked.ts";
import { seedSubstitutions } from "./substitutions.ts";
import { seedDiagnostics } from "./diagnostics.ts";
import { seedGraduates } from "./graduates.ts";
import { seedInstitutionRegisters } from "./registers.ts";
import { seedStaffPersonalData } from "./staff-pd.ts";
import { seedCrossGroups } from "./cross-groups.ts";
import { seedEvents } from "./events.ts";
import { today } from "../lib/dates.ts";

export { DEMO_PASSWORD };
export type { SeedResult, SeedSize };

/**
 * Without a size: whether the database holds any school at all (then the first
 * `npm start` does not add the demo school to a real deployment). With a size:
 * whether that seeded school is already there.
 */
export async function isSeeded(size?: SeedSize): Promise<boolean> {
  if (size) return (await findSeededSchool(size)) !== null;
  return (await prisma.school.count()) > 0;
}

/**
 * Seeds the school of this size and its journal from the start of the year to
 * today (idempotent: an existing school, or a year that has lessons, is left as it is).
 */
export async function seedDemo(size: SeedSize = "demo"): Promise<SeedResult & { journal: JournalSeedCounts; communication: CommunicationSeedCounts | null }> {
  const school = await seedSchool(size);
  const journal = await seedJournal(school.schoolId, size);
  // The rest of the year's lessons from the seeded timetable (src/seed/timetable.ts).
  await seedFutureLessons(school.schoolId, today());
  // Personal files: addresses, documents, consents, some medical rows and achievements.
  await seedStudentFiles(school.schoolId);
  // Staff consents and the register of staff admitted to personal data, a few gaps in the demo (staff-pd.ts, issue 17).
  await seedStaffPersonalData(school.schoolId, size);
  // The demo school only: announcements, conversations, notifications and the e-mail delivery log (communication.ts).
  const communication = size === "demo" ? await seedCommunication(school.schoolId, "demo") : null;
  // The demo school only: calendar-thematic plans drawn from the journal, the library of templates (plan-ktp.ts).
  if (size === "demo") await seedThematicPlans(school.schoolId, "demo");
  // A few journals behind or ahead of their plans, the rest on track (plan-lessons.ts, R-JRN-11).
  if (size === "demo") await varyPlanPace(school.schoolId, "demo");
  // The demo school only: the schedule of assessment procedures, published for the families' classes (plan-assessments.ts).
  if (size === "demo") await seedPlanAssessments(school.schoolId);
  // The demo school only: a parent who withdrew the consent, the account blocked by it (consent-revoked.ts, R-SEC-6).
  if (size === "demo") await seedRevokedConsent(school.schoolId);
  // The demo school only: lessons given by substitutes last month, this month and in the coming days (substitutions.ts).
  if (size === "demo") await seedSubstitutions(school.schoolId);
  // The demo school only: a ВПР in Russian and maths in every class of grades 5–8, with results (diagnostics.ts).
  if (size === "demo") await seedDiagnostics(school.schoolId);
  // GIA results of the 9th and 11th classes linked to the school's subjects; in the demo school also the
  // confirmed final marks of half of each class (graduates.ts, issue 17).
  await seedGraduates(school.schoolId, { confirmFinals: size === "demo" });
  // The demo school only: the institution card and the methodical associations (registers.ts, R-REG-9).
  if (size === "demo") await seedInstitutionRegisters(school.schoolId);
  // The demo school only: the elective «Финансовая грамотность» of 8А+8Б and a ГПД of grades 1–2 (cross-groups.ts, R-JRN-13);
  // after the КТП and the assessment schedule, which are drawn for the classes' own journals.
  if (size === "demo") await seedCrossGroups(school.schoolId);
  // The demo school only: school and class events, the weekly «Разговоры о важном» with a cancelled Monday (events.ts).
  if (size === "demo") await seedEvents(school.schoolId);
  // Planner statistics for the new rows, so the first pages are planned for the school's real size.
  await pgPool().query("ANALYZE");
  return { ...school, journal, communication };
}

/** One named login per role, with the roles, the name, and what the account is tied to (R-ROLE-1, R-ROLE-2). */
export async function printDemoLogins(prefix = "demo"): Promise<void> {
  const logins = DEMO_KEYS.map((k) => `${prefix}.${k}`);
  const users = await prisma.user.findMany({
    where: { login: { in: logins } },
    include: {
      roles: true,
      person: {
        include: {
          classesLed: { where: { year: { status: "CURRENT" } }, select: { grade: true, letter: true } },
          childrenLinks: {
            include: { student: { include: { memberships: { where: { toDate: null }, include: { class: { select: { grade: true, letter: true } } } } } } },
          },
          student: { include: { memberships: { where: { toDate: null }, include: { class: { select: { grade: true, letter: true } } } } } },
        },
      },
    },
  });
  if (!users.length) return;
  users.sort((a, b) => logins.indexOf(a.login) - logins.indexOf(b.login));
  console.log(`\nДемонстрационные входы (пароль у всех: ${DEMO_PASSWORD}):`);
  for (const u of users) {
    const roles = u.roles.map((r) => r.role);
    const led = u.person.classesLed.map(className);
    if (led.length) roles.push("CLASS_TEACHER");
    const about: string[] = [];
    if (led.length) about.push(`класс ${led.join(", ")}`);
    const ownClass = u.person.student?.memberships[0]?.class;
    if (ownClass) about.push(`${className(ownClass)} класс`);
    const children = u.person.childrenLinks.map((l) => {
      const c = l.student.memberships[0]?.class;
      return c ? className(c) : "";
    });
    if (children.length) about.push(`дети в ${children.filter(Boolean).join(", ")}`);
    const roleText = ROLES.filter((r) => roles.includes(r))
      .map((r) => ROLE_NAMES[r])
      .join(", ");
    console.log(`  ${u.login.padEnd(20)} ${roleText.padEnd(36)} ${fullName(u.person)}${about.length ? ` (${about.join("; ")})` : ""}`);
  }
  console.log("");
}

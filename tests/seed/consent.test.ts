/**
 * R-SEC-6 in the demo school: a login is issued only after consent to personal-data processing
 * (students.policy.ts mayGetAccount), so the families the seed leaves without consent (about every
 * 7th) have no logins, everyone with consent has one, and the named demo accounts (tests/e2e
 * DEMO_LOGINS) all belong to consenting families. Read from the database after the seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { pgPool, prisma } from "../../src/lib/db.ts";
import { buildSchoolPlan } from "../../src/seed/plan.ts";
import { DEMO_KEYS } from "../../src/seed/plan-types.ts";
import { seedSchool } from "../../src/seed/school.ts";
import { seedStudentFiles } from "../../src/seed/students.ts";
import { seedStaffPersonalData } from "../../src/seed/staff-pd.ts";
import { as } from "../support/http.ts";
import { useMidQuarterDay } from "../support/use-clock.ts";

useMidQuarterDay();

let schoolId: number;

beforeAll(async () => {
  schoolId = (await seedSchool("demo")).schoolId;
  await seedStudentFiles(schoolId);
  await seedStaffPersonalData(schoolId, "demo");
}, 120_000);

const q = async <T extends object>(sql: string, params: unknown[] = []) => (await pgPool().query<T & object>(sql, params)).rows;

/** Every pupil and every parent (not a staff member) of the school: consent given, login, and the family (the pupil, or the parent's first child). */
const FAMILY_PEOPLE = `
  SELECT p.id, 'STUDENT' AS kind, (c.id IS NOT NULL AND c."revokedAt" IS NULL) AS consent, (u.id IS NOT NULL) AS login
    FROM "Student" s JOIN "Person" p ON p.id = s."personId"
    LEFT JOIN "PersonalDataConsent" c ON c."personId" = p.id LEFT JOIN "User" u ON u."personId" = p.id
   WHERE s."schoolId" = $1
  UNION
  SELECT p.id, 'PARENT', (c.id IS NOT NULL AND c."revokedAt" IS NULL), (u.id IS NOT NULL)
    FROM "ParentLink" l JOIN "Person" p ON p.id = l."parentId"
    LEFT JOIN "PersonalDataConsent" c ON c."personId" = p.id LEFT JOIN "User" u ON u."personId" = p.id
   WHERE l."schoolId" = $1 AND NOT EXISTS (SELECT 1 FROM "Staff" st WHERE st."personId" = p.id)`;

describe("demo school: consent and logins (R-SEC-6)", () => {
  it("gives no login to a pupil or parent without consent, and one to everyone with it", async () => {
    const people = await q<{ id: number; kind: string; consent: boolean; login: boolean }>(FAMILY_PEOPLE, [schoolId]);
    expect(people.length).toBeGreaterThan(1000);
    expect(people.filter((p) => !p.consent && p.login)).toEqual([]);
    expect(people.filter((p) => p.consent && !p.login)).toEqual([]);
    // No parent without consent has a login, and such parents and pupils exist.
    const parentsWithout = people.filter((p) => p.kind === "PARENT" && !p.consent);
    const pupilsWithout = people.filter((p) => p.kind === "STUDENT" && !p.consent);
    expect(parentsWithout.length).toBeGreaterThan(20);
    expect(pupilsWithout.length).toBeGreaterThan(20);
    expect(await prisma.user.count({ where: { personId: { in: parentsWithout.map((p) => p.id) } } })).toBe(0);
  });

  it("leaves about every 7th family without consent, the whole family alike; staff members always have a login", async () => {
    const links = await q<{ pupil: boolean; parent: boolean; staff: boolean }>(
      `SELECT (sc.id IS NOT NULL) AS pupil, (pc.id IS NOT NULL) AS parent, EXISTS (SELECT 1 FROM "Staff" st WHERE st."personId" = l."parentId") AS staff
         FROM "ParentLink" l JOIN "Student" s ON s.id = l."studentId"
         LEFT JOIN "PersonalDataConsent" sc ON sc."personId" = s."personId" LEFT JOIN "PersonalDataConsent" pc ON pc."personId" = l."parentId"
        WHERE l."schoolId" = $1`,
      [schoolId],
    );
    // A pupil and each parent share the family's consent; a staff member's family has consented.
    expect(links.filter((l) => l.pupil !== l.parent)).toEqual([]);
    expect(links.filter((l) => l.staff && !l.pupil)).toEqual([]);
    const students = await prisma.student.count({ where: { schoolId } });
    const without = await prisma.student.count({ where: { schoolId, person: { consent: null } } });
    expect(without / students).toBeGreaterThan(0.08);
    expect(without / students).toBeLessThan(0.22);
    expect(await prisma.staff.count({ where: { schoolId, person: { user: null } } })).toBe(0);
    // The plan says the same as the database: its accounts are exactly the users.
    expect(buildSchoolPlan("demo").users.length).toBe(await prisma.user.count({ where: { schoolId } }));
  });

  it("keeps every named demo account (the e2e DEMO_LOGINS) in a consenting family", async () => {
    const users = await prisma.user.findMany({
      where: { login: { in: DEMO_KEYS.map((k) => `demo.${k}`) } },
      include: {
        roles: true,
        person: { include: { consent: true, childrenLinks: { include: { student: { include: { person: { include: { consent: true, user: true } } } } } } } },
      },
    });
    expect(users).toHaveLength(DEMO_KEYS.length);
    for (const u of users) {
      const family = u.roles.some((r) => r.role === "PARENT" || r.role === "STUDENT");
      if (family) expect(u.person.consent, u.login).toMatchObject({ revokedAt: null });
      for (const l of u.person.childrenLinks) {
        expect(l.student.person.consent, `${u.login}: child`).toMatchObject({ revokedAt: null });
        expect(l.student.person.user, `${u.login}: child`).not.toBeNull();
      }
    }
  });

  it("the «Выдача логинов» page lists a family without consent as skipped, nobody as ready", async () => {
    const [cls] = await q<{ id: number; name: string }>(
      `SELECT c.id, c.grade || c.letter AS name FROM "SchoolClass" c
        WHERE c."schoolId" = $1 AND EXISTS (SELECT 1 FROM "ClassMembership" m JOIN "Student" s ON s.id = m."studentId"
                                            WHERE m."classId" = c.id AND m."toDate" IS NULL
                                              AND NOT EXISTS (SELECT 1 FROM "PersonalDataConsent" pc WHERE pc."personId" = s."personId"))
        ORDER BY c.grade, c.letter LIMIT 1`,
      [schoolId],
    );
    const missing = await prisma.student.findMany({
      where: { schoolId, person: { consent: null }, memberships: { some: { classId: cls!.id, toDate: null } } },
      include: { person: true },
    });
    expect(missing.length).toBeGreaterThan(0);
    const page = await (await as({ login: "demo.secretary" })).get(`/students/accounts?class=${cls!.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${cls!.name} класс: получат логины (0)`);
    const skipped = page.text.slice(page.text.indexOf('id="skipped"'));
    for (const s of missing) expect(skipped.slice(0, skipped.indexOf("</section>"))).toContain(`${s.person.lastName} ${s.person.firstName}`);
  });
});

describe("staff consents and the register of staff admitted to personal data in the demo (issue 17)", () => {
  it("admits every working staff member but one, and every named demo account", async () => {
    const working = await prisma.staff.count({ where: { schoolId, dismissedAt: null } });
    expect(await prisma.pdUndertaking.count({ where: { schoolId } })).toBe(working - 1);
    const named = await prisma.staff.findMany({ where: { schoolId, person: { user: { login: { startsWith: "demo." } } } }, include: { pdUndertaking: true } });
    expect(named.length).toBeGreaterThan(5);
    for (const s of named) expect(s.pdUndertaking, String(s.id)).not.toBeNull();
    // The seed is idempotent.
    expect(await seedStaffPersonalData(schoolId, "demo")).toMatchObject({ admitted: 0 });
  });

  it("leaves two staff with a login and no consent, so the administrator sees the grace banner", async () => {
    const admin = await as({ login: "demo.admin" });
    const page = await admin.get("/staff");
    expect(page.text).toContain("У 2 сотрудников с учётной записью нет действующего согласия");
    const register = await admin.get("/staff/pd-register");
    expect(register.status).toBe(200);
    expect(register.text).toContain("Не допущены (1)");
  });
});

/** seedStudentFiles: fills profiles, consents, some medical rows and achievements; a second run adds nothing. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
import { seedRevokedConsent } from "../../src/seed/consent-revoked.ts";
import { seedStudentFiles } from "../../src/seed/students.ts";
import { buildSchool } from "../support/fixtures.ts";

describe("seedStudentFiles", () => {
  it("is deterministic and idempotent", async () => {
    const s = await buildSchool();
    const first = await seedStudentFiles(s.schoolId);
    expect(first).toEqual({ profiles: 5, consents: 5, medical: 1, notes: 1 });
    expect(await seedStudentFiles(s.schoolId)).toEqual({ profiles: 0, consents: 0, medical: 0, notes: 0 });
    const p = await prisma.personProfile.findUniqueOrThrow({ where: { personId: s.students.studentA1!.personId } });
    expect(p.docKind).toBe("BIRTH_CERTIFICATE");
    expect(p.registrationAddress).toMatch(/^г\. Тверь/);
  });
});

describe("seedRevokedConsent (issue 17, R-SEC-6)", () => {
  it("records one parent's revocation through the service: the consent withdrawn, the account blocked by it, audited; a second run adds nothing", async () => {
    const s = await buildSchool();
    await seedStudentFiles(s.schoolId);
    const done = await seedRevokedConsent(s.schoolId);
    expect(done).not.toBeNull();
    const user = await prisma.user.findUniqueOrThrow({ where: { login: done!.parentLogin }, include: { roles: true } });
    expect(user).toMatchObject({ blocked: true, blockedByConsent: true });
    expect(user.roles.map((r) => r.role)).toEqual(["PARENT"]);
    expect((await prisma.personalDataConsent.findUniqueOrThrow({ where: { personId: user.personId } })).revokedAt).not.toBeNull();
    expect(await prisma.auditLog.count({ where: { schoolId: s.schoolId, entity: "user", entityId: String(user.id), action: "block" } })).toBe(1);
    expect(await seedRevokedConsent(s.schoolId)).toBeNull();
    expect(await prisma.personalDataConsent.count({ where: { schoolId: s.schoolId, revokedAt: { not: null } } })).toBe(1);
  });
});

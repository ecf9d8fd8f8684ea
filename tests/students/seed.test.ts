/** seedStudentFiles: fills profiles, consents, some medical rows and achievements; a second run adds nothing. */
import { describe, expect, it } from "vitest";
import { prisma } from "../../src/lib/db.ts";
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

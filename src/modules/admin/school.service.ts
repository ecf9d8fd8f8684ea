/**
 * School settings (/admin/school): name, lock window for teachers' edits (R-JRN-5),
 * idle session timeout (R-SEC-4), the "late control work" limit (R-RPT-1), the
 * school week, the forecast rounding thresholds and the grades taught without marks (issue 23,
 * безотметочное обучение), the minimum of marks for certification (issue 17), the limits of attachments and messages (issue 15), the rules proposing the graduates' final marks (issue 17). Changes are audited
 * (entity "school").
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound } from "../../lib/errors.ts";
import type { School } from "../../generated/prisma/client.ts";
import type { SchoolInput } from "./school.schemas.ts";

export type SchoolSettings = Omit<SchoolInput, "address" | "ungradedGrades"> & { address: string | null; ungradedGrades: number[] };

function settingsOf(s: School): SchoolSettings {
  return {
    name: s.name,
    shortName: s.shortName,
    address: s.address,
    lockDays: s.lockDays,
    sessionIdleMinutes: s.sessionIdleMinutes,
    lateControlWorkDays: s.lateControlWorkDays,
    weekDays: s.weekDays,
    forecastThreshold5: Number(s.forecastThreshold5),
    forecastThreshold4: Number(s.forecastThreshold4),
    forecastThreshold3: Number(s.forecastThreshold3),
    minMarksForCertification: s.minMarksForCertification,
    debtDeadlineDay: s.debtDeadlineDay,
    debtDeadlineMonth: s.debtDeadlineMonth,
    ungradedGrades: [...(s.ungradedGrades ?? [])].sort((a, b) => a - b),
    maxFileMb: s.maxFileMb,
    maxFilesPerMessage: s.maxFilesPerMessage,
    messagesPerHour: s.messagesPerHour,
    homeworkAllowanceMinutes: s.homeworkAllowanceMinutes,
    finalRule9: s.finalRule9,
    finalRule11: s.finalRule11,
  };
}

/** The actor's school settings, with thresholds as plain numbers. */
export async function schoolSettings(schoolId: number): Promise<SchoolSettings> {
  const school = await prisma.school.findUnique({ where: { id: schoolId } });
  if (!school) throw new NotFound();
  return settingsOf(school);
}

/** Saves the settings and records the changed fields (old → new) in the audit log, in one transaction. Returns the number of changed fields. */
export async function updateSchoolSettings(actor: Actor, input: SchoolInput): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.school.findUnique({ where: { id: actor.schoolId } });
    if (!before) throw new NotFound();
    const old = settingsOf(before);
    const same = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);
    const changed = (Object.keys(input) as (keyof SchoolInput)[]).filter((k) => input[k] !== undefined && !same(old[k], input[k]));
    if (!changed.length) return 0;
    await tx.school.update({ where: { id: actor.schoolId }, data: Object.fromEntries(changed.map((k) => [k, input[k]])) });
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "school",
      entityId: actor.schoolId,
      action: "update",
      oldValue: Object.fromEntries(changed.map((k) => [k, old[k]])),
      newValue: Object.fromEntries(changed.map((k) => [k, input[k]])),
    });
    return changed.length;
  });
}

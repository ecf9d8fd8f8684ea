/** The sections of a staff card (R-REG-5): education, qualification category, awards, professional training, methodical work. */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { assertPdAdmitted, lockStaff, showDates } from "./staff.common.ts";
import { TEXT, type Section } from "./staff.text.ts";

type SectionData = Record<string, unknown>;

/** Adds a row to a section of the card (education, qualification, award, training, methodical work). */
export async function addSectionRow(actor: Actor, staffId: number, section: Section, d: SectionData) {
  assertPdAdmitted(actor);
  if (section === "training" && (d.toDate as Date).getTime() < (d.fromDate as Date).getTime()) throw new ValidationError({ toDate: TEXT.toBeforeFrom });
  if (section === "qualification" && d.validUntil && (d.validUntil as Date).getTime() < (d.assignedAt as Date).getTime())
    throw new ValidationError({ validUntil: TEXT.toBeforeFrom });
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const base = { schoolId: actor.schoolId, staffId: s.id };
    let id: number;
    switch (section) {
      case "education":
        id = (
          await tx.staffEducation.create({
            data: { ...base, ...(d as { level: string; institution: string; graduationYear: number; speciality: string | null }) },
          })
        ).id;
        break;
      case "qualification":
        id = (
          await tx.staffQualification.create({
            data: { ...base, ...(d as { category: "NONE"; assignedAt: Date; validUntil: Date | null; orderNumber: string | null }) },
          })
        ).id;
        break;
      case "award":
        id = (await tx.staffAward.create({ data: { ...base, ...(d as { title: string; date: Date; document: string | null }) } })).id;
        break;
      case "training":
        id = (
          await tx.staffTraining.create({
            data: { ...base, ...(d as { course: string; provider: string | null; hours: number; fromDate: Date; toDate: Date; document: string | null }) },
          })
        ).id;
        break;
      case "methodical":
        id = (await tx.staffMethodicalWork.create({ data: { ...base, ...(d as { date: Date; title: string; description: string | null }) } })).id;
        break;
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: `staff-${section}`,
      entityId: id,
      action: "create",
      newValue: showDates({ staffId: s.id, ...d }),
    });
  });
}

/** Deletes a row of a section (NotFound unless it belongs to this card). */
export async function deleteSectionRow(actor: Actor, staffId: number, section: Section, rowId: number) {
  assertPdAdmitted(actor);
  await prisma.$transaction(async (tx) => {
    const s = await lockStaff(tx, actor.schoolId, staffId);
    const where = { id: rowId, staffId: s.id, schoolId: actor.schoolId };
    let old: Record<string, unknown> | null;
    switch (section) {
      case "education":
        old = await tx.staffEducation.findFirst({ where });
        if (old) await tx.staffEducation.delete({ where: { id: rowId } });
        break;
      case "qualification":
        old = await tx.staffQualification.findFirst({ where });
        if (old) await tx.staffQualification.delete({ where: { id: rowId } });
        break;
      case "award":
        old = await tx.staffAward.findFirst({ where });
        if (old) await tx.staffAward.delete({ where: { id: rowId } });
        break;
      case "training":
        old = await tx.staffTraining.findFirst({ where });
        if (old) await tx.staffTraining.delete({ where: { id: rowId } });
        break;
      case "methodical":
        old = await tx.staffMethodicalWork.findFirst({ where });
        if (old) await tx.staffMethodicalWork.delete({ where: { id: rowId } });
        break;
    }
    if (!old) throw new NotFound();
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: `staff-${section}`,
      entityId: rowId,
      action: "delete",
      oldValue: showDates(old),
    });
  });
}

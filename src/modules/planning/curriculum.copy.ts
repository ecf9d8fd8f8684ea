/**
 * «Скопировать учебный план прошлого года» (R-PLN-1): every curriculum of the year before (all
 * grades and profiles, the same subjects by id, areas, parts, hours, assessment forms, flags and
 * weeks) into a draft year, in one transaction — all or nothing.
 */
import type { Actor } from "../../access/actor.ts";
import { audit } from "../../lib/audit.ts";
import { prisma } from "../../lib/db.ts";
import { ValidationError } from "../../lib/errors.ts";
import { isWithinLimit, totalHours, weekDaysOf, weeklyLimit } from "./curriculum.policy.ts";
import { TEXT, curriculumName, hoursText } from "./curriculum.text.ts";
import { lockYear } from "./curriculum.edit.ts";

/**
 * Copies the previous year's curricula into the draft year `yearId`. ValidationError (nothing
 * written): the year is not a draft, the year before has no curriculum, the draft year already has
 * one, a subject of it is archived, or a plan would be over its grade's limit with the school's
 * present week. NotFound for another school's year.
 */
export async function copyPreviousYear(actor: Actor, yearId: number) {
  return prisma.$transaction(async (tx) => {
    const year = await lockYear(tx, actor.schoolId, yearId);
    if (year.status !== "DRAFT") throw new ValidationError({ _form: TEXT.copyNotDraft });
    const target = await tx.academicYear.findUniqueOrThrow({ where: { id: year.id }, select: { startDate: true } });
    const previous = await tx.academicYear.findFirst({
      where: { schoolId: actor.schoolId, startDate: { lt: target.startDate } },
      orderBy: { startDate: "desc" },
    });
    const source = previous ? await tx.curriculum.findMany({ where: { schoolId: actor.schoolId, yearId: previous.id }, include: { items: true } }) : [];
    if (!previous || !source.length) throw new ValidationError({ _form: TEXT.copyNoSource });

    const existing = await tx.curriculum.findMany({ where: { schoolId: actor.schoolId, yearId: year.id }, orderBy: [{ grade: "asc" }, { profile: "asc" }] });
    if (existing.length) throw new ValidationError({ _form: TEXT.copyTargetHas(existing.map(curriculumName).join("; ")) });

    const archived = await tx.subject.findMany({
      where: { schoolId: actor.schoolId, archived: true, id: { in: source.flatMap((c) => c.items.map((i) => i.subjectId)) } },
      orderBy: { name: "asc" },
    });
    if (archived.length) throw new ValidationError({ _form: TEXT.copyArchived(archived.map((s) => `«${s.name}»`).join(", ")) });

    const school = await tx.school.findUniqueOrThrow({ where: { id: actor.schoolId }, select: { weekDays: true } });
    source.sort((a, b) => a.grade - b.grade || a.profile.localeCompare(b.profile, "ru"));
    const over = source.flatMap((c) => {
      const week = weekDaysOf(c.grade, c.weekDays, school.weekDays);
      const total = totalHours(c.items.map((i) => ({ hours: Number(i.hoursPerWeek) })));
      return isWithinLimit(c.grade, week, total) ? [] : [`${curriculumName(c)} — ${hoursText(total)} ч при допустимых ${weeklyLimit(c.grade, week)} ч`];
    });
    if (over.length) throw new ValidationError({ _form: TEXT.copyOverLimit(over.join("; ")) });

    let items = 0;
    for (const c of source) {
      const copy = await tx.curriculum.create({
        data: {
          schoolId: actor.schoolId,
          yearId: year.id,
          grade: c.grade,
          profile: c.profile,
          weekDays: c.weekDays,
          note: c.note,
          updatedById: actor.personId,
        },
      });
      await tx.curriculumItem.createMany({
        data: c.items.map((i) => ({
          schoolId: actor.schoolId,
          curriculumId: copy.id,
          subjectId: i.subjectId,
          area: i.area,
          part: i.part,
          hoursPerWeek: i.hoursPerWeek,
          assessmentForm: i.assessmentForm,
          marked: i.marked,
          split: i.split,
          sortOrder: i.sortOrder,
        })),
      });
      items += c.items.length;
    }
    await audit(tx, {
      schoolId: actor.schoolId,
      actorId: actor.userId,
      entity: "curriculum",
      entityId: year.id,
      action: "create",
      newValue: { year: year.name, copiedFrom: previous.name, curricula: source.length, subjects: items },
    });
    return { curricula: source.length, items, from: previous.name };
  });
}

/**
 * Bell schedules (R-SCH-1): a school may have several (the first grade has its
 * own, 35-minute lessons); one is the default for classes without their own.
 */
import type { Actor } from "../../access/actor.ts";
import { prisma, type Db } from "../../lib/db.ts";
import { NotFound, ValidationError } from "../../lib/errors.ts";
import { className } from "../../lib/names.ts";
import { scheduleYear } from "./schedule.common.ts";
import type { SlotInput } from "./schedule.schemas.ts";
import { TEXT } from "./schedule.text.ts";

export interface BellInput {
  name: string;
  isDefault: boolean;
  slots: SlotInput[];
}

/** The school's bell schedules with their slots and the classes (of the current year) that use each. */
export async function listBells(actor: Actor) {
  const year = await scheduleYear(actor.schoolId);
  const schedules = await prisma.bellSchedule.findMany({
    where: { schoolId: actor.schoolId },
    include: { slots: { orderBy: { number: "asc" } }, classes: { where: { yearId: year?.id ?? -1 }, select: { grade: true, letter: true } } },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
  });
  return schedules.map((s) => ({ ...s, classNames: s.classes.sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, "ru")).map(className) }));
}

/** The bell schedule with its slots, or NotFound for another school's. */
export async function getBell(actor: Actor, id: number, db: Db = prisma) {
  const s = await db.bellSchedule.findFirst({ where: { id, schoolId: actor.schoolId }, include: { slots: { orderBy: { number: "asc" } } } });
  if (!s) throw new NotFound();
  return s;
}

/** Classes of the current year with the schedule each one uses, for the assignment form. */
export async function classesForBells(actor: Actor) {
  const year = await scheduleYear(actor.schoolId);
  if (!year) return [];
  const classes = await prisma.schoolClass.findMany({
    where: { schoolId: actor.schoolId, yearId: year.id },
    select: { id: true, grade: true, letter: true, bellScheduleId: true },
    orderBy: [{ grade: "asc" }, { letter: "asc" }],
  });
  return classes.map((c) => ({ ...c, name: className(c) }));
}

async function assertNameFree(db: Db, schoolId: number, name: string, exceptId: number | null) {
  const other = await db.bellSchedule.findFirst({
    where: { schoolId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (other) throw new ValidationError({ name: TEXT.bellNameTaken });
}

async function writeSlots(db: Db, schoolId: number, scheduleId: number, slots: SlotInput[]) {
  await db.bellSlot.deleteMany({ where: { scheduleId } });
  await db.bellSlot.createMany({ data: slots.map((s) => ({ schoolId, scheduleId, ...s })) });
}

/** Creates a bell schedule; the first one (or one marked so) becomes the default. */
export async function createBell(actor: Actor, input: BellInput): Promise<number> {
  return prisma.$transaction(async (tx) => {
    await assertNameFree(tx, actor.schoolId, input.name, null);
    const any = await tx.bellSchedule.count({ where: { schoolId: actor.schoolId, isDefault: true } });
    const isDefault = input.isDefault || any === 0;
    if (isDefault) await tx.bellSchedule.updateMany({ where: { schoolId: actor.schoolId }, data: { isDefault: false } });
    const s = await tx.bellSchedule.create({ data: { schoolId: actor.schoolId, name: input.name, isDefault } });
    await writeSlots(tx, actor.schoolId, s.id, input.slots);
    return s.id;
  });
}

/** Renames a schedule, replaces its slots, makes it the default (a default stays default until another is chosen). */
export async function updateBell(actor: Actor, id: number, input: BellInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const s = await getBell(actor, id, tx);
    await assertNameFree(tx, actor.schoolId, input.name, id);
    if (input.isDefault && !s.isDefault) await tx.bellSchedule.updateMany({ where: { schoolId: actor.schoolId }, data: { isDefault: false } });
    await tx.bellSchedule.update({ where: { id }, data: { name: input.name, isDefault: s.isDefault || input.isDefault } });
    await writeSlots(tx, actor.schoolId, id, input.slots);
  });
}

/** Deletes a schedule that is not the default; its classes fall back to the default. */
export async function deleteBell(actor: Actor, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const s = await getBell(actor, id, tx);
    if (s.isDefault) throw new ValidationError({ _form: "Расписание звонков по умолчанию удалить нельзя: сначала сделайте основным другое." });
    await tx.schoolClass.updateMany({ where: { schoolId: actor.schoolId, bellScheduleId: id }, data: { bellScheduleId: null } });
    await tx.bellSchedule.delete({ where: { id } });
  });
}

/** The classes (of the current year) that use this schedule; the others of them go back to the default. */
export async function assignBellClasses(actor: Actor, id: number, classIds: number[]): Promise<void> {
  const year = await scheduleYear(actor.schoolId);
  if (!year) throw new NotFound(TEXT.noYear);
  await prisma.$transaction(async (tx) => {
    await getBell(actor, id, tx);
    const valid = await tx.schoolClass.findMany({ where: { schoolId: actor.schoolId, yearId: year.id, id: { in: classIds } }, select: { id: true } });
    if (valid.length !== new Set(classIds).size) throw new ValidationError({ classIds: "Выберите классы из списка" });
    await tx.schoolClass.updateMany({
      where: { schoolId: actor.schoolId, yearId: year.id, bellScheduleId: id, id: { notIn: classIds } },
      data: { bellScheduleId: null },
    });
    await tx.schoolClass.updateMany({ where: { id: { in: classIds } }, data: { bellScheduleId: id } });
  });
}

export interface SlotTime {
  startMinute: number;
  endMinute: number;
}

/** Bell times by class bell schedule: slotsFor(class.bellScheduleId).get(number). */
export async function bellTimes(schoolId: number, db: Db = prisma) {
  const schedules = await db.bellSchedule.findMany({ where: { schoolId }, include: { slots: true }, orderBy: { id: "asc" } });
  const byId = new Map(schedules.map((s) => [s.id, new Map(s.slots.map((x) => [x.number, { startMinute: x.startMinute, endMinute: x.endMinute }]))]));
  const def = schedules.find((s) => s.isDefault) ?? schedules[0];
  const empty = new Map<number, SlotTime>();
  return (scheduleId: number | null | undefined): Map<number, SlotTime> =>
    (scheduleId != null ? byId.get(scheduleId) : undefined) ?? (def ? byId.get(def.id)! : empty);
}

/** Rooms (аудиторный фонд, R-SCH-1): a school's catalogue, archived rather than deleted once used. */
import type { Actor } from "../../access/actor.ts";
import { prisma } from "../../lib/db.ts";
import { Conflict, NotFound, ValidationError } from "../../lib/errors.ts";
import { canDeleteRoom } from "./setup.policy.ts";
import type { RoomInput } from "./setup.schemas.ts";
import { isUniqueViolation, matches, pageOf } from "./setup.common.ts";
import { TEXT } from "./setup.text.ts";

const byName = new Intl.Collator("ru", { numeric: true, sensitivity: "base" });

/** Rooms of the actor's school: active first, then by name («2» before «10»); searchable by name and note. */
export async function listRooms(actor: Actor, opts: { q: string; page: number }) {
  const rooms = await prisma.room.findMany({ where: { schoolId: actor.schoolId } });
  const filtered = rooms.filter((r) => matches(opts.q, r.name, r.note));
  filtered.sort((a, b) => Number(a.archived) - Number(b.archived) || byName.compare(a.name, b.name));
  return pageOf(filtered, opts.page);
}

/** The room, or NotFound when it is not the actor's school's. */
export async function getRoom(actor: Actor, id: number) {
  const room = await prisma.room.findFirst({ where: { id, schoolId: actor.schoolId } });
  if (!room) throw new NotFound();
  return room;
}

async function assertNameFree(actor: Actor, name: string, exceptId: number | null) {
  const other = await prisma.room.findFirst({
    where: { schoolId: actor.schoolId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
  });
  if (other) throw new ValidationError({ name: TEXT.roomExists });
}

/** Creates a room; the name is unique in the school (ValidationError otherwise). */
export async function createRoom(actor: Actor, data: RoomInput) {
  await assertNameFree(actor, data.name, null);
  try {
    return await prisma.room.create({ data: { schoolId: actor.schoolId, ...data } });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.roomExists });
    throw e;
  }
}

/** Updates a room of the actor's school (NotFound, ValidationError for a taken name). */
export async function updateRoom(actor: Actor, id: number, data: RoomInput) {
  await getRoom(actor, id);
  await assertNameFree(actor, data.name, id);
  try {
    await prisma.room.update({ where: { id }, data });
  } catch (e) {
    if (isUniqueViolation(e)) throw new ValidationError({ name: TEXT.roomExists });
    throw e;
  }
}

export async function setRoomArchived(actor: Actor, id: number, archived: boolean) {
  await getRoom(actor, id);
  await prisma.room.update({ where: { id }, data: { archived } });
}

/** What refers to the room. The timetable will add its lessons here. */
export async function roomUsage(actor: Actor, id: number) {
  const classes = await prisma.schoolClass.count({ where: { schoolId: actor.schoolId, homeRoomId: id } });
  return { classes };
}

/** Deletes an unused room; a used one may only be archived (Conflict). */
export async function deleteRoom(actor: Actor, id: number) {
  await getRoom(actor, id);
  await prisma.$transaction(async (tx) => {
    const classes = await tx.schoolClass.count({ where: { schoolId: actor.schoolId, homeRoomId: id } });
    if (!canDeleteRoom({ classes })) throw new Conflict(TEXT.roomInUse);
    await tx.room.delete({ where: { id } });
  });
}

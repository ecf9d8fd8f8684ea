/** /setup/rooms: the rooms of the school (R-SCH-1). */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { roomSchema } from "./setup.schemas.ts";
import { listParams } from "./setup.common.ts";
import { bodyOf, formErrors, idParam, typed } from "../../lib/http.ts";
import { createRoom, deleteRoom, getRoom, listRooms, roomUsage, setRoomArchived, updateRoom } from "./rooms.service.ts";

export const roomsRouter = Router();
const styles = ["/static/css/setup.css"];

roomsRouter.get("/rooms", requirePermission("room", "view"), async (req, res) => {
  const { q, page } = listParams(req);
  const rooms = await listRooms(actorOf(req), { q, page });
  res.page("setup/rooms", { title: "Кабинеты", rooms, q, styles });
});

roomsRouter.get("/rooms/new", requirePermission("room", "create"), (_req, res) => {
  res.page("setup/room-form", { title: "Новый кабинет", room: null, usage: null, styles });
});

roomsRouter.post("/rooms", requirePermission("room", "create"), async (req, res) => {
  const body = bodyOf(req);
  const parsed = parseForm(roomSchema, body);
  const errors = parsed.ok ? await formErrors(() => createRoom(actorOf(req), parsed.data)) : parsed.errors;
  if (errors) return res.page("setup/room-form", { title: "Новый кабинет", room: null, usage: null, values: typed(body), errors, styles }, 422);
  flash(req, "ok", "Кабинет добавлен");
  res.redirect("/setup/rooms");
});

roomsRouter.get("/rooms/:id/edit", requirePermission("room", "update"), async (req, res) => {
  const room = await getRoom(actorOf(req), idParam(req));
  const usage = await roomUsage(actorOf(req), room.id);
  res.page("setup/room-form", { title: `Кабинет ${room.name}`, room, usage, values: room, styles });
});

roomsRouter.post("/rooms/:id", requirePermission("room", "update"), async (req, res) => {
  const actor = actorOf(req);
  const room = await getRoom(actor, idParam(req));
  const body = bodyOf(req);
  const parsed = parseForm(roomSchema, body);
  const errors = parsed.ok ? await formErrors(() => updateRoom(actor, room.id, parsed.data)) : parsed.errors;
  if (errors) {
    const usage = await roomUsage(actor, room.id);
    return res.page("setup/room-form", { title: `Кабинет ${room.name}`, room, usage, values: typed(body), errors, styles }, 422);
  }
  flash(req, "ok", "Кабинет сохранён");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/rooms/:id/archive", requirePermission("room", "update"), async (req, res) => {
  await setRoomArchived(actorOf(req), idParam(req), true);
  flash(req, "ok", "Кабинет перенесён в архив");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/rooms/:id/unarchive", requirePermission("room", "update"), async (req, res) => {
  await setRoomArchived(actorOf(req), idParam(req), false);
  flash(req, "ok", "Кабинет возвращён из архива");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/rooms/:id/delete", requirePermission("room", "delete"), async (req, res) => {
  await deleteRoom(actorOf(req), idParam(req));
  flash(req, "ok", "Кабинет удалён");
  res.redirect("/setup/rooms");
});

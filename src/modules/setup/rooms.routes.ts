/** /setup/rooms: the rooms of the school (R-SCH-1). */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { flash } from "../../lib/views.ts";
import { parseForm } from "../../lib/validation.ts";
import { roomSchema } from "./setup.schemas.ts";
import { formErrors, idParam, listParams } from "./setup.common.ts";
import { createRoom, deleteRoom, getRoom, listRooms, roomUsage, setRoomArchived, updateRoom } from "./rooms.service.ts";

export const roomsRouter = Router();
const styles = ["/static/css/setup.css"];

roomsRouter.get("/setup/rooms", requirePermission("room", "view"), async (req, res) => {
  const { q, page } = listParams(req);
  const rooms = await listRooms(req.actor!, { q, page });
  res.page("setup/rooms", { title: "Кабинеты", rooms, q, styles });
});

roomsRouter.get("/setup/rooms/new", requirePermission("room", "create"), (_req, res) => {
  res.page("setup/room-form", { title: "Новый кабинет", room: null, usage: null, styles });
});

roomsRouter.post("/setup/rooms", requirePermission("room", "create"), async (req, res) => {
  const parsed = parseForm(roomSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => createRoom(req.actor!, parsed.data)) : parsed.errors;
  if (errors) return res.page("setup/room-form", { title: "Новый кабинет", room: null, usage: null, values: req.body, errors, styles }, 422);
  flash(req, "ok", "Кабинет добавлен");
  res.redirect("/setup/rooms");
});

roomsRouter.get("/setup/rooms/:id/edit", requirePermission("room", "update"), async (req, res) => {
  const room = await getRoom(req.actor!, idParam(req));
  const usage = await roomUsage(req.actor!, room.id);
  res.page("setup/room-form", { title: `Кабинет ${room.name}`, room, usage, values: room, styles });
});

roomsRouter.post("/setup/rooms/:id", requirePermission("room", "update"), async (req, res) => {
  const actor = req.actor!;
  const room = await getRoom(actor, idParam(req));
  const parsed = parseForm(roomSchema, req.body);
  const errors = parsed.ok ? await formErrors(() => updateRoom(actor, room.id, parsed.data)) : parsed.errors;
  if (errors) {
    const usage = await roomUsage(actor, room.id);
    return res.page("setup/room-form", { title: `Кабинет ${room.name}`, room, usage, values: req.body, errors, styles }, 422);
  }
  flash(req, "ok", "Кабинет сохранён");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/setup/rooms/:id/archive", requirePermission("room", "update"), async (req, res) => {
  await setRoomArchived(req.actor!, idParam(req), true);
  flash(req, "ok", "Кабинет перенесён в архив");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/setup/rooms/:id/unarchive", requirePermission("room", "update"), async (req, res) => {
  await setRoomArchived(req.actor!, idParam(req), false);
  flash(req, "ok", "Кабинет возвращён из архива");
  res.redirect("/setup/rooms");
});

roomsRouter.post("/setup/rooms/:id/delete", requirePermission("room", "delete"), async (req, res) => {
  await deleteRoom(req.actor!, idParam(req));
  flash(req, "ok", "Кабинет удалён");
  res.redirect("/setup/rooms");
});

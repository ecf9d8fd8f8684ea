/** «Состояние сервера» (/admin/server, entity "server-health": the administrator). */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { formatBytes } from "../backups/backup.service.ts";
import { serverHealth } from "./server-health.service.ts";

export const serverHealthRouter = Router();

serverHealthRouter.get("/", requirePermission("server-health", "view"), async (_req, res) => {
  res.page("server-health/index", { title: "Состояние сервера", h: await serverHealth(), formatBytes });
});

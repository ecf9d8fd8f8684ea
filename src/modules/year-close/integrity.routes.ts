/**
 * Integrity of archived years (R-INT-1): /integrity lists the years with their seals,
 * /integrity/:yearId recomputes the seal and shows what changed, /integrity/:yearId/export
 * downloads the archive file. Administrator (view, create) and deputy (view).
 */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { prisma } from "../../lib/db.ts";
import { formatDate, formatDateTime } from "../../lib/dates.ts";
import { idParam } from "../years/years.http.ts";
import { exportYear, findYearOrThrow, sealedYears, verifyYear } from "./integrity.service.ts";
import { STATUS_NAMES } from "./year-select.ts";
import { TEXT } from "./year-close.text.ts";

export const integrityRouter = Router();
const styles = ["/static/css/year-close.css"];

integrityRouter.get("/integrity", requirePermission("integrity", "view"), async (req, res) => {
  const years = await sealedYears(req.actor!.schoolId);
  res.page("year-close/integrity-index", { title: "Целостность архива", styles, years, STATUS_NAMES, formatDate, formatDateTime });
});

integrityRouter.get("/integrity/:yearId", requirePermission("integrity", "view"), async (req, res) => {
  const year = await findYearOrThrow(req.actor!.schoolId, idParam(req.params.yearId));
  const started = Date.now();
  const report = await verifyYear(prisma, req.actor!.schoolId, year.id);
  const seconds = (Date.now() - started) / 1000;
  res.page("year-close/integrity", { title: `Проверка целостности: ${year.name}`, styles, year, report, seconds, TEXT, formatDate, formatDateTime });
});

integrityRouter.get("/integrity/:yearId/export", requirePermission("integrity", "create"), async (req, res) => {
  const year = await findYearOrThrow(req.actor!.schoolId, idParam(req.params.yearId));
  const file = await exportYear(prisma, req.actor!.schoolId, year.id);
  res.set("Content-Type", "application/gzip");
  res.set("Content-Disposition", `attachment; filename="${file.fileName}"`);
  res.send(file.body);
});

/**
 * Integrity of archived years (R-INT-1): /integrity lists the years with their seals,
 * /integrity/:yearId recomputes the seal and shows what changed, /integrity/:yearId/export
 * downloads the archive file. Administrator (view, create) and deputy (view).
 */
import { Router } from "express";
import { actorOf } from "../../access/actor.ts";
import { requirePermission } from "../../access/policy.ts";
import { formatDate, formatDateTime } from "../../lib/dates.ts";
import { sendDownload } from "../../lib/download.ts";
import { idParam } from "../../lib/http.ts";
import { checkYearIntegrity, exportYearArchive, sealedYears } from "./integrity.service.ts";
import { STATUS_NAMES } from "../setup/year-select.service.ts";
import { TEXT } from "./year-close.text.ts";

export const integrityRouter = Router();
const styles = ["/static/css/year-close.css"];

integrityRouter.get("/", requirePermission("integrity", "view"), async (req, res) => {
  const years = await sealedYears(actorOf(req).schoolId);
  res.page("year-close/integrity-index", { title: "Целостность архива", styles, years, STATUS_NAMES, formatDate, formatDateTime });
});

integrityRouter.get("/:yearId", requirePermission("integrity", "view"), async (req, res) => {
  const started = performance.now();
  const { year, report } = await checkYearIntegrity(actorOf(req), idParam(req, "yearId"));
  const seconds = (performance.now() - started) / 1000;
  res.page("year-close/integrity", { title: `Проверка целостности: ${year.name}`, styles, year, report, seconds, TEXT, formatDate, formatDateTime });
});

integrityRouter.get("/:yearId/export", requirePermission("integrity", "create"), async (req, res) => {
  const file = await exportYearArchive(actorOf(req), idParam(req, "yearId"));
  sendDownload(res, file.body, file.fileName, { type: "application/gzip" });
});

/**
 * «Резервные копии» (/admin/backups, entity "backup": the administrator): whether the installation
 * backs up its database, the warnings of the home page, the WAL archive's state, the free space,
 * the backups with their verification, and «Создать копию сейчас» (the nightly job, queued now).
 */
import { Router } from "express";
import { requirePermission } from "../../access/policy.ts";
import { config } from "../../config.ts";
import { enqueue, queueReady } from "../../lib/queue.ts";
import { STALE_HOURS, archiverState, backupRoot, backupList, backupWarnings, backupsEnabled, diskSpace, formatBytes, readStatus } from "./backup.service.ts";

export const backupsRouter = Router();

backupsRouter.get("/", requirePermission("backup", "view"), async (req, res) => {
  const cfg = config();
  const enabled = backupsEnabled();
  res.page("backups/index", {
    title: "Резервные копии",
    enabled,
    external: !!cfg.databaseUrl && !enabled,
    warnings: backupWarnings(),
    status: enabled ? readStatus() : {},
    archiver: enabled ? await archiverState() : null,
    space: enabled ? diskSpace(backupRoot()) : null,
    backups: enabled ? backupList() : [],
    settings: { dir: backupRoot(), copyDir: cfg.backupCopyDir ?? null, keep: cfg.backupKeep, staleHours: STALE_HOURS },
    formatBytes,
    queued: req.query.queued === "1",
  });
});

backupsRouter.post("/", requirePermission("backup", "create"), async (_req, res) => {
  if (!backupsEnabled() || !queueReady()) return res.redirect("/admin/backups");
  await enqueue("backup", {}, { singletonKey: "backup" });
  res.redirect("/admin/backups?queued=1");
});

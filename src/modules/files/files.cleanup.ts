/**
 * The clean-up of files (issue 15): a file uploaded with a form that was never sent (or whose
 * message or announcement was deleted) is linked to nothing; after a day of grace its StoredFile
 * row is deleted. Content that no StoredFile row of any school references is then removed from the
 * store — unless it was stored within the last hour (an upload whose row is not committed yet).
 * A new owner of files (homework, documents) adds its relation to ORPHAN below.
 */
import { prisma } from "../../lib/db.ts";
import { fileStore } from "../../lib/files/store.ts";
import { defineJob } from "../../lib/queue.ts";

export const ORPHAN_AFTER_MS = 24 * 3600_000;
export const CONTENT_GRACE_MS = 3600_000;

/** Rows linked to no owner. */
const ORPHAN = { announcementFiles: { none: {} }, messageFiles: { none: {} }, events: { none: {} } } as const;

/** Deletes orphaned rows older than a day and unreferenced content; returns what was removed. */
export async function cleanupFiles(now = new Date()): Promise<{ rows: number; contents: number }> {
  const old = new Date(now.getTime() - ORPHAN_AFTER_MS);
  const rows = await prisma.storedFile.deleteMany({ where: { createdAt: { lt: old }, ...ORPHAN } });
  const referenced = new Set((await prisma.storedFile.findMany({ distinct: ["sha256"], select: { sha256: true } })).map((r) => r.sha256));
  const store = fileStore();
  let contents = 0;
  for await (const c of store.list()) {
    if (referenced.has(c.sha256) || now.getTime() - c.storedAt.getTime() < CONTENT_GRACE_MS) continue;
    // Checked again right before removing: a row may have come since the list was read.
    if (await prisma.storedFile.findFirst({ where: { sha256: c.sha256 }, select: { id: true } })) continue;
    await store.remove(c.sha256);
    contents++;
  }
  return { rows: rows.count, contents };
}

/** Nightly at 03:30 (Moscow). */
export const filesCleanupJob = defineJob({
  name: "files-cleanup",
  cron: "30 3 * * *",
  handler: async () => {
    await cleanupFiles();
  },
});

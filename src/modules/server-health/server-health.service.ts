/**
 * «Состояние сервера» for the administrator (issue 20): the versions, how long the process has run,
 * the database's size and its growth (from the backups' sizes, one a night), connections, the job
 * queue, the backups' state, and the last unexpected errors (ServerError: when, where, what kind,
 * the request id — never a message or a URL).
 */
import fs from "node:fs";
import path from "node:path";
import { prisma } from "../../lib/db.ts";
import { queueCounts } from "../../lib/queue.ts";
import { backupList, backupWarnings, backupsEnabled, readStatus } from "../backups/backup.service.ts";
import { replicaStatus } from "../../lib/replica.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const APP_VERSION = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;

export async function serverHealth() {
  const [db] = await prisma.$queryRaw<{ version: string; size: bigint; connections: number; active: number }[]>`
    SELECT current_setting('server_version') AS version, pg_database_size(current_database()) AS size,
           (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS connections,
           (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND state = 'active') AS active`;
  const queues = await queueCounts();
  const errors = await prisma.serverError.findMany({ orderBy: { id: "desc" }, take: 20 });
  const day = await prisma.serverError.count({ where: { at: { gte: new Date(Date.now() - 86_400_000) } } });
  // Growth: the database's size in the oldest and the newest backup of the last weeks (one a night).
  const sizes = backupsEnabled() ? backupList().map((b) => ({ at: b.finishedAt, bytes: b.bytes })) : [];
  const newest = sizes[0];
  const oldest = sizes.at(-1);
  const days = newest && oldest ? (newest.at.getTime() - oldest.at.getTime()) / 86_400_000 : 0;
  return {
    app: APP_VERSION,
    node: process.version,
    postgres: db?.version ?? "?",
    startedAt: new Date(Date.now() - process.uptime() * 1000),
    database: {
      bytes: Number(db?.size ?? 0),
      perDay: days >= 1 && newest && oldest ? (newest.bytes - oldest.bytes) / days : null,
      connections: db?.connections ?? 0,
      active: db?.active ?? 0,
      // This process's view of the read replica (each process checks it itself).
      replica: replicaStatus(),
    },
    queue: {
      waiting: queues.reduce((a, q) => a + q.counts.created + q.counts.retry, 0),
      active: queues.reduce((a, q) => a + q.counts.active, 0),
      failed: queues.reduce((a, q) => a + q.counts.failed, 0),
    },
    backups: { enabled: backupsEnabled(), status: backupsEnabled() ? readStatus() : {}, warnings: backupWarnings() },
    errors: { lastDay: day, list: errors },
  };
}

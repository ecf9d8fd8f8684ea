/**
 * A streaming read replica of the embedded database (issue 20; `npm run replica`, the replica
 * test). PostgreSQL's documented way without pg_basebackup: a copy of the data folder taken
 * between pg_backup_start and pg_backup_stop (the backups' copyDataFolder), its backup_label, a
 * standby.signal and primary_conninfo; the standby then streams the WAL from the primary.
 * A physical replication slot keeps the WAL the replica still needs, capped by
 * max_slot_wal_keep_size so a replica left stopped cannot fill the primary's disk.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureServerFolder, giveToServer, startServerAt, type ServerAt } from "../../lib/embedded-db.ts";
import { copyDataFolder } from "./backup.core.ts";

export const REPLICA_SLOT = "journal_replica";
/** The most WAL the slot may hold back on the primary for a replica that is away. */
const SLOT_WAL_CAP = "2GB";

/** A value in postgresql.conf. */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A value in a libpq connection string. */
const conn = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** True when `dir` holds a replica made by createReplica(). */
export function isReplicaFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, "standby.signal")) && fs.existsSync(path.join(dir, "PG_VERSION"));
}

/**
 * Makes `dir` (absent or empty) a standby of the server at `primaryUrl` (a superuser's connection,
 * as the embedded server's own account is). The primary keeps running and writing meanwhile.
 */
export async function createReplica(o: { primaryUrl: string; dir: string; slot?: string }): Promise<void> {
  const slot = o.slot ?? REPLICA_SLOT;
  if (fs.existsSync(o.dir) && fs.readdirSync(o.dir).length) throw new Error(`папка ${o.dir} не пуста`);
  const client = new pg.Client({ connectionString: o.primaryUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const dataDir = (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    const exists = await client.query("SELECT 1 FROM pg_replication_slots WHERE slot_name = $1", [slot]);
    if (!exists.rowCount) await client.query("SELECT pg_create_physical_replication_slot($1, true)", [slot]);
    await client.query(`ALTER SYSTEM SET max_slot_wal_keep_size = ${quote(SLOT_WAL_CAP)}`);
    await client.query("SELECT pg_reload_conf()");

    await client.query("SELECT pg_backup_start($1, true)", [`journal replica ${slot}`]);
    try {
      await copyDataFolder(dataDir, o.dir);
    } catch (err) {
      await client.query("SELECT pg_backup_stop(false)").catch(() => {});
      throw err;
    }
    // The replica streams the WAL itself: no wait for the archive.
    const stop = (await client.query<{ labelfile: string; spcmapfile: string | null }>("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")).rows[0]!;
    fs.writeFileSync(path.join(o.dir, "backup_label"), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) fs.writeFileSync(path.join(o.dir, "tablespace_map"), stop.spcmapfile, { mode: 0o600 });
  } finally {
    await client.end();
  }
  const u = new URL(o.primaryUrl);
  const conninfo = [
    `host=${conn(u.hostname)}`,
    `port=${u.port || 5432}`,
    `user=${conn(decodeURIComponent(u.username))}`,
    `password=${conn(decodeURIComponent(u.password))}`,
    "application_name=journal_replica",
  ].join(" ");
  fs.appendFileSync(
    path.join(o.dir, "postgresql.auto.conf"),
    `\n# read replica (npm run replica)\nprimary_conninfo = ${quote(conninfo)}\nprimary_slot_name = ${quote(slot)}\nhot_standby = on\nhot_standby_feedback = on\n`,
  );
  fs.writeFileSync(path.join(o.dir, "standby.signal"), "");
  fs.chmodSync(o.dir, 0o700);
  giveToServer(o.dir);
  if (!ensureServerFolder(o.dir))
    throw new Error(
      `пользователь postgres, от имени которого под root работает PostgreSQL, не может войти в папку ${o.dir}: откройте ему папки над ней (chmod o+x)`,
    );
}

/** Starts the replica in `dir` on `port` (it streams from the primary named in its settings). */
export function startReplica(dir: string, port: number): Promise<ServerAt> {
  return startServerAt(dir, port, [], { standby: true });
}

/** Drops the replica's slot on the primary (when the replica is removed for good). */
export async function dropReplicaSlot(primaryUrl: string, slot = REPLICA_SLOT): Promise<boolean> {
  const client = new pg.Client({ connectionString: primaryUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const r = await client.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active", [slot]);
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

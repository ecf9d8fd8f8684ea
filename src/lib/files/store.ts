/**
 * The content of uploaded files, addressed by SHA-256 (issue 15): the same content uploaded twice
 * is stored once; the metadata (name, type, size, uploader, school) is the StoredFile row in
 * PostgreSQL, and many rows may point at one content.
 *
 * The store is an interface, so a region can keep files elsewhere. The default is the disk under
 * DATA_DIR/files/ab/cd/<sha256> (two levels of folders keep each folder small). An S3-compatible
 * store (MinIO, Yandex Object Storage, …) would implement FileStore with the key `ab/cd/<sha256>`:
 * put = PutObject (skipped when HeadObject finds the key), get = GetObject's body stream,
 * has = HeadObject, remove = DeleteObject, list = ListObjectsV2 — and be chosen in fileStore()
 * below from a setting such as FILES_S3_URL. Nothing outside this file knows where bytes live.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { config } from "../../config.ts";

export interface FileStore {
  /** Stores the content under its SHA-256 (hex, lower case); storing existing content only refreshes its time. */
  put(sha256: string, data: Buffer): Promise<void>;
  /** The content as a stream; null when there is none. */
  get(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
  /** Removes the content (no error when it is already gone). */
  remove(sha256: string): Promise<void>;
  /** Every stored content with the time it was last put (for the clean-up of unreferenced content). */
  list(): AsyncIterable<{ sha256: string; storedAt: Date }>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(data: Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function assertKey(sha256: string): void {
  // The key becomes a path: nothing but 64 hex digits may reach the file system.
  if (!SHA256.test(sha256)) throw new Error(`Неверный ключ файла: ${sha256.slice(0, 80)}`);
}

/** Files on a local disk: <root>/ab/cd/<sha256>, written to a temporary file and renamed into place. */
export class DiskFileStore implements FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    assertKey(sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, data: Buffer): Promise<void> {
    const target = this.pathOf(sha256);
    if (sha256Of(data) !== sha256) throw new Error("Содержимое файла не совпадает с его SHA-256");
    const now = new Date();
    try {
      await fs.promises.utimes(target, now, now); // already stored: mark it as just used (the clean-up's grace period)
      return;
    } catch {
      // not stored yet
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // A temporary name in the same folder, then an atomic rename: a reader never sees half a file,
    // and two uploads of the same content at once both end with the same complete file.
    const tmp = path.join(path.dirname(target), `.tmp-${sha256.slice(0, 8)}-${process.pid}-${crypto.randomBytes(6).toString("hex")}`);
    const handle = await fs.promises.open(tmp, "wx", 0o640);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.promises.rename(tmp, target);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    const p = this.pathOf(sha256);
    try {
      const handle = await fs.promises.open(p, "r");
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.pathOf(sha256), { force: true });
  }

  async *list(): AsyncIterable<{ sha256: string; storedAt: Date }> {
    const dirs = async (p: string) => {
      try {
        return (await fs.promises.readdir(p, { withFileTypes: true })).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)).map((d) => d.name);
      } catch {
        return [];
      }
    };
    for (const a of await dirs(this.root))
      for (const b of await dirs(path.join(this.root, a))) {
        const folder = path.join(this.root, a, b);
        for (const name of await fs.promises.readdir(folder).catch(() => [] as string[])) {
          if (!SHA256.test(name)) continue;
          const stat = await fs.promises.stat(path.join(folder, name)).catch(() => null);
          if (stat?.isFile()) yield { sha256: name, storedAt: stat.mtime };
        }
      }
  }
}

let current: FileStore | undefined;

/**
 * The store of this process: the disk under DATA_DIR/files. Tests without a store of their own
 * get a temporary folder, never the developer's data folder.
 */
export function fileStore(): FileStore {
  if (!current) {
    const cfg = config();
    const root = cfg.isTest ? path.join(os.tmpdir(), `journal-test-files-${process.pid}`) : path.join(cfg.dataDir, "files");
    current = new DiskFileStore(root);
  }
  return current;
}

/** Replaces the store (tests: a temporary folder; a region: an S3-compatible store). */
export function setFileStore(store: FileStore | undefined): void {
  current = store;
}

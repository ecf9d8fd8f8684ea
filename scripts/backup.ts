/**
 * `npm run backup`: a base backup of the embedded database now, then its verification (issue 20).
 * With the application running it backs up the running server; with it stopped, it starts the
 * server for the backup and stops it after. `npm run backup -- --list` lists the backups;
 * `npm run backup -- --verify [id]` verifies one (the newest by default) again.
 * With DATABASE_URL (an external server) the product does not back it up: use pgBackRest or Barman.
 * Exit code: 0 done, 1 failed (with one Russian sentence).
 */
import fs from "node:fs";
import path from "node:path";
import { config } from "../src/config.ts";
import { serverRunningOn, startEmbeddedDb, type EmbeddedDb } from "../src/lib/embedded-db.ts";
import { backupPaths, listBackups, verifyBackup } from "../src/modules/backups/backup.core.ts";
import { backupNow, formatBytes } from "../src/modules/backups/backup.service.ts";

const args = process.argv.slice(2);
const cfg = config();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  if (args.includes("--list")) {
    const list = listBackups(cfg.backupDir);
    if (!list.length) console.log(`Резервных копий нет (папка ${cfg.backupDir}).`);
    for (const m of list)
      console.log(
        `${m.id}  ${formatBytes(m.bytes)} (записано ${formatBytes(m.written)})  ${m.verification ? (m.verification.ok ? "проверена" : `ПРОВЕРКА НЕ ПРОШЛА: ${m.verification.detail}`) : "не проверена"}`,
      );
    return;
  }
  if (args.includes("--verify")) {
    const id = args[args.indexOf("--verify") + 1];
    const m = listBackups(cfg.backupDir).find((b) => !id || id.startsWith("--") || b.id === id);
    if (!m) fail(`Нет резервной копии ${id ?? ""} в ${cfg.backupDir}.`);
    console.log(`Проверка копии ${m.id}: восстановление во временную папку ...`);
    const v = await verifyBackup(cfg.backupDir, m);
    console.log(v.ok ? `Проверка прошла за ${(v.ms / 1000).toFixed(1)} с: ${v.detail}.` : `ПРОВЕРКА НЕ ПРОШЛА: ${v.detail}`);
    process.exitCode = v.ok ? 0 : 1;
    return;
  }
  if (cfg.databaseUrl)
    fail(
      "Задан DATABASE_URL: база внешняя, и её резервные копии делает её сервер (pgBackRest или Barman, см. README, раздел «Резервные копии»). Команда копирует только встроенную базу.",
    );
  const pgDir = path.join(cfg.dataDir, "pg");
  let started: EmbeddedDb | undefined;
  let url = `postgresql://journal:journal@localhost:${cfg.embeddedPgPort}/journal`;
  if (!fs.existsSync(pgDir) || !serverRunningOn(fs.realpathSync(pgDir))) {
    if (!fs.existsSync(pgDir)) fail(`В ${cfg.dataDir} нет базы: сначала запустите приложение (npm start).`);
    started = await startEmbeddedDb({ dataDir: cfg.dataDir, port: cfg.embeddedPgPort, persistent: true, archiveDir: backupPaths(cfg.backupDir).wal });
    if (!started.archiving) fail("Архивирование журнала изменений недоступно (см. сообщение выше).");
    url = started.url("journal");
  }
  try {
    console.log(`Резервная копия в ${cfg.backupDir} ...`);
    const { manifest: m, verification: v } = await backupNow(url);
    console.log(
      `Готово: ${m.id}, ${formatBytes(m.bytes)} (записано ${formatBytes(m.written)}, остальное — ссылки на прошлую копию), файлов: ${m.files.length}.`,
    );
    if (cfg.backupCopyDir) console.log(`Копия на втором носителе: ${cfg.backupCopyDir}.`);
    console.log(v.ok ? `Проверка восстановлением прошла: ${v.detail}.` : `ПРОВЕРКА НЕ ПРОШЛА: ${v.detail}`);
    process.exitCode = v.ok ? 0 : 1;
  } finally {
    await started?.stop();
  }
}

main().catch((err) => fail(`Резервная копия не сделана: ${err instanceof Error ? err.message : String(err)}`));

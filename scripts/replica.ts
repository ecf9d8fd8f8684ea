/**
 * `npm run replica`: a streaming read replica of the embedded database (issue 20), run in the
 * foreground until Ctrl-C. The first run copies the running application's database into
 * DATA_DIR/replica (the application keeps working meanwhile); later runs start the replica
 * there, and it catches up by itself. Then start the application with the printed
 * DATABASE_REPLICA_URL (or reload it without downtime: kill -HUP <primary process>).
 *   npm run replica -- [--dir <folder>] [--port <port>]
 *   npm run replica -- --remove     the replica's folder and its slot on the primary removed
 * With an external server (DATABASE_URL) make the replica with that server's tools
 * (pg_basebackup -R) and give its address in DATABASE_REPLICA_URL.
 * Exit code: 0 stopped cleanly, 1 failed (with one Russian sentence).
 */
import fs from "node:fs";
import path from "node:path";
import { config } from "../src/config.ts";
import { serverRunningOn } from "../src/lib/embedded-db.ts";
import { createReplica, dropReplicaSlot, isReplicaFolder, startReplica } from "../src/modules/backups/replica.core.ts";

const args = process.argv.slice(2);
const cfg = config();
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  if (cfg.databaseUrl)
    fail(
      "Задан DATABASE_URL: база внешняя. Реплику делают средствами её сервера (pg_basebackup -R), её адрес задают в DATABASE_REPLICA_URL (README, «Реплика для чтения»).",
    );
  const dir = path.resolve(option("--dir") ?? path.join(cfg.dataDir, "replica"));
  const port = Number(option("--port") ?? cfg.embeddedPgPort + 1);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) fail("Порт реплики — целое число от 1024 до 65535.");
  const pgDir = path.join(cfg.dataDir, "pg");
  const primaryRunning = fs.existsSync(pgDir) && serverRunningOn(fs.realpathSync(pgDir));
  const primaryUrl = `postgresql://journal:journal@localhost:${cfg.embeddedPgPort}/journal`;

  if (args.includes("--remove")) {
    if (serverRunningOn(dir)) fail(`Реплика в ${dir} работает: сначала остановите её (Ctrl-C в её окне).`);
    if (primaryRunning)
      console.log((await dropReplicaSlot(primaryUrl)) ? "Слот реплики на основном сервере удалён." : "Слота реплики на основном сервере нет.");
    else console.log("Приложение не запущено: слот реплики удалите позже той же командой при работающем приложении.");
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(`Папка ${dir} удалена.`);
    return;
  }
  if (!primaryRunning) fail("Сначала запустите приложение (npm start): реплика копирует работающую базу и получает от неё изменения.");
  if (serverRunningOn(dir)) fail(`Реплика в ${dir} уже работает.`);
  if (!isReplicaFolder(dir)) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length) fail(`Папка ${dir} не пуста и не похожа на реплику: укажите другую (--dir).`);
    console.log(`Копирование базы в ${dir} ...`);
    const t0 = Date.now();
    await createReplica({ primaryUrl, dir });
    console.log(`Скопировано за ${((Date.now() - t0) / 1000).toFixed(1)} с.`);
  }
  const server = await startReplica(dir, port);
  console.log(`Реплика работает: ${server.url("journal")}`);
  console.log(
    `Запустите приложение с DATABASE_REPLICA_URL=${server.url("journal")} (с настройками в ENV_FILE — впишите туда и перезагрузите без простоя: kill -HUP <номер главного процесса>). Ctrl-C — остановить реплику.`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await server.stop();
  console.log("Реплика остановлена.");
}

main().catch((err) => fail(`Реплика не запущена: ${err instanceof Error ? err.message : String(err)}`));

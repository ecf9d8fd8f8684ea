/**
 * `npm run restore -- <копия|latest> [--time "2026-12-07 14:30"] [--yes]` (issue 20): restores the
 * embedded database of a stopped installation from a backup, to the backup's own moment, to a
 * moment after it (school time, or --time latest: everything archived), and puts back the uploaded
 * files it lists. The replaced data folder is kept beside the new one. Asks for a confirmation
 * unless --yes. Without arguments: the list of backups. Exit code: 0 restored, 1 failed, 2 usage.
 */
import path from "node:path";
import readline from "node:readline/promises";
import { config } from "../src/config.ts";
import { formatDateTime, schoolInstant } from "../src/lib/dates.ts";
import { fileStore } from "../src/lib/files/store.ts";
import { listBackups, restoreInstallation, type RecoveryTarget } from "../src/modules/backups/backup.core.ts";

const args = process.argv.slice(2);
const cfg = config();

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('Использование: npm run restore -- <копия|latest> [--time "2026-12-07 14:30[:00]" | --time latest] [--yes]');
  const list = listBackups(cfg.backupDir);
  console.error(list.length ? `Копии в ${cfg.backupDir}:\n${list.map((m) => `  ${m.id}`).join("\n")}` : `Резервных копий в ${cfg.backupDir} нет.`);
  process.exit(2);
}

function parseTime(text: string): RecoveryTarget {
  if (text === "latest") return { kind: "latest" };
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (m) return { kind: "time", at: schoolInstant(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0)) };
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) usage(`Не понят момент «${text}»: ожидается «2026-12-07 14:30» (время школы) или latest.`);
  return { kind: "time", at };
}

async function main() {
  const which = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--time");
  if (!which) usage();
  if (cfg.databaseUrl) usage("Задан DATABASE_URL: внешнюю базу восстанавливает её сервер (pgBackRest или Barman).");
  const list = listBackups(cfg.backupDir);
  const time = args.includes("--time") ? parseTime(args[args.indexOf("--time") + 1] ?? "") : ({ kind: "backup" } as RecoveryTarget);
  // «latest» with a moment: the newest backup finished before it.
  const m = which === "latest" ? list.find((b) => time.kind !== "time" || new Date(b.finishedAt) <= time.at) : list.find((b) => b.id === which);
  if (!m) usage(`Нет подходящей копии «${which}».`);
  const what =
    time.kind === "backup"
      ? `на момент копии ${m.id}`
      : time.kind === "latest"
        ? `на последний момент в архиве (от копии ${m.id})`
        : `на ${formatDateTime(time.at)} (от копии ${m.id})`;
  if (!args.includes("--yes")) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`База в ${cfg.dataDir} будет восстановлена ${what}; нынешняя останется рядом. Продолжить? Введите «да»: `);
    rl.close();
    if (answer.trim().toLowerCase() !== "да") {
      console.log("Отменено.");
      return;
    }
  }
  const r = await restoreInstallation({ root: cfg.backupDir, id: m.id, pgDir: path.join(cfg.dataDir, "pg"), target: time, store: fileStore() });
  console.log(`Восстановлено ${what}. Возвращено загруженных файлов: ${r.files}. Прежняя база сохранена в ${r.kept}.`);
  console.log("Запустите приложение: npm start.");
}

main().catch((err) => {
  console.error(`Восстановление не выполнено: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

/**
 * The benchmark's report: a Markdown table of the rows under a heading that records the machine, the
 * data and the settings; printed, written to bench/results/latest.md and, with --update-readme, into
 * bench/README.md between its bench:latest markers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { OPTS } from "./env.ts";
import type { Row } from "./measure.ts";
import type { BenchDb } from "./prepare.ts";
import { cpuModel, log, reportDate, writeResult } from "./results.ts";
import type { JournalPick } from "./scenarios/index.ts";
import { ms } from "./stats.ts";

function machine(): string[] {
  return [
    `ядер (nproc): ${os.availableParallelism()}`,
    `процессор: ${cpuModel("неизвестно")}`,
    `Node.js ${process.version}`,
    `память: ${(os.totalmem() / 2 ** 30).toFixed(1)} ГиБ`,
  ];
}

function table(rows: Row[]): string {
  const lines = [
    "| Сценарий | Сервер, одиночный запрос: медиана, мс | Цель | Под нагрузкой: медиана, мс | p95, мс | p99, мс | Запросов/с | Сервер под нагрузкой: медиана, мс | Ошибки |",
    "|---|---:|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of rows) {
    const sc = r.scenario;
    const goal = sc.goal === undefined ? "" : r.serverMedian === undefined ? `< ${sc.goal}` : `< ${sc.goal} ${r.serverMedian < sc.goal ? "✓" : "✗"}`;
    if (r.single) {
      lines.push(`| ${sc.title} | ${ms(r.serverMedian)} | ${goal} | — | ${ms(r.single.p95)} | — | — | — | 0; ${r.single.note} |`);
      continue;
    }
    if (!r.load) {
      lines.push(`| ${sc.title} | ${r.note ?? "—"} | ${goal} | — | — | — | — | — | |`);
      continue;
    }
    const l = r.load;
    const bad = l.non2xx + l.errors + l.timeouts;
    const errors = [bad ? `${bad} из ${l.requests}` : "0", r.note].filter(Boolean).join("; ");
    lines.push(
      `| ${sc.title} | ${ms(r.serverMedian)} | ${goal} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${Math.round(l.rps)} | ${ms(r.loadServerMedian)} | ${errors} |`,
    );
  }
  return lines.join("\n");
}

export interface ReportInfo {
  db: BenchDb;
  pick: JournalPick;
  /** How many cells the mark saves go round. */
  cells: number;
  pgVersion: string | undefined;
  /** The load average before the run. */
  load0: number;
  updateReadme: boolean;
}

export function writeReport(rows: Row[], { db, pick, cells, pgVersion, load0, updateReadme }: ReportInfo): void {
  const c = db.seed.counts;
  const report = [
    `### Замер ${reportDate()} UTC`,
    "",
    `Машина: ${machine().join("; ")}; PostgreSQL ${pgVersion ?? "?"} (встроенная). Средняя загрузка перед замером: ${load0.toFixed(2)}, после: ${os.loadavg()[0]!.toFixed(2)}.`,
    `Данные: крупная школа — ${c.classes ?? "?"} классов, ${c.students ?? "?"} учеников, ${c.lessons} уроков, ${c.marks} отметок, ${c.attendance} записей посещаемости, ${c.finalMarks} итоговых (журнал по ${db.seed.until}; заполнение: школа ${db.seed.schoolSeconds.toFixed(1)} с, журнал ${db.seed.journalSeconds.toFixed(1)} с).`,
    `Журнал замера: ${pick.className}, ${pick.subject}, ${pick.students} учеников × ${pick.lessons} уроков; сохранение отметки — по кругу ${cells} ячеек.`,
    `Одиночные запросы: медиана ${OPTS.samples} последовательных, время внутри сервера. Нагрузка: autocannon, ${OPTS.connections} соединений, ${OPTS.duration} с на сценарий, отдельный процесс.`,
    "",
    table(rows),
    "",
  ].join("\n");
  console.log("\n" + report);
  writeResult("latest.md", report);
  log(`Записано: bench/results/latest.md`);
  if (updateReadme) {
    const readme = path.join(import.meta.dirname, "README.md");
    const text = fs.readFileSync(readme, "utf8");
    const start = "<!-- bench:latest -->";
    const end = "<!-- /bench:latest -->";
    if (text.includes(start) && text.includes(end)) {
      fs.writeFileSync(readme, text.slice(0, text.indexOf(start) + start.length) + "\n" + report + text.slice(text.indexOf(end)));
      log("Обновлено: bench/README.md");
    }
  }
}

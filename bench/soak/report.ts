/** The verdict and the table of `npm run soak` (bench/results/soak.md). */
import os from "node:os";
import type { BenchDb } from "../prepare.ts";
import { cpuModel, reportDate } from "../results.ts";
import { mean, ms as f, percentile } from "../stats.ts";
import type { LoaderResult } from "./loader.ts";
import type { AckCheck } from "./marks.ts";
import type { MemoryGrowth, MemorySample } from "./memory.ts";
import type { SoakOptions } from "./options.ts";
import type { SoakUsers } from "./users.ts";

/** What `--operations` did, in epoch ms. */
export interface OperationsLog {
  t0: number;
  dbStopSeconds: number;
  restartAt?: number;
  restartDoneAt?: number;
  dbStopAt?: number;
  dbBackAt?: number;
}

/** Failures this long after the database is back still count as its stop (the breaker's back-off is at most 2 s). */
const DB_BACK_GRACE_MS = 5000;

export interface SoakRun {
  OPTS: SoakOptions;
  db: BenchDb;
  /** The load average before the run. */
  load0: number;
  users: SoakUsers;
  elapsed: number;
  results: LoaderResult[];
  acks: AckCheck;
  samples: MemorySample[];
  memory: MemoryGrowth;
  ops?: OperationsLog;
}

/** The kinds of failures, counted: "503 × 1200, fetch failed × 3". */
function summarize(whats: string[]): string {
  const counts = new Map<string, number>();
  for (const w of whats) {
    const kind = /: (\d{3})\b/.exec(w)?.[1] ?? w.replace(/^.*?: /, "").slice(0, 40);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} × ${n}`).join(", ") || "—";
}

/** The report's Markdown, whether the run passed, and the first failures. */
export function soakReport({ OPTS, db, load0, users, elapsed, results, acks, samples, memory, ops }: SoakRun): {
  report: string;
  ok: boolean;
  failures: string[];
} {
  const { users: all, nTeachers, nParents, nDeputies } = users;
  const { warmEnd, warmBase, last, heapGrowth, rssGrowth, maxRss, maxHeap } = memory;
  const { ackCount, lost } = acks;
  const latT = results.flatMap((r) => r.latTeacher).sort((a, b) => a - b);
  const latP = results.flatMap((r) => r.latParent).sort((a, b) => a - b);
  const latAll = [...latT, ...latP, ...results.flatMap((r) => r.latDeputy)].sort((a, b) => a - b);
  const reqT = results.reduce((s, r) => s + r.requests.teacher, 0);
  const reqP = results.reduce((s, r) => s + r.requests.parent, 0);
  const latD = results.flatMap((r) => r.latDeputy).sort((a, b) => a - b);
  const reqD = results.reduce((s, r) => s + r.requests.deputy, 0);
  // With --operations, failures while the database is stopped (and a moment after) are expected: 503 at once.
  const log = results.flatMap((r) => r.failureLog);
  const inStop = (at: number) => !!ops?.dbStopAt && at >= ops.dbStopAt && at <= (ops.dbBackAt ?? Infinity) + DB_BACK_GRACE_MS;
  const duringStop = log.filter((x) => inStop(x.at));
  const outside = log.filter((x) => !inStop(x.at));
  const failed = ops ? outside.length : results.reduce((s, r) => s + r.failed, 0);
  const failures = (ops ? outside.map((x) => `${((x.at - ops.t0) / 1000).toFixed(1)} с: ${x.what}`) : results.flatMap((r) => r.failures)).slice(0, 20);
  const stopSlow = duringStop.filter((x) => x.ms > 1000).length;
  const sec = (at?: number) => (at && ops ? `${((at - ops.t0) / 1000).toFixed(0)} с` : "—");

  // The heap's saw-tooth spans tens of seconds: a shorter run reports memory but is not judged on it.
  const memJudged = OPTS.seconds >= 120;
  const memNote = memJudged ? "" : " (прогон короче 2 минут: не оценивается)";
  const ok = failed === 0 && lost.length === 0 && (!memJudged || (heapGrowth <= OPTS.heapBoundMb && rssGrowth <= OPTS.rssBoundMb));
  const report = [
    `### Нагрузочный прогон (soak) ${reportDate()} UTC`,
    "",
    `Машина: ядер ${os.availableParallelism()}, ${cpuModel("?")}, Node.js ${process.version}, память ${(os.totalmem() / 2 ** 30).toFixed(1)} ГиБ; средняя загрузка перед прогоном ${load0.toFixed(2)}, после ${os.loadavg()[0]!.toFixed(2)}.`,
    `Данные: крупная школа (${db.seed.counts.students ?? "?"} учеников, ${db.seed.counts.marks ?? "?"} отметок). Приложение: ${ops ? `\`src/server.ts\` с ${OPTS.workers} рабочими процессами (WEB_CONCURRENCY), память — сумма рабочих процессов по их /metrics` : "один процесс"}, NODE_ENV=production, 127.0.0.1.`,
    `Пользователи: ${all.length} одновременно — ${nTeachers} учителей сохраняют отметки (${users.teacherAccounts} разных учётных записей, ${users.cells} ячеек в уроках окна редактирования), ${nParents} родителей читают ${ops ? "неделю дневника, оценки и сообщения" : "неделю дневника"} своих детей${nDeputies ? `, ${nDeputies} заместителей открывают отчёты (сводные ведомости классов в PDF, проверку журналов школы за месяц; пауза вдесятеро дольше)` : ""}; каждый — замкнутый цикл «запрос → ответ → пауза 0…${2 * OPTS.thinkMs} мс».`,
    ...(ops
      ? [
          `События: SIGHUP (смена рабочих процессов по одному) на ${sec(ops.restartAt)}, закончена на ${sec(ops.restartDoneAt)}; база данных остановлена на ${sec(ops.dbStopAt)} на ${ops.dbStopSeconds} с, снова работает с ${sec(ops.dbBackAt)}.`,
        ]
      : []),
    "",
    "| Показатель | Значение |",
    "|---|---|",
    `| Длительность | ${elapsed.toFixed(0)} с |`,
    `| Запросов всего | ${reqT + reqP + reqD} (${((reqT + reqP + reqD) / elapsed).toFixed(0)} в секунду) |`,
    `| — сохранение отметки POST /journal/lessons/:id/marks | ${reqT}: p50 ${f(percentile(latT, 50))} мс, p95 ${f(percentile(latT, 95))} мс, p99 ${f(percentile(latT, 99))} мс |`,
    `| — неделя дневника GET /diary/:studentId/week | ${reqP}: p50 ${f(percentile(latP, 50))} мс, p95 ${f(percentile(latP, 95))} мс, p99 ${f(percentile(latP, 99))} мс |`,
    ...(nDeputies
      ? [
          `| — отчёты заместителя (PDF ведомостей, проверка журналов) | ${reqD}: p50 ${f(percentile(latD, 50))} мс, p95 ${f(percentile(latD, 95))} мс, p99 ${f(percentile(latD, 99))} мс |`,
        ]
      : []),
    `| Все запросы: p50 / p95 / макс. | ${f(percentile(latAll, 50))} / ${f(percentile(latAll, 95))} / ${f(latAll.at(-1) ?? NaN)} мс |`,
    `| Неудачных запросов (не 2xx, ошибка сети, тайм-аут ${OPTS.timeoutMs / 1000} с)${ops ? ", кроме остановки базы" : ""} | **${failed}** ${failed === 0 ? "✓" : "✗"} |`,
    ...(ops
      ? [
          `| Неудачных за остановку базы (и ${DB_BACK_GRACE_MS / 1000} с после) | ${duringStop.length}, из них дольше 1 с: ${stopSlow}; ответы: ${summarize(duringStop.map((x) => x.what))} |`,
        ]
      : []),
    `| Подтверждённых сохранений отметок / потеряно | ${ackCount} / **${lost.length}** ${lost.length === 0 ? "✓" : "✗"} (сверено ${acks.checked} ячеек с базой) |`,
    `| Память: heap, среднее за первые ${warmEnd.toFixed(0)} с → за последние ${warmEnd.toFixed(0)} с | ${f(mean(warmBase.map((s) => s.heap)))} → ${f(mean(last.map((s) => s.heap)))} МБ, рост **${f(heapGrowth)} МБ** (граница ${OPTS.heapBoundMb} МБ) ${heapGrowth <= OPTS.heapBoundMb ? "✓" : "✗"}${memNote} |`,
    `| Память: RSS, среднее за первые → за последние ${warmEnd.toFixed(0)} с | ${f(mean(warmBase.map((s) => s.rss)))} → ${f(mean(last.map((s) => s.rss)))} МБ, рост **${f(rssGrowth)} МБ** (граница ${OPTS.rssBoundMb} МБ) ${rssGrowth <= OPTS.rssBoundMb ? "✓" : "✗"}${memNote} |`,
    `| Память: наименьший heap (после сборки мусора) в первую → в последнюю минуту | ${f(Math.min(...warmBase.map((x) => x.heap)))} → ${f(Math.min(...last.map((x) => x.heap)))} МБ |`,
    `| Память: максимум за прогон | RSS ${f(maxRss)} МБ, heap ${f(maxHeap)} МБ |`,
    `| **Итог** | **${ok ? "пройден" : "НЕ пройден"}** |`,
    "",
    `Замеры памяти (каждые 10 с, МБ, RSS/heap): ${samples.map((s) => `${s.t.toFixed(0)} с ${s.rss.toFixed(0)}/${s.heap.toFixed(0)}`).join("; ")}.`,
    "",
  ].join("\n");
  return { report, ok, failures };
}

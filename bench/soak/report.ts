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
}

/** The report's Markdown, whether the run passed, and the first failures. */
export function soakReport({ OPTS, db, load0, users, elapsed, results, acks, samples, memory }: SoakRun): { report: string; ok: boolean; failures: string[] } {
  const { users: all, nTeachers, nParents } = users;
  const { warmEnd, warmBase, last, heapGrowth, rssGrowth, maxRss, maxHeap } = memory;
  const { ackCount, lost } = acks;
  const latT = results.flatMap((r) => r.latTeacher).sort((a, b) => a - b);
  const latP = results.flatMap((r) => r.latParent).sort((a, b) => a - b);
  const latAll = [...latT, ...latP].sort((a, b) => a - b);
  const reqT = results.reduce((s, r) => s + r.requests.teacher, 0);
  const reqP = results.reduce((s, r) => s + r.requests.parent, 0);
  const failed = results.reduce((s, r) => s + r.failed, 0);
  const failures = results.flatMap((r) => r.failures).slice(0, 20);

  // The heap's saw-tooth spans tens of seconds: a shorter run reports memory but is not judged on it.
  const memJudged = OPTS.seconds >= 120;
  const memNote = memJudged ? "" : " (прогон короче 2 минут: не оценивается)";
  const ok = failed === 0 && lost.length === 0 && (!memJudged || (heapGrowth <= OPTS.heapBoundMb && rssGrowth <= OPTS.rssBoundMb));
  const report = [
    `### Нагрузочный прогон (soak) ${reportDate()} UTC`,
    "",
    `Машина: ядер ${os.availableParallelism()}, ${cpuModel("?")}, Node.js ${process.version}, память ${(os.totalmem() / 2 ** 30).toFixed(1)} ГиБ; средняя загрузка перед прогоном ${load0.toFixed(2)}, после ${os.loadavg()[0]!.toFixed(2)}.`,
    `Данные: крупная школа (${db.seed.counts.students ?? "?"} учеников, ${db.seed.counts.marks ?? "?"} отметок). Приложение: один процесс, NODE_ENV=production, 127.0.0.1.`,
    `Пользователи: ${all.length} одновременно — ${nTeachers} учителей сохраняют отметки (${users.teacherAccounts} разных учётных записей, ${users.cells} ячеек в уроках окна редактирования), ${nParents} родителей читают неделю дневника своих детей; каждый — замкнутый цикл «запрос → ответ → пауза 0…${2 * OPTS.thinkMs} мс».`,
    "",
    "| Показатель | Значение |",
    "|---|---|",
    `| Длительность | ${elapsed.toFixed(0)} с |`,
    `| Запросов всего | ${reqT + reqP} (${((reqT + reqP) / elapsed).toFixed(0)} в секунду) |`,
    `| — сохранение отметки POST /journal/lessons/:id/marks | ${reqT}: p50 ${f(percentile(latT, 50))} мс, p95 ${f(percentile(latT, 95))} мс, p99 ${f(percentile(latT, 99))} мс |`,
    `| — неделя дневника GET /diary/:studentId/week | ${reqP}: p50 ${f(percentile(latP, 50))} мс, p95 ${f(percentile(latP, 95))} мс, p99 ${f(percentile(latP, 99))} мс |`,
    `| Все запросы: p50 / p95 / макс. | ${f(percentile(latAll, 50))} / ${f(percentile(latAll, 95))} / ${f(latAll.at(-1) ?? NaN)} мс |`,
    `| Неудачных запросов (не 2xx, ошибка сети, тайм-аут ${OPTS.timeoutMs / 1000} с) | **${failed}** ${failed === 0 ? "✓" : "✗"} |`,
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

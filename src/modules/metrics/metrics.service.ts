/**
 * Prometheus metrics (issue 20, prom-client): request durations per route pattern, the database
 * pool, the job queue, sign-ins by outcome (failures and lockouts among them), the backups' age and
 * verification, and the process's own (CPU, memory, event loop). With several worker processes the
 * primary gathers every worker's figures into one answer (prom-client's AggregatorRegistry): counters
 * and histograms add up; the figures read from the database or the backup folder are taken once.
 */
import cluster from "node:cluster";
import crypto from "node:crypto";
import client from "prom-client";
import { connectionStats, pgPool } from "../../lib/db.ts";
import { replicaStatus } from "../../lib/replica.ts";
import { queueCounts } from "../../lib/queue.ts";
import { backupsEnabled, readStatus } from "../backups/backup.service.ts";

export const registry = client.register;

let started = false;
/** The process's own metrics (CPU, memory, event loop), once per process: at the start, so every worker has them. */
export function startMetrics(): void {
  if (started) return;
  started = true;
  client.collectDefaultMetrics({ register: registry });
  // A worker answers the primary's requests for its figures (prom-client listens once an aggregator exists).
  if (cluster.isWorker) new client.AggregatorRegistry();
}

const httpDuration = new client.Histogram({
  name: "journal_http_request_duration_seconds",
  help: "Время ответа на запрос, по шаблону маршрута, методу и коду ответа",
  labelNames: ["method", "route", "status"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const signIns = new client.Counter({
  name: "journal_sign_ins_total",
  help: "Попытки входа по исходу: ok, wrong-password, wrong-password-locked (блокировка), locked, unknown-login, blocked, consent-revoked (вход закрыт отзывом согласия)",
  labelNames: ["result"] as const,
});

new client.Gauge({
  name: "journal_db_pool_connections",
  help: "Соединения пула с базой: всего, свободных, ожидающих запросов",
  labelNames: ["state"] as const,
  collect() {
    const p = pgPool();
    this.set({ state: "total" }, p.totalCount);
    this.set({ state: "idle" }, p.idleCount);
    this.set({ state: "waiting" }, p.waitingCount);
  },
});

new client.Gauge({
  name: "journal_db_reachable",
  help: "1 — база данных доступна, 0 — последняя попытка соединения не удалась (запросы получают 503 сразу)",
  aggregator: "min",
  collect() {
    this.set(connectionStats().down ? 0 : 1);
  },
});

new client.Counter({
  name: "journal_db_connect_attempts_total",
  help: "Попытки открыть соединение с базой (attempt) и отказы без попытки, пока база недоступна (refused)",
  labelNames: ["kind"] as const,
  collect() {
    const c = connectionStats();
    this.reset();
    this.inc({ kind: "attempt" }, c.attempts);
    this.inc({ kind: "refused" }, c.refused);
  },
});

new client.Gauge({
  name: "journal_replica_usable",
  help: "Реплика для чтения: 1 — используется, 0 — отставлена (отстаёт или не отвечает); нет метрики — реплики нет",
  aggregator: "min",
  collect() {
    this.reset();
    const r = replicaStatus();
    if (r.configured) this.set(r.usable ? 1 : 0);
  },
});

new client.Gauge({
  name: "journal_replica_lag_seconds",
  help: "Отставание реплики от основного сервера, с (по последней проверке)",
  aggregator: "max",
  collect() {
    this.reset();
    const r = replicaStatus();
    if (r.configured && r.lagSeconds !== null) this.set(r.lagSeconds);
  },
});

new client.Counter({
  name: "journal_replica_reads_total",
  help: "Страницы для чтения с реплики: replica — прочитаны с неё, primary — с основного сервера (реплика отставлена или браузер только что записывал), fallback — повторены на основном после сбоя реплики",
  labelNames: ["target"] as const,
  collect() {
    this.reset();
    const r = replicaStatus();
    if (!r.configured) return;
    this.inc({ target: "replica" }, r.reads);
    this.inc({ target: "primary" }, r.primaryReads);
    this.inc({ target: "fallback" }, r.fallbacks);
  },
});

new client.Gauge({
  name: "journal_jobs",
  help: "Задания фоновой очереди по очереди и состоянию (created — ждут, retry — ждут повтора, failed — не удались)",
  labelNames: ["queue", "state"] as const,
  aggregator: "first",
  async collect() {
    this.reset();
    for (const q of await queueCounts().catch(() => [])) for (const [state, n] of Object.entries(q.counts)) this.set({ queue: q.name, state }, n);
  },
});

new client.Gauge({
  name: "journal_backup_age_seconds",
  help: "Сколько секунд назад закончена последняя резервная копия (нет метрики — копирование выключено или копий нет)",
  aggregator: "first",
  collect() {
    this.reset();
    const last = backupsEnabled() ? readStatus().last : undefined;
    if (last) this.set((Date.now() - new Date(last.finishedAt).getTime()) / 1000);
  },
});

new client.Gauge({
  name: "journal_backup_verification_ok",
  help: "1 — последняя проверка резервной копии прошла, 0 — не прошла",
  aggregator: "first",
  collect() {
    this.reset();
    const v = backupsEnabled() ? readStatus().lastVerification : undefined;
    if (v) this.set(v.ok ? 1 : 0);
  },
});

export function observeRequest(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: String(status) }, seconds);
}

export function countSignIn(result: string): void {
  signIns.inc({ result });
}

// ---------------------------------------------------------------- the cluster

const ASK = "journal:metrics";

/** In the primary: answers the workers' requests for the whole cluster's metrics. */
export function serveClusterMetrics(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, msg: { type?: string; id?: string }) => {
    if (msg?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ASK, id: msg.id, text }),
      (err: unknown) => worker.send({ type: ASK, id: msg.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

/** The metrics in Prometheus's text format: this process's, or the whole cluster's through the primary. */
export async function metricsText(): Promise<string> {
  startMetrics();
  if (!cluster.isWorker || !process.send) return registry.metrics();
  const id = crypto.randomUUID();
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => (process.off("message", onMessage), reject(new Error("нет ответа главного процесса"))), 5000);
    const onMessage = (msg: { type?: string; id?: string; text?: string; error?: string }) => {
      if (msg?.type !== ASK || msg.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (msg.error !== undefined) reject(new Error(msg.error));
      else resolve(msg.text ?? "");
    };
    process.on("message", onMessage);
    process.send!({ type: ASK, id });
  });
}

export const METRICS_CONTENT_TYPE = registry.contentType;

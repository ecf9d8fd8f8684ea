/**
 * The load generator of the benchmark, in its own process so it does not share
 * the server's event loop: bench/run.ts forks it, sends one scenario, gets the
 * figures back. autocannon against 127.0.0.1 only, bounded by the duration.
 */
import autocannon from "autocannon";
import { percentile } from "./stats.ts";

export interface LoadJob {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  durationSec: number;
  connections: number;
  /** For POST scenarios: bodies rotate over these cells, each request a real change. */
  cells?: { path: string; body: Record<string, unknown>; value: number }[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const target = new URL(job.url);
  if (target.hostname !== "127.0.0.1") throw new Error(`Нагрузка разрешена только на 127.0.0.1, а не на ${target.hostname}`);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const cells = job.cells;
  const requests = cells?.length
    ? [
        {
          setupRequest: (req: autocannon.Request) => {
            const k = next++;
            const cell = cells[k % cells.length]!;
            // The first visit writes the cell's value, the next one flips it (5 ↔ 4), and so on.
            const round = Math.floor(k / cells.length);
            const value = round % 2 === 0 ? cell.value : cell.value === 5 ? 4 : 5;
            return { ...req, path: cell.path, body: JSON.stringify({ ...cell.body, value }) };
          },
        },
      ]
    : undefined;
  const started = performance.now();
  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: job.url,
        method: job.method,
        headers: job.headers,
        connections: job.connections,
        duration: job.durationSec,
        timeout: 10,
        ...(requests ? { requests } : {}),
      },
      (err: unknown, res) => (err ? reject(err instanceof Error ? err : new Error("autocannon failed", { cause: err })) : resolve(res)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  void instance;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / Math.max(0.001, result.duration ?? seconds),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

// As a forked child: one job in, one result out.
if (process.send) {
  process.once("message", (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
    );
  });
}

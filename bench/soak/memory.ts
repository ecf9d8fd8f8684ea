/** The app's memory during `npm run soak`: sampled every 10 s in this process, judged by whole minutes. */
import { log } from "../results.ts";
import { mean } from "../stats.ts";

export interface MemorySample {
  /** Seconds since the start of the run. */
  t: number;
  /** RSS and V8 heap used, MB. */
  rss: number;
  heap: number;
}

/** This process's memory, MB. */
export function ownMemory(): Promise<{ rss: number; heap: number }> {
  const m = process.memoryUsage();
  return Promise.resolve({ rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
}

/** The cluster's memory from its /metrics (the workers' RSS and heap added up), MB; null when it does not answer. */
export async function clusterMemory(base: string): Promise<{ rss: number; heap: number } | null> {
  try {
    const text = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
    const rss = value("process_resident_memory_bytes");
    const heap = value("nodejs_heap_size_used_bytes");
    return Number.isFinite(rss) && Number.isFinite(heap) ? { rss: rss / 2 ** 20, heap: heap / 2 ** 20 } : null;
  } catch {
    return null;
  }
}

/** Samples now and every 10 s (logging each); stop() samples once more and returns the seconds since the start. */
export function sampleMemory(read: () => Promise<{ rss: number; heap: number } | null> = ownMemory): { samples: MemorySample[]; stop: () => Promise<number> } {
  const samples: MemorySample[] = [];
  const t0 = Date.now();
  const sample = async () => {
    const t = (Date.now() - t0) / 1000;
    const m = await read();
    if (m) samples.push({ t, ...m });
    return m;
  };
  void sample();
  const timer = setInterval(() => {
    void sample().then((m) => {
      const s = samples.at(-1);
      if (m && s) log(`  ${s.t.toFixed(0).padStart(4)} с: RSS ${s.rss.toFixed(0)} МБ, heap ${s.heap.toFixed(0)} МБ`);
    });
  }, 10_000);
  return {
    samples,
    stop: async () => {
      clearInterval(timer);
      await sample();
      return (Date.now() - t0) / 1000;
    },
  };
}

/**
 * Growth from the first minute (the warm-up) to the last one, in means of their samples; a run shorter
 * than 3 minutes compares its first and last thirds.
 */
export function memoryGrowth(samples: MemorySample[], seconds: number) {
  const warmEnd = Math.min(60, seconds / 3);
  const warm = samples.filter((s) => s.t > 0 && s.t <= warmEnd + 0.5);
  const warmBase = warm.length ? warm : samples.slice(1, 2);
  // The heap saws up and down between collections (±100 MB at this load): compare whole minutes.
  const last = samples.filter((x) => x.t >= samples.at(-1)!.t - Math.min(60, seconds / 3) - 0.5);
  return {
    warmEnd,
    warmBase,
    last,
    heapGrowth: mean(last.map((s) => s.heap)) - mean(warmBase.map((s) => s.heap)),
    rssGrowth: mean(last.map((s) => s.rss)) - mean(warmBase.map((s) => s.rss)),
    maxRss: Math.max(...samples.map((s) => s.rss)),
    maxHeap: Math.max(...samples.map((s) => s.heap)),
  };
}

export type MemoryGrowth = ReturnType<typeof memoryGrowth>;

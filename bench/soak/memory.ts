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

/** Samples now and every 10 s (logging each); stop() samples once more and returns the seconds since the start. */
export function sampleMemory(): { samples: MemorySample[]; stop: () => number } {
  const samples: MemorySample[] = [];
  const t0 = Date.now();
  const sample = () => {
    const m = process.memoryUsage();
    samples.push({ t: (Date.now() - t0) / 1000, rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20 });
  };
  sample();
  const timer = setInterval(() => {
    sample();
    const s = samples.at(-1)!;
    log(`  ${s.t.toFixed(0).padStart(4)} с: RSS ${s.rss.toFixed(0)} МБ, heap ${s.heap.toFixed(0)} МБ`);
  }, 10_000);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      sample();
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

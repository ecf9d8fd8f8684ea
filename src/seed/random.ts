/**
 * A tiny deterministic PRNG for the seed: the same seed gives the same school
 * on every run and every machine (no Math.random anywhere in src/seed).
 */

/** mulberry32: 32-bit state, good enough for test data, fast, and portable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An FNV hash of position keys (a school's seed, a stream number, a row's position): the seed of a
 * generator that does not depend on how many numbers other streams drew before it.
 */
export function hashKeys(...keys: number[]): number {
  let h = 2166136261 >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k & 0xffff), 16777619);
    h = Math.imul(h ^ (k >>> 16), 16777619);
  }
  return h;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error("pick() from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

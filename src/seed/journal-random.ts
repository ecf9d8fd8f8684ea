/**
 * The journal seed's random numbers: generators keyed by positions (load number,
 * lesson number, student number …), never by database id, so the same keys give
 * the same stream whatever order the rows are generated in, and two identical
 * schools get identical data.
 */
import { hashKeys, mulberry32 } from "./random.ts";

/** The first key of every stream of the journal seed. */
export const SEED = 20260901;

/**
 * A generator keyed by positions: mulberry32 from the school seed's
 * src/seed/random.ts, seeded by an FNV hash of the keys.
 */
export function keyedRng(...keys: number[]) {
  const next = mulberry32(hashKeys(...keys));
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
}

export type KeyedRng = ReturnType<typeof keyedRng>;

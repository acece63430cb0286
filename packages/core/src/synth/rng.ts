/**
 * A small seeded pseudo-random generator (mulberry32) and seed derivation. Pure and deterministic: the same seed
 * gives the same sequence on every platform. Not for cryptography.
 */

/** murmur3's 32-bit finaliser: spreads the bits of `h`. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derives a 32-bit seed from a list of integers or strings (e.g. (seed, "case", i)). */
export function deriveSeed(...parts: (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    if (typeof p === 'number') {
      const lo = p >>> 0;
      const hi = Math.floor(p / 0x100000000) >>> 0;
      h = fmix32(h ^ lo) ^ Math.imul(hi + 0x7f4a7c15, 0x27d4eb2d);
      h = fmix32(h);
    } else {
      for (let i = 0; i < p.length; i++) h = fmix32(h ^ p.charCodeAt(i)) + 0x165667b1;
      h = fmix32(h ^ p.length);
    }
  }
  return h >>> 0;
}

/** Seeded random numbers. */
export class Rng {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  /** uniform in [0, 1) */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)] as T;
  }
  /** picks by weights: `[[value, weight], ...]` */
  weighted<T>(a: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of a) total += w;
    let x = this.next() * total;
    for (const [v, w] of a) {
      if (x < w) return v;
      x -= w;
    }
    return a[a.length - 1]![0];
  }
}

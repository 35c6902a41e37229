/**
 * The seeded random source the simulator's prompt library and the classifiers' training-data
 * generators draw from. Each has its own generator behind it (their streams must stay as they are,
 * so that seeds keep giving the same bytes and the same models); this is the contract they share.
 */

/** A deterministic random source: every draw goes through it, so that a seed fixes the output. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An independent child stream, derived from this one's seed and a label (stable across runs). */
  fork(label: string): Rng;
}

/** CPU time of a synchronous piece of work, for the stage benches (scan-parts, classify-parts). */

/** CPU microseconds (user + system) of the fastest of `rounds` runs of `fn`: the least disturbed by other load. */
export function bestCpuMicros(fn: () => void, rounds: number): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, used.user + used.system);
  }
  return best;
}

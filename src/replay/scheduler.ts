/**
 * Sends timed items at their scenario time, sped up: the item at scenario time t is due at wall
 * time start + (t − t0) / speed. Items are pulled from the source one at a time, so memory holds
 * only the items in flight (at most `concurrency`), whatever the length of the input. Sends start
 * in input order even when the schedule falls behind; how far behind is reported as lag.
 */

/** How fast to replay: a speed-up factor, or `'max'` for as fast as the concurrency allows. */
export type Speed = number | 'max';

/** Time source, injectable so that tests can run the schedule on a fake clock. */
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock (performance.now is monotonic, unlike Date.now). */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** Wall time (same unit as `startWall`) at which the item of scenario time `time` is due. */
export function dueAt(startWall: number, firstTime: number, time: number, speed: Speed): number {
  if (speed === 'max') return -Infinity;
  return startWall + (time - firstTime) / speed;
}

export interface ScheduleOptions {
  speed: Speed;
  /** Most sends in flight at once (≥ 1). */
  concurrency: number;
  /** Stops dispatching; sends in flight are waited for (abort them through their own signal). */
  signal?: AbortSignal;
  clock?: Clock;
}

/** What the schedule does with each item, in two steps. */
export interface ScheduleHooks<T, P> {
  /**
   * Awaited in input order before the item is sent (for example, issuing an account's first key),
   * so that sends start in input order. Returns undefined to skip the item.
   */
  prepare(item: T): Promise<P | undefined>;
  /** Sends one prepared item; runs concurrently. A rejection is fatal: dispatching stops and the schedule rethrows it. */
  send(prepared: P, info: DispatchInfo): Promise<void>;
  /** Called as each send starts. */
  onDispatch?(info: DispatchInfo): void;
}

export interface DispatchInfo {
  /** Scenario time of the item (ms). */
  time: number;
  /** How late the send started against the schedule (ms, ≥ 0). */
  lagMs: number;
}

export interface ScheduleResult {
  /** Items read from the source. */
  read: number;
  /** Items sent (read minus skipped). */
  dispatched: number;
  /** Largest lag of a send (ms). */
  maxLagMs: number;
  /** Scenario time of the first and last item read (ms; NaN when none). */
  firstTime: number;
  lastTime: number;
  /** True when stopped by the signal before the source ended. */
  aborted: boolean;
}

/**
 * Runs the schedule over `source` (items in non-decreasing `time`) until the source ends, the
 * signal aborts, or a send fails fatally; resolves when every started send has settled.
 */
export async function runSchedule<T extends { time: number }, P>(
  source: AsyncIterable<T>,
  options: ScheduleOptions,
  hooks: ScheduleHooks<T, P>,
): Promise<ScheduleResult> {
  const clock = options.clock ?? systemClock;
  if (!(options.concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${options.concurrency}`);
  if (options.speed !== 'max' && !(options.speed > 0)) throw new RangeError(`speed must be positive or 'max', got ${options.speed}`);
  const inFlight = new Set<Promise<void>>();
  const result: ScheduleResult = { read: 0, dispatched: 0, maxLagMs: 0, firstTime: NaN, lastTime: NaN, aborted: false };
  let failure: { error: unknown } | undefined;
  let startWall = 0;

  const stopped = (): boolean => failure !== undefined || options.signal?.aborted === true;

  try {
    for await (const item of source) {
      if (stopped()) break;
      const first = result.read === 0;
      result.read += 1;
      result.lastTime = item.time;
      let due: number;
      let prepared: P | undefined;
      if (first) {
        result.firstTime = item.time;
        // The clock starts once the first item is ready, so that one-off set-up (the first key)
        // does not put the whole schedule behind from the start.
        prepared = await hooks.prepare(item);
        startWall = clock.now();
        due = startWall;
      } else {
        due = dueAt(startWall, result.firstTime, item.time, options.speed);
        const wait = due - clock.now();
        if (wait > 0) await clock.sleep(wait, options.signal);
        while (inFlight.size >= options.concurrency && !stopped()) await Promise.race(inFlight);
        if (stopped()) break;
        prepared = await hooks.prepare(item);
      }
      if (prepared === undefined) continue;
      if (stopped()) break;
      const info: DispatchInfo = { time: item.time, lagMs: Math.max(0, clock.now() - due) };
      result.maxLagMs = Math.max(result.maxLagMs, info.lagMs);
      result.dispatched += 1;
      hooks.onDispatch?.(info);
      const task: Promise<void> = hooks.send(prepared, info)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    }
  } finally {
    // settle every started send, even when the source or a hook threw
    await Promise.all(inFlight);
  }
  result.aborted = options.signal?.aborted === true;
  if (failure) throw failure.error;
  return result;
}

/**
 * A shard: the accounts whose index ≡ shard (mod shards), merged by their own heap into a time-ordered
 * stream of serialised exchanges, handed out in batches of UTF-8 bytes with per-line times, account
 * indexes and end offsets. The engine runs one shard in-process or several in worker threads and
 * merges their batches by (time, account index), the same total order a single heap uses, so the
 * output does not depend on the number of shards.
 */
import { pathToFileURL } from 'node:url';
import { AccountPlanner } from './accounts.js';
import { Actor, SimContext } from './actor.js';
import { EventHeap } from './heap.js';
import type { TextKit } from './random.js';
import type { Scenario } from './scenario.js';
import { serializeExchange, StringCache } from './serialize.js';
import type { PromptLibrary, Rng } from './text/types.js';

/** Lines of one batch: `bytes[ends[i-1] .. ends[i])` is line i (newline included). */
export interface ShardBatch {
  count: number;
  times: Float64Array;
  indexes: Int32Array;
  ends: Uint32Array;
  bytes: Uint8Array;
}

/** Batch limits: big enough to amortise messaging, small enough to bound memory. */
export const BATCH_BYTES = 4 << 20;
export const BATCH_LINES = 8192;

/** What a text module must export (src/simulate/text/index.ts does). */
interface TextModule {
  createPromptLibrary(): PromptLibrary;
  createRng(seed: number): Rng;
}

/** The default text module: the prompt library beside this file (`.ts` under tsx, `.js` when built). */
export function defaultTextModule(): string {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./text/index${ext}`, import.meta.url).href;
}

/** Loads a text kit from a module URL or path. */
export async function loadTextKit(module: string): Promise<TextKit> {
  const url = /^[a-z]+:/i.test(module) ? module : pathToFileURL(module).href;
  const mod = (await import(url)) as TextModule;
  return { library: mod.createPromptLibrary(), createRng: (seed: number) => mod.createRng(seed) };
}

/** Generates one shard's exchanges in order. */
export class ShardGenerator {
  /** Exchanges per population so far. */
  readonly byPopulation: number[];
  private readonly actors: Actor[] = [];
  private readonly heap: EventHeap;
  private readonly encoder = new TextEncoder();
  private readonly strings = new StringCache();
  private pending: { line: string; time: number; index: number } | undefined;

  constructor(readonly scenario: Scenario, seed: number, kit: TextKit, shard: number, shards: number, idSalt = 0) {
    const planner = new AccountPlanner(scenario, seed, kit, idSalt);
    const ctx = new SimContext(scenario, planner);
    this.byPopulation = scenario.populations.map(() => 0);
    this.heap = new EventHeap(Math.ceil(planner.total / shards));
    for (let i = shard; i < planner.total; i += shards) {
      const actor = new Actor(planner.plan(i, false), ctx);
      const slot = this.actors.length;
      this.actors.push(actor);
      if (actor.next !== Infinity) this.heap.push(slot, actor.next);
    }
  }

  /** The next batch, or undefined when the shard is done. */
  nextBatch(): ShardBatch | undefined {
    if (this.heap.size === 0 && !this.pending) return undefined;
    const times = new Float64Array(BATCH_LINES);
    const indexes = new Int32Array(BATCH_LINES);
    const ends = new Uint32Array(BATCH_LINES);
    let bytes = new Uint8Array(BATCH_BYTES);
    let count = 0;
    let pos = 0;
    const put = (line: string, time: number, index: number): boolean => {
      // the line and its newline are written separately: no concatenated copy of the line is made
      const { read, written } = this.encoder.encodeInto(line, bytes.subarray(pos, bytes.length - 1));
      if (read! < line.length) {
        if (count > 0) return false;
        // a single line larger than a batch: give it a buffer of its own
        bytes = this.encoder.encode(`${line}\n`);
        pos = bytes.length;
      } else {
        pos += written!;
        bytes[pos++] = 0x0a;
      }
      times[count] = time;
      indexes[count] = index;
      ends[count] = pos;
      count++;
      return true;
    };
    if (this.pending) {
      put(this.pending.line, this.pending.time, this.pending.index);
      this.pending = undefined;
    }
    while (count < BATCH_LINES && this.heap.size > 0) {
      const slot = this.heap.peek();
      const actor = this.actors[slot]!;
      const time = actor.next;
      const line = serializeExchange(actor.emit(), this.strings);
      this.byPopulation[actor.plan.pop.index]!++;
      if (actor.next === Infinity) this.heap.pop();
      else this.heap.replaceTop(actor.next);
      if (!put(line, time, actor.plan.index)) {
        this.pending = { line, time, index: actor.plan.index };
        break;
      }
    }
    return { count, times, indexes, ends, bytes: bytes.length === pos ? bytes : bytes.subarray(0, pos) };
  }
}

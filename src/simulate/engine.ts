/**
 * The simulation engine: plans every account, writes accounts.jsonl and labels.jsonl, then merges
 * the actors' request streams through a min-heap into exchanges.jsonl in exact time order.
 *
 * Generation runs in worker threads (one shard of the accounts each, see shard.ts) or in-process.
 * Memory holds the accounts (plans, actors, open conversations) and one output chunk, never the
 * exchanges: each is serialised as soon as it is produced and the write stream's backpressure
 * stops the loop when the disk falls behind. Files are written under temporary names and renamed
 * when complete, so a crash never leaves a truncated file under a final name.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../util/module-worker.js';
import { openRecordWriter } from '../records/writer.js';
import type { AccountRecord, LabelRecord } from '../records/types.js';
import { AccountPlanner } from './accounts.js';
import { SILENT_PROGRESS, type ProgressSink } from './progress.js';
import type { Scenario } from './scenario.js';
import { defaultTextModule, loadTextKit, ShardGenerator, type ShardBatch } from './shard.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

/** Inputs of a run. */
export interface SimulationOptions {
  scenario: Scenario;
  seed: number;
  /** Output folder (created if missing). */
  outDir: string;
  /** Module exporting `createPromptLibrary` and `createRng` (default: src/simulate/text). */
  textModule?: string;
  /** Generator threads: 1 = in this thread; default: 2 when the machine has two cores or more. */
  workers?: number;
  progress?: ProgressSink;
  /**
   * Changes account and key ids and nothing else (default 0): the same attackers and customers as
   * another provider would see them.
   */
  idSalt?: number;
}

/** Outcome of a run. */
export interface SimulationSummary {
  accounts: number;
  exchanges: number;
  /** Bytes of exchanges.jsonl. */
  exchangeBytes: number;
  /** Exchanges per population, in scenario order. */
  exchangesByPopulation: number[];
  elapsedMs: number;
  workers: number;
}

/** Output buffer: large writes keep syscalls and stream bookkeeping negligible. */
const OUT_BYTES = 8 << 20;
/** Batches a worker may have in flight (memory bound: credits × BATCH_BYTES per worker). */
const CREDITS = 3;

function tempName(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/** Writes accounts.jsonl (by sign-up time, like a sign-up table) and labels.jsonl (by account id). */
async function writeAccounts(outDir: string, planner: AccountPlanner): Promise<void> {
  const accounts: AccountRecord[] = [];
  const labels: LabelRecord[] = [];
  for (let i = 0; i < planner.total; i++) {
    const { account, label } = planner.plan(i);
    accounts.push(account!);
    labels.push(label!);
  }
  accounts.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.account_id < b.account_id ? -1 : 1));
  labels.sort((a, b) => (a.account_id < b.account_id ? -1 : 1));
  const accountWriter = await openRecordWriter(join(outDir, 'accounts.jsonl'), { kind: 'account' });
  try {
    for (const a of accounts) await accountWriter.write(a);
  } finally {
    await accountWriter.close();
  }
  const labelWriter = await openRecordWriter(join(outDir, 'labels.jsonl'), { kind: 'label' });
  try {
    for (const l of labels) await labelWriter.write(l);
  } finally {
    await labelWriter.close();
  }
}

/** A buffered output file written under a temporary name, renamed into place by `commit`. */
class OutputFile {
  private readonly stream: WriteStream;
  private buffer = Buffer.allocUnsafe(OUT_BYTES);
  private used = 0;
  private failure: Error | undefined;
  private readonly temp: string;

  constructor(private readonly path: string) {
    this.temp = tempName(path);
    this.stream = createWriteStream(this.temp, { highWaterMark: OUT_BYTES });
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  get bytes(): number {
    return this.stream.bytesWritten + this.stream.writableLength + this.used;
  }

  /** Copies `bytes[start, end)` into the buffer; resolves at once unless the disk is behind. */
  append(bytes: Uint8Array, start: number, end: number): Promise<void> | undefined {
    const length = end - start;
    if (this.used + length > this.buffer.length) {
      const wait = this.flush();
      if (length > this.buffer.length) {
        this.stream.write(Buffer.from(bytes.subarray(start, end)));
        return wait;
      }
      this.buffer.set(bytes.subarray(start, end), this.used);
      this.used += length;
      return wait;
    }
    this.buffer.set(bytes.subarray(start, end), this.used);
    this.used += length;
    return undefined;
  }

  /** Hands the buffer to the stream; resolves when the stream has room again. */
  flush(): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    if (this.used === 0) return undefined;
    const room = this.stream.write(this.buffer.subarray(0, this.used));
    // the stream keeps the written buffer until it is flushed: start a new one
    this.buffer = Buffer.allocUnsafe(OUT_BYTES);
    this.used = 0;
    return room ? undefined : new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async commit(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.failure) throw this.failure;
    await rename(this.temp, this.path);
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await unlink(this.temp).catch(() => undefined);
  }
}

/** One worker's stream of batches, as the merge sees it. */
class Feed {
  batch: ShardBatch | undefined;
  pos = 0;
  readonly queue: ShardBatch[] = [];
  done = false;
  failure: Error | undefined;
  byPopulation: number[] = [];
  private waiter: (() => void) | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'batch') this.queue.push(message);
      else if (message.type === 'done') {
        this.done = true;
        this.byPopulation = message.byPopulation;
      } else {
        this.failure = new Error(`simulation worker failed: ${message.message}`);
        if (message.stack) this.failure.stack = message.stack;
      }
      this.wake();
    });
    worker.on('error', (err) => {
      this.failure ??= err;
      this.wake();
    });
    worker.on('exit', (code) => {
      if (!this.done) this.failure ??= new Error(`simulation worker exited with code ${code}`);
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Makes `batch` current if one is available; waits for the worker otherwise. Returns false when finished. */
  async ready(): Promise<boolean> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.batch) return true;
      const next = this.queue.shift();
      if (next) {
        this.batch = next;
        this.pos = 0;
        return true;
      }
      if (this.done) return false;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** The current batch is used up: drop it and give the worker a credit. */
  consumed(): void {
    this.batch = undefined;
    this.worker.postMessage({ type: 'credit' });
  }
}

/** Starts a worker on worker.js (worker.ts from sources, then without the parent's `--import` flags). */
function startWorker(input: WorkerInput): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  return startModuleWorker(import.meta.url, 'worker', fromSource ? { workerData: input, execArgv: [] } : { workerData: input });
}

/** Merges the workers' batches by (time, account index) into the output. */
async function mergeWorkers(feeds: Feed[], out: OutputFile, onProgress: (time: number, count: number) => void): Promise<number> {
  let count = 0;
  let sinceProgress = 0;
  const live: Feed[] = [];
  for (const f of feeds) if (await f.ready()) live.push(f);
  while (live.length > 0) {
    // the feed whose head comes first
    let best = live[0]!;
    for (let k = 1; k < live.length; k++) {
      const f = live[k]!;
      const a = f.batch!.times[f.pos]!;
      const b = best.batch!.times[best.pos]!;
      if (a < b || (a === b && f.batch!.indexes[f.pos]! < best.batch!.indexes[best.pos]!)) best = f;
    }
    // the head of every other feed bounds how far `best` can run on its own
    let limitTime = Infinity;
    let limitIndex = 0;
    for (const f of live) {
      if (f === best) continue;
      const t = f.batch!.times[f.pos]!;
      const i = f.batch!.indexes[f.pos]!;
      if (t < limitTime || (t === limitTime && i < limitIndex)) {
        limitTime = t;
        limitIndex = i;
      }
    }
    const batch = best.batch!;
    const first = best.pos;
    let pos = first;
    while (pos < batch.count && (batch.times[pos]! < limitTime || (batch.times[pos] === limitTime && batch.indexes[pos]! < limitIndex))) pos++;
    const start = first === 0 ? 0 : batch.ends[first - 1]!;
    const wait = out.append(batch.bytes, start, batch.ends[pos - 1]!);
    count += pos - first;
    sinceProgress += pos - first;
    best.pos = pos;
    if (sinceProgress >= 4096) {
      sinceProgress = 0;
      onProgress(batch.times[pos - 1]!, count);
    }
    if (pos === batch.count) {
      best.consumed();
      if (!(await best.ready())) live.splice(live.indexOf(best), 1);
    }
    if (wait) await wait;
  }
  return count;
}

/** Runs one shard in this thread. */
async function runInProcess(shard: ShardGenerator, out: OutputFile, onProgress: (time: number, count: number) => void): Promise<number> {
  let count = 0;
  for (let batch = shard.nextBatch(); batch; batch = shard.nextBatch()) {
    const wait = out.append(batch.bytes, 0, batch.ends[batch.count - 1]!);
    count += batch.count;
    onProgress(batch.times[batch.count - 1]!, count);
    if (wait) await wait;
  }
  return count;
}

/**
 * Default worker count: two generator threads (the merge in this thread is light: under a tenth of
 * the CPU time). The output does not depend on it (every prompt-library call is a function of its
 * Rng alone, see CallState in text/template.ts, and simulate.test.ts checks 1 against 3 threads); it
 * stays a constant so that runs on different machines also cost the same.
 */
export function defaultWorkers(): number {
  return 2;
}

/**
 * Runs a scenario: `outDir/exchanges.jsonl`, `accounts.jsonl` and `labels.jsonl` (spec v1). The same
 * scenario and seed always give byte-identical files, whatever the number of workers.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const started = performance.now();
  const { scenario, seed, outDir } = options;
  const progress = options.progress ?? SILENT_PROGRESS;
  const textModule = options.textModule ?? defaultTextModule();
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  await mkdir(outDir, { recursive: true });

  const kit = await loadTextKit(textModule);
  const idSalt = options.idSalt ?? 0;
  const planner = new AccountPlanner(scenario, seed, kit, idSalt);
  const span = scenario.end - scenario.start;
  const onProgress = (time: number, count: number): void => progress.update((time - scenario.start) / span, count);

  const out = new OutputFile(join(outDir, 'exchanges.jsonl'));
  const feeds: Feed[] = [];
  let count: number;
  let byPopulation: number[];
  try {
    if (workers > 1) {
      for (let shard = 0; shard < workers; shard++) {
        feeds.push(new Feed(startWorker({ scenario, seed, shard, shards: workers, textModule, credits: CREDITS, idSalt })));
      }
      // the accounts are written while the workers start generating
      await writeAccounts(outDir, planner);
      count = await mergeWorkers(feeds, out, onProgress);
      byPopulation = scenario.populations.map((_, p) => feeds.reduce((s, f) => s + (f.byPopulation[p] ?? 0), 0));
    } else {
      await writeAccounts(outDir, planner);
      const shard = new ShardGenerator(scenario, seed, kit, 0, 1, idSalt);
      count = await runInProcess(shard, out, onProgress);
      byPopulation = shard.byPopulation;
    }
    await out.commit();
  } catch (err) {
    await out.discard();
    throw err;
  } finally {
    await Promise.all(feeds.map((f) => f.worker.terminate()));
  }
  progress.done(count, out.bytes);
  return {
    accounts: planner.total,
    exchanges: count,
    exchangeBytes: out.bytes,
    exchangesByPopulation: byPopulation,
    elapsedMs: performance.now() - started,
    workers,
  };
}

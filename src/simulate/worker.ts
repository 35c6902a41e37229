/**
 * Worker thread entry: runs one shard and posts its batches to the engine, at most `credits` ahead
 * of what the engine has consumed (bounded memory; the engine returns a credit per batch it used).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from './scenario.js';
import { loadTextKit, ShardGenerator } from './shard.js';

/** What the engine passes to a worker. */
export interface WorkerInput {
  scenario: Scenario;
  seed: number;
  shard: number;
  shards: number;
  textModule: string;
  credits: number;
  /** Changes account and key ids only (SimulationOptions.idSalt). */
  idSalt?: number;
}

/** Messages from a worker to the engine. */
export type WorkerMessage =
  | { type: 'batch'; count: number; times: Float64Array; indexes: Int32Array; ends: Uint32Array; bytes: Uint8Array }
  | { type: 'done'; byPopulation: number[] }
  | { type: 'error'; message: string; stack?: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const input = workerData as WorkerInput;
  let credits = input.credits;
  let wake: (() => void) | undefined;
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'credit') return;
    credits++;
    wake?.();
  });
  try {
    const kit = await loadTextKit(input.textModule);
    const shard = new ShardGenerator(input.scenario, input.seed, kit, input.shard, input.shards, input.idSalt ?? 0);
    for (;;) {
      while (credits <= 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const batch = shard.nextBatch();
      if (!batch) break;
      credits--;
      const message: WorkerMessage = { type: 'batch', ...batch };
      port.postMessage(message, [batch.times.buffer, batch.indexes.buffer, batch.ends.buffer, batch.bytes.buffer] as ArrayBuffer[]);
    }
    const done: WorkerMessage = { type: 'done', byPopulation: shard.byPopulation };
    port.postMessage(done);
  } catch (err) {
    const error: WorkerMessage = { type: 'error', message: (err as Error).message, ...((err as Error).stack ? { stack: (err as Error).stack! } : {}) };
    port.postMessage(error);
  }
  port.close();
}

void main();

/**
 * `distillguard scan`: the online engine over a file of exchanges, in time order, with no
 * look-ahead. Writes the spec v1 scan output: DIR/accounts.jsonl (every account that appears in the
 * exchanges) and DIR/campaigns.jsonl.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { ProgressReporter, type ProgressSink } from '../eval/progress.js';
import { readProjectedBatches, readRecordBatches } from '../records/reader.js';
import { formatTimestamp, type AccountVerdictRecord } from '../records/types.js';
import { openRecordWriter } from '../records/writer.js';
import { DetectionEngine } from './engine.js';
import { observedExchange } from './observed.js';
import type { DetectionConfig, PromptScorer } from './types.js';

export interface ScanOptions {
  exchanges: string;
  accounts?: string;
  outDir: string;
  scorer: PromptScorer;
  config?: Partial<DetectionConfig>;
  /** Progress on this sink (stderr), none when absent. */
  progress?: ProgressSink;
  /** Validate every exchange against spec v1 (default true). */
  validate?: boolean;
}

export interface ScanSummary {
  exchanges: number;
  accounts: number;
  flagged: number;
  campaigns: number;
  seconds: number;
  exchangesPerSecond: number;
}

const SIZES_EVERY = 1_000_000;

function writeSizes(engine: DetectionEngine, exchanges: number): void {
  const heap = getHeapStatistics();
  const mib = (bytes: number): number => Math.round(bytes / 1048576);
  process.stderr.write(`sizes ${JSON.stringify({ exchanges, heap_used_mib: mib(heap.used_heap_size), heap_total_mib: mib(heap.total_heap_size), external_mib: mib(process.memoryUsage().external), ...engine.memorySizes() })}\n`);
}

/** Runs a scan end to end and writes its output; returns counts. */
export async function scanFiles(options: ScanOptions): Promise<ScanSummary> {
  const started = performance.now();
  const engine = new DetectionEngine(options.scorer, options.config);
  if (options.accounts !== undefined) {
    for await (const batch of readRecordBatches(options.accounts, { kind: 'account', validate: options.validate ?? true })) {
      for (const entry of batch) engine.addAccount(entry.record);
    }
  }
  const progress = options.progress ? new ProgressReporter(options.progress, { noun: 'exchanges', everyRecords: 1_000_000 }) : null;
  let count = 0;
  // The reader holds each record for its 5-minute time window; it keeps only what the engine reads
  // (observed.ts), so the rest of the record (mostly the response text) dies young.
  const read = readProjectedBatches(options.exchanges, { kind: 'exchange', order: 'time', validate: options.validate ?? true }, observedExchange);
  // DISTILLGUARD_SCAN_SIZES=1: a line of the engine's entry counts and the JS heap on stderr every
  // million exchanges (memory diagnostics, docs/PERFORMANCE.md "Memory"); off, it costs one comparison a batch.
  let nextSizes = process.env.DISTILLGUARD_SCAN_SIZES === '1' ? SIZES_EVERY : Infinity;
  for await (const batch of read) {
    // the reader has parsed each record's time already (records/time.ts: exactly Date.parse)
    for (let i = 0; i < batch.length; i++) engine.observeExchange(batch[i]!.record, batch[i]!.time);
    count += batch.length;
    progress?.update(count);
    if (count >= nextSizes) {
      nextSizes += SIZES_EVERY;
      writeSizes(engine, count);
    }
  }
  if (nextSizes !== Infinity) writeSizes(engine, count);
  progress?.done(count);
  const summary = await writeScanOutput(engine, options.outDir);
  const seconds = (performance.now() - started) / 1000;
  return { exchanges: count, ...summary, seconds, exchangesPerSecond: count / seconds };
}

/** Writes an engine's verdicts and campaigns as spec v1 scan output. */
export async function writeScanOutput(engine: DetectionEngine, outDir: string): Promise<{ accounts: number; flagged: number; campaigns: number }> {
  mkdirSync(outDir, { recursive: true });
  const accountsOut = await openRecordWriter(join(outDir, 'accounts.jsonl'), { kind: 'verdict-account' });
  let accounts = 0;
  let flagged = 0;
  for (const verdict of engine.verdicts()) {
    const line: AccountVerdictRecord = {
      account_id: verdict.accountId,
      score: verdict.score,
      flagged: verdict.flagged,
      first_flagged_at: verdict.firstFlaggedAt === null ? null : formatTimestamp(verdict.firstFlaggedAt),
      campaign_id: verdict.campaignId,
      reasons: verdict.reasons,
    };
    await accountsOut.write(line);
    accounts++;
    if (verdict.flagged) flagged++;
  }
  await accountsOut.close();
  const campaignsOut = await openRecordWriter(join(outDir, 'campaigns.jsonl'), { kind: 'verdict-campaign' });
  // one record at a time: each is written (and its line flushed) before the next is built
  let campaigns = 0;
  for (const campaign of engine.campaignRecordStream()) {
    await campaignsOut.write(campaign);
    campaigns++;
  }
  await campaignsOut.close();
  return { accounts, flagged, campaigns };
}

/**
 * `distillguard scan` runs the scan in a worker thread with a larger young generation than node's
 * default: a memory measure, not a parallel one (the main thread only waits).
 *
 * Why: the reader holds every record for the 5-minute time window (records/order.ts). At scan speed
 * that is a fraction of a second, but longer than two collections of node's default young
 * generation (16 MiB semi-spaces), so whatever the window holds was promoted to the old generation,
 * died there, and V8 let the old generation grow to several times the live heap (docs/PERFORMANCE.md,
 * "Memory: grows with accounts"). With semi-spaces of 64 MiB the window's records die young.
 * A worker thread is the one place a program can choose its own heap sizes without the operator
 * passing node flags: `v8.setFlagsFromString('--max-semi-space-size')` has no effect once the
 * main heap is set up (checked on Node 20), while a worker's `resourceLimits` apply to its new heap.
 */
import type { Worker } from 'node:worker_threads';
import type { ScanSummary } from '../detect/scan.js';
import { DistillguardError, isDistillguardError, reviveError } from '../errors.js';
import type { ScanFlags } from './commands/scan.js';
import { startModuleWorker } from '../util/module-worker.js';

/**
 * Young generation of the scan's worker, MiB (V8 splits it into two semi-spaces and a third for
 * promotion bookkeeping: 192 gives 64 MiB semi-spaces). Measured in docs/PERFORMANCE.md.
 */
export const DEFAULT_SCAN_YOUNG_GENERATION_MB = 192;

function spawn(flags: ScanFlags, youngGenerationMb: number): Worker {
  return startModuleWorker(import.meta.url, 'scan-worker', { workerData: flags, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb }, stdout: false, stderr: false });
}

/**
 * Runs `distillguard scan` with `flags` in a worker thread whose young generation is
 * `youngGenerationMb` MiB; resolves with its summary, or rejects with the error that stopped it
 * (a DistillguardError keeps its code, file and line).
 */
export function scanInWorker(flags: ScanFlags, youngGenerationMb: number = DEFAULT_SCAN_YOUNG_GENERATION_MB): Promise<ScanSummary> {
  return new Promise<ScanSummary>((resolve, reject) => {
    const worker = spawn(flags, youngGenerationMb);
    let summary: ScanSummary | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: ScanSummary) => {
      summary = message;
    });
    worker.on('error', (err) => {
      failure = isDistillguardError(err) ? reviveError(err) : err;
    });
    worker.on('exit', (code) => {
      if (summary !== undefined) resolve(summary);
      else reject(failure ?? new DistillguardError('INTERNAL', `the scan's worker thread stopped (exit code ${code}) without a result`));
    });
  });
}

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
import v8 from 'node:v8';
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

/**
 * Old generation limit of the scan's worker, MiB (0: node's default, about a sixth of the machine's
 * memory up to 4 GiB). Below 2,048 MiB V8 also lowers how far it lets the old generation grow past
 * the live heap before a full collection. Measured in docs/PERFORMANCE.md.
 */
export const DEFAULT_SCAN_OLD_GENERATION_MB = 0;

/**
 * How far (percent) V8 lets the scan's old generation grow past its live heap before the next full
 * collection; 0 leaves V8's adaptive factor (up to 4×, i.e. 300 %). Measured in docs/PERFORMANCE.md.
 */
export const DEFAULT_SCAN_HEAP_GROWTH_PERCENT = 0;

/**
 * Sets V8's heap growing factor for every heap of this process (V8 reads it at each full
 * collection, so unlike the semi-space size it applies to a running heap). `distillguard scan` is
 * the only work of its process, so the process-wide flag is its own.
 */
export function setHeapGrowthPercent(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

function spawn(flags: ScanFlags, youngGenerationMb: number, oldGenerationMb: number): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: youngGenerationMb, ...(oldGenerationMb > 0 ? { maxOldGenerationSizeMb: oldGenerationMb } : {}) };
  return startModuleWorker(import.meta.url, 'scan-worker', { workerData: flags, resourceLimits, stdout: false, stderr: false });
}

/**
 * Runs `distillguard scan` with `flags` in a worker thread whose young generation is
 * `youngGenerationMb` MiB and whose old generation is limited to `oldGenerationMb` MiB (0: node's
 * default); resolves with its summary, or rejects with the error that stopped it (a
 * DistillguardError keeps its code, file and line).
 */
export function scanInWorker(flags: ScanFlags, youngGenerationMb: number = DEFAULT_SCAN_YOUNG_GENERATION_MB, oldGenerationMb: number = DEFAULT_SCAN_OLD_GENERATION_MB): Promise<ScanSummary> {
  return new Promise<ScanSummary>((resolve, reject) => {
    const worker = spawn(flags, youngGenerationMb, oldGenerationMb);
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

/**
 * Worker thread entry of `distillguard scan` (scan-thread.ts): runs the scan and posts its summary.
 * An error is left uncaught: it reaches the parent's `error` event as a structured-clone copy with
 * its fields (code, hint, file and line), which scan-thread.ts revives, as the recording worker does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runScan, type ScanFlags } from './commands/scan.js';

parentPort!.postMessage(await runScan(workerData as ScanFlags));

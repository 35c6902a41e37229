/** Worker thread entry of `distillguard scan` (scan-thread.ts): runs the scan and posts the summary or the error. */
import { parentPort, workerData } from 'node:worker_threads';
import { isDistillguardError } from '../errors.js';
import { runScan, type ScanFlags } from './commands/scan.js';
import type { ScanWorkerReply } from './scan-thread.js';

async function main(): Promise<void> {
  let reply: ScanWorkerReply;
  try {
    reply = { type: 'done', summary: await runScan(workerData as ScanFlags) };
  } catch (err) {
    reply = isDistillguardError(err)
      ? { type: 'error', coded: true, code: err.code, message: err.message, ...(err.hint === undefined ? {} : { hint: err.hint }), ...(err.location === undefined ? {} : { location: err.location }), ...(err.details === undefined ? {} : { details: err.details }) }
      : { type: 'error', coded: false, message: (err as Error).message ?? String(err), ...((err as Error).stack === undefined ? {} : { stack: (err as Error).stack }) };
  }
  parentPort!.postMessage(reply);
}

void main();

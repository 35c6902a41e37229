import type { Worker } from 'node:worker_threads';
import type { DetectionUpdate } from '../detect/live.js';
import { isDistillguardError, reviveError } from '../errors.js';
import type { RecordingWorkerData } from './sqlite-writer.worker.js';
import type { RetentionSettings } from '../store/retention.js';
import { applyTextRetention } from '../store/retention.js';
import { serializeExchange } from '../store/sqlite-store.js';
import type { ExchangeSink } from './recorder.js';
import { startModuleWorker } from '../util/module-worker.js';

type Reply = { id: number; ok: true } | { id: number; ok: false; message: string }
  | { detection: DetectionUpdate } | { detectionError: string };

function spawnWorker(workerData: RecordingWorkerData): Worker {
  return startModuleWorker(import.meta.url, 'sqlite-writer.worker', { workerData });
}

/**
 * An ExchangeSink that writes to a SQLite file from a worker thread. The request thread only
 * serialises each record (JSON) and posts the batch; inserts and commits happen in the worker,
 * so they add nothing to request latency. Needs a file: an in-memory database is private to its
 * thread (use `storeSink` for that).
 */
export class SqliteWorkerSink implements ExchangeSink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private readonly detectionListeners: Array<(update: DetectionUpdate) => void> = [];
  private readonly detectionErrorListeners: Array<(message: string) => void> = [];

  private constructor(
    private readonly worker: Worker,
    private readonly retention: Pick<RetentionSettings, 'keepText'>,
    /** With live detection the worker applies retention itself (the engine needs the text). */
    private readonly fullText: boolean,
  ) {
    worker.on('message', (reply: Reply) => {
      if ('detection' in reply) {
        for (const listener of this.detectionListeners) listener(reply.detection);
        return;
      }
      if ('detectionError' in reply) {
        for (const listener of this.detectionErrorListeners) listener(reply.detectionError);
        return;
      }
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve();
      else waiter.reject(new Error(`recording worker: ${reply.message}`));
    });
    const failAll = (error: Error): void => {
      this.failure = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`recording worker exited (code ${code})`)));
  }

  /**
   * Starts the worker on an already migrated database file; with `detection`, the worker also runs
   * the live detection engine (see sqlite-writer.worker.ts).
   */
  static async start(path: string, retention: Pick<RetentionSettings, 'keepText'>, detection?: RecordingWorkerData['detection']): Promise<SqliteWorkerSink> {
    const worker = spawnWorker({ path, ...(detection === undefined ? {} : { detection }) });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      // an error thrown while the worker starts (a missing model, a bad database) arrives as a copy
      worker.once('error', (error) => reject(isDistillguardError(error) ? reviveError(error) : error));
      worker.once('exit', (code) => reject(new Error(`recording worker exited during start (code ${code})`)));
    });
    return new SqliteWorkerSink(worker, retention, detection !== undefined);
  }

  /**
   * Asks the worker's engine to assess the accounts stored since it last looked (sign-up facts
   * only); resolves once the verdicts that produced have reached the `onDetection` listeners.
   */
  assessNewAccounts(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.fullText) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, assess: true });
    });
  }

  /** Verdict and campaign changes from the live engine, as the worker stores them. */
  onDetection(listener: (update: DetectionUpdate) => void, onError?: (message: string) => void): void {
    this.detectionListeners.push(listener);
    if (onError) this.detectionErrorListeners.push(onError);
  }

  write(records: Parameters<ExchangeSink['write']>[0]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const rows = records.map((r) => serializeExchange(this.retention.keepText || this.fullText ? r : applyTextRetention(r, this.retention)));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, rows });
    });
  }

  /** Lets the worker finish and close its connection. Call after the recorder has drained. */
  async close(): Promise<void> {
    if (this.failure) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }
}

/**
 * Computes the dashboard's read models on a worker thread (file databases), so that the gateway's
 * request thread never waits for them. Started at the first read, ended with the server.
 */
import type { Worker } from 'node:worker_threads';
import { DistillguardError, type ErrorCode } from '../errors.js';
import { startModuleWorker } from '../util/module-worker.js';
import { READ_MODELS, type DashboardReadModels, type ReadReply, type ReadRequest, type ReadWorkerData } from './read-protocol.js';

function spawnWorker(workerData: ReadWorkerData): Worker {
  return startModuleWorker(import.meta.url, 'read-worker', { workerData });
}

function toError(error: Extract<ReadReply, { ok: false }>['error']): Error {
  if (error.coded && error.code) {
    return new DistillguardError(error.code as ErrorCode, error.message, {
      ...(error.hint ? { hint: error.hint } : {}), ...(error.status ? { status: error.status } : {}), ...(error.details ? { details: error.details } : {}),
    });
  }
  return new Error(`dashboard read failed: ${error.message}`);
}

export class ReadWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private closed = false;

  constructor(private readonly path: string) {}

  /** The read models, computed by the worker with the caller's clock `now`. */
  models(now: () => Date = () => new Date()): DashboardReadModels {
    const models = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of READ_MODELS) models[method] = (...args: unknown[]) => this.call({ id: 0, method, args, nowMs: now().getTime() });
    return models as unknown as DashboardReadModels;
  }

  private start(): Worker {
    const worker = spawnWorker({ path: this.path });
    worker.on('message', (message: ReadReply) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      // an idle worker must not keep the process alive; a busy one must, or its answer is lost
      if (this.pending.size === 0) worker.unref();
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(toError(message.error));
    });
    const fail = (error: Error): void => {
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.worker = undefined; // the next read starts a new one
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the dashboard read worker stopped (exit ${code})`)));
    worker.unref();
    return worker;
  }

  private call(request: ReadRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the dashboard read worker is closed'));
    this.worker ??= this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    const timer = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}

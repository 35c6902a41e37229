/**
 * The dashboard's read worker: its own read-only connection to the SQLite file, computing the
 * dashboard's read models so that a heavy query (a day of traffic, a campaign of thousands) and the
 * work on its rows never run on the thread that proxies model requests. WAL lets it read while the
 * recorder writes. Requests are answered one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isDistillguardError } from '../errors.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { DashboardQueries } from './queries.js';
import { READ_MODELS, type ReadReply, type ReadRequest, type ReadWorkerData } from './read-protocol.js';

const data = workerData as ReadWorkerData;
const port = parentPort!;
const store = await SqliteStore.open({ path: data.path, readonly: true, migrate: false });
let nowMs = Date.now();
const queries = new DashboardQueries(store, () => new Date(nowMs));
const allowed = new Set<string>(READ_MODELS);

async function answer(request: ReadRequest): Promise<ReadReply> {
  try {
    if (!allowed.has(request.method)) throw new Error(`${request.method} is not a dashboard read model`);
    nowMs = request.nowMs;
    const method = queries[request.method] as (...args: unknown[]) => Promise<unknown>;
    return { id: request.id, ok: true, value: await method.apply(queries, request.args) };
  } catch (error) {
    const e = error as Error & { code?: string; hint?: string; status?: number; details?: Record<string, unknown> };
    return {
      id: request.id, ok: false,
      error: { coded: isDistillguardError(error), code: e.code, message: e.message, hint: e.hint, status: e.status, details: e.details },
    };
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (request: ReadRequest | 'close') => {
  queue = queue.then(async () => {
    if (request === 'close') {
      await store.close();
      port.close();
      return;
    }
    port.postMessage(await answer(request));
  });
});

/**
 * The recording worker: owns its own connection to the SQLite file and inserts the batches the
 * gateway thread sends it, so that SQLite's work never runs on the thread that serves requests.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore, type SerializedExchange } from '../store/sqlite-store.js';

interface WriteMessage { id: number; rows: SerializedExchange[] }

const { path } = workerData as { path: string };
const port = parentPort!;
const store = await SqliteStore.open({ path, migrate: false });

port.on('message', (message: WriteMessage | 'close') => {
  if (message === 'close') {
    void store.close().then(() => port.close());
    return;
  }
  try {
    store.insertSerializedExchanges(message.rows);
    port.postMessage({ id: message.id, ok: true });
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, message: (error as Error).message });
  }
});
port.postMessage({ ready: true });

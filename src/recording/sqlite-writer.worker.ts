/**
 * The recording worker: owns its own connection to the SQLite file and inserts the batches the
 * gateway thread sends it, so that SQLite's work never runs on the thread that serves requests.
 *
 * With live detection on, the worker also runs the detection engine over each batch before text
 * retention is applied (the engine needs the prompts even when they are not kept), stores what
 * changed, and posts the changes back so the gateway can act on them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LiveDetector } from '../detect/live.js';
import { SharingKey } from '../intel/fingerprints.js';
import { StoreIntelMatcher } from '../intel/match/store-matcher.js';
import { loadDefaultScorer } from '../detect/scorer.js';
import { engineConfigOf, type PortableDetectionConfig } from '../detect/settings.js';
import type { ExchangeRecord } from '../records/types.js';
import { applyTextRetention } from '../store/retention.js';
import { serializeExchange, SqliteStore, type SerializedExchange } from '../store/sqlite-store.js';

interface WriteMessage { id: number; rows: SerializedExchange[] }
/** Assess the accounts stored since the last look (LiveDetector.assessNewAccounts); `id` 0 wants no reply. */
interface AssessMessage { id: number; assess: true }

/** What the gateway thread passes to the worker. */
export interface RecordingWorkerData {
  path: string;
  /** Present when the engine runs live: rows then carry full text, and the worker applies retention. */
  detection?: { config: PortableDetectionConfig; modelsDir?: string; keepText: boolean;
    /** Imported partner indicators as live evidence (src/intel): the sharing key and how often to reload them. */
    intel?: { sharingKeyHex: string | null; maxAgeDays: number; refreshSeconds: number };
    /** How often to look for new accounts in the store (ms; 0: only when asked). */
    accountPollMs?: number };
}

const data = workerData as RecordingWorkerData;
const port = parentPort!;
const store = await SqliteStore.open({ path: data.path, migrate: false });
const detection = data.detection;
const intelOptions = detection?.intel;
const intel = intelOptions === undefined ? undefined
  : new StoreIntelMatcher(store, intelOptions.sharingKeyHex === null ? null : new SharingKey(Buffer.from(intelOptions.sharingKeyHex, 'hex')), { maxAgeDays: intelOptions.maxAgeDays });
await intel?.refresh();
intel?.start(intelOptions!.refreshSeconds * 1000, (error) => port.postMessage({ detectionError: `reloading imported indicators: ${(error as Error).message}` }));
const detector = detection === undefined ? undefined : await LiveDetector.create(store, loadDefaultScorer(detection.modelsDir), {
  ...engineConfigOf(detection.config),
  ...(intel === undefined ? {} : { intel }),
});

async function assess(message: AssessMessage): Promise<void> {
  try {
    const update = await detector!.assessNewAccounts();
    if (update.verdicts.length > 0 || update.campaigns.length > 0) port.postMessage({ detection: update });
  } catch (error) {
    port.postMessage({ detectionError: `assessing new accounts: ${(error as Error).message}` });
  }
  if (message.id !== 0) port.postMessage({ id: message.id, ok: true });
}

async function handle(message: WriteMessage | AssessMessage): Promise<void> {
  if ('assess' in message) {
    if (detector === undefined) port.postMessage({ id: message.id, ok: true });
    else await assess(message);
    return;
  }
  let rows = message.rows;
  if (detector !== undefined && detection !== undefined) {
    const records = rows.map((row) => JSON.parse(row[9]) as ExchangeRecord);
    if (!detection.keepText) rows = records.map((record) => serializeExchange(applyTextRetention(record, { keepText: false })));
    store.insertSerializedExchanges(rows);
    port.postMessage({ id: message.id, ok: true });
    try {
      const update = await detector.process(records);
      if (update.verdicts.length > 0 || update.campaigns.length > 0) port.postMessage({ detection: update });
    } catch (error) {
      port.postMessage({ detectionError: (error as Error).message });
    }
    return;
  }
  store.insertSerializedExchanges(rows);
  port.postMessage({ id: message.id, ok: true });
}

// Messages are handled one at a time, in order: the engine must see exchanges in time order.
let queue: Promise<void> = Promise.resolve();
// sign-ups made elsewhere (another process's `keys create`, another replica's admin API) are found by polling
const pollMs = detection?.accountPollMs ?? 0;
const poll = detector === undefined || pollMs <= 0 ? undefined : setInterval(() => {
  queue = queue.then(() => assess({ id: 0, assess: true }));
}, pollMs);
poll?.unref();
port.on('message', (message: WriteMessage | AssessMessage | 'close') => {
  if (message === 'close') {
    clearInterval(poll);
    queue = queue.then(async () => {
      await detector?.flushCampaigns(true);
      await store.close();
      port.close();
    });
    return;
  }
  queue = queue.then(() => handle(message)).catch((error: unknown) => {
    port.postMessage({ id: message.id, ok: false, message: (error as Error).message });
  });
});
port.postMessage({ ready: true });

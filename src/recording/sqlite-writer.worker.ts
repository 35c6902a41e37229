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
import type { DetectionConfig } from '../detect/types.js';
import type { ExchangeRecord } from '../records/types.js';
import { applyTextRetention } from '../store/retention.js';
import { serializeExchange, SqliteStore, type SerializedExchange } from '../store/sqlite-store.js';

interface WriteMessage { id: number; rows: SerializedExchange[] }

/** What the gateway thread passes to the worker. */
export interface RecordingWorkerData {
  path: string;
  /** Present when the engine runs live: rows then carry full text, and the worker applies retention. */
  detection?: { config: Omit<Partial<DetectionConfig>, 'allowlist' | 'intel'> & { allowlist?: string[] }; modelsDir?: string; keepText: boolean;
    /** Imported partner indicators as live evidence (src/intel): the sharing key and how often to reload them. */
    intel?: { sharingKeyHex: string | null; maxAgeDays: number; refreshSeconds: number } };
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
  ...detection.config,
  ...(intel === undefined ? {} : { intel }),
  allowlist: new Set(detection.config.allowlist ?? []),
});

async function handle(message: WriteMessage): Promise<void> {
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
port.on('message', (message: WriteMessage | 'close') => {
  if (message === 'close') {
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

/**
 * Keeps the publish collections in step with the detected campaigns: each run exports the current
 * bundle and adds the objects whose (id, version) the collection does not hold yet, so a partner
 * polling with added_after receives only what changed.
 */
import type { IntelSettings } from '../../config/schema.js';
import type { Store, TaxiiAddOutcome } from '../../store/types.js';
import { buildExportBundle, exportOptionsFrom } from '../export/bundle.js';
import type { SharingKey } from '../fingerprints.js';
import { taxiiObjectOf } from '../import/ingest.js';

/** Exports the detections into every publish collection; returns what each collection gained. */
export async function publishDetections(store: Store, settings: IntelSettings, key: SharingKey | null, now = Date.now()): Promise<Array<{ collectionId: string } & TaxiiAddOutcome>> {
  const targets = settings.taxii.collections.filter((c) => c.kind === 'publish');
  if (targets.length === 0) return [];
  const { bundle } = await buildExportBundle(store, exportOptionsFrom(settings, key));
  // nothing to say yet: a bundle of only the producer's fixed objects is not worth publishing
  if (!bundle.objects.some((o) => o.type === 'campaign')) return targets.map((c) => ({ collectionId: c.id, added: [], duplicates: [] }));
  const objects = bundle.objects.map(taxiiObjectOf);
  const at = new Date(now).toISOString();
  const out: Array<{ collectionId: string } & TaxiiAddOutcome> = [];
  for (const collection of targets) out.push({ collectionId: collection.id, ...(await store.addTaxiiObjects(collection.id, objects, at)) });
  return out;
}

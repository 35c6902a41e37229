/**
 * A matcher straight from bundle files, for offline scans (`distillguard scan --intel B.json`):
 * the same validation as an import, nothing stored. Validity windows are not applied: a scan reads
 * past traffic, and an indicator that has since expired was in force then.
 */
import { readFileSync } from 'node:fs';
import type { IntelSettings } from '../../config/schema.js';
import { DistillguardError } from '../../errors.js';
import type { StoredIntelIndicator } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { prepareOptionsFrom } from '../import/ingest.js';
import { prepareImport } from '../import/prepare.js';
import { IntelIndex } from './intel-index.js';

/** Builds an IntelIndex from bundle files; warnings (keyed indicators without a key, …) go to `warn`. */
export function matcherFromBundles(paths: readonly string[], settings: IntelSettings, key: SharingKey | null, warn: (message: string) => void): IntelIndex {
  const indicators: StoredIntelIndicator[] = [];
  for (const path of paths) {
    let text: Buffer;
    try {
      text = readFileSync(path);
    } catch (cause) {
      throw new DistillguardError('FILE_NOT_READABLE', `cannot read ${path}: ${(cause as Error).message}`, { location: { file: path }, cause });
    }
    const prepared = prepareImport(text, prepareOptionsFrom(settings, key, { partner: null, origin: path }));
    for (const warning of prepared.warnings) warn(`${path}: ${warning}`);
    indicators.push(...prepared.indicators);
  }
  return new IntelIndex(indicators, key);
}

import type { RetentionSettings } from '../store/retention.js';
import { applyTextRetention } from '../store/retention.js';
import type { Store } from '../store/types.js';
import type { ExchangeSink } from './recorder.js';

/** Writes recorded exchanges to the store, dropping text first when retention says so. */
export function storeSink(store: Store, retention: Pick<RetentionSettings, 'keepText'>): ExchangeSink {
  return {
    async write(records) {
      await store.insertExchanges(retention.keepText ? records : records.map((r) => applyTextRetention(r, retention)));
    },
  };
}

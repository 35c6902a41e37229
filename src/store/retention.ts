import type { ExchangeRecord } from '../records/types.js';
import type { Store } from './types.js';

/** How long exchanges are kept, and whether their text is. */
export interface RetentionSettings {
  /** Days to keep exchange records; 0 keeps them forever. */
  exchangeDays: number;
  /** Keep prompt and response text. When false, text is dropped before anything is stored. */
  keepText: boolean;
}

/** Marker placed where text was dropped, so readers can tell "dropped" from "empty". */
export const DROPPED_TEXT = '';

/**
 * Returns the record as it may be stored. With `keepText: false` every prompt, system prompt,
 * answer and reasoning text is replaced by an empty string and the character counts are kept
 * (`text_dropped` with lengths), which detection on stored data can still use.
 */
export function applyTextRetention(record: ExchangeRecord, settings: Pick<RetentionSettings, 'keepText'>): ExchangeRecord {
  if (settings.keepText) return record;
  const { system, messages, ...requestRest } = record.request;
  const { text, reasoning, ...responseRest } = record.response;
  return {
    ...record,
    request: {
      ...requestRest,
      ...(system === undefined ? {} : { system: DROPPED_TEXT }),
      messages: messages.map((m) => ({ role: m.role, content: DROPPED_TEXT })),
    },
    response: {
      ...responseRest,
      ...(text === undefined ? {} : { text: DROPPED_TEXT }),
      ...(reasoning === undefined ? {} : { reasoning: DROPPED_TEXT }),
    },
    text_dropped: {
      system_chars: system?.length ?? 0,
      message_chars: messages.map((m) => m.content.length),
      response_chars: text?.length ?? 0,
      reasoning_chars: reasoning?.length ?? 0,
    },
  };
}

/** Deletes exchanges older than the retention window; returns how many were deleted. */
export async function pruneExpiredExchanges(store: Store, settings: Pick<RetentionSettings, 'exchangeDays'>, now = Date.now()): Promise<number> {
  if (settings.exchangeDays <= 0) return 0;
  const cutoff = new Date(now - settings.exchangeDays * 86_400_000).toISOString();
  return store.deleteExchangesBefore(cutoff);
}

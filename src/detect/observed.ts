/**
 * What the detection engine reads of an exchange, and nothing more. `distillguard scan` keeps this
 * instead of the whole record while the reader holds it in the 5-minute time window: a whole record
 * (2.5 KB of JSON, mostly the response text) lives through that window, which at scan speed means two
 * young-generation collections and promotion to the old generation, where it dies and inflates the
 * heap. A few short fields and the prompt die young or cost little when promoted.
 */
import type { ExchangeClient, ExchangeRecord, ExchangeUsage } from '../records/types.js';

/** The fields of an exchange the engine decides on (`DetectionEngine.observeExchange`). */
export interface ObservedExchange {
  readonly account_id: string;
  readonly model: string;
  /** The record's own client object (small): infrastructure keys, networks, partner indicators. */
  readonly client: ExchangeClient;
  /** The last user message (what this request asks); '' when there is none. */
  readonly prompt: string;
  readonly system: string | undefined;
  /** `request.reasoning === true`. */
  readonly reasoning: boolean;
  /** Number of messages in the request (1 or 0: a single-turn request). */
  readonly turns: number;
  /** The record's own usage object (small). */
  readonly usage: ExchangeUsage;
}

/** The prompt of an exchange: its last user message (what this request asks). */
export function promptOf(record: ExchangeRecord): string {
  const messages = record.request.messages;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'user') return messages[i]!.content;
  return '';
}

/**
 * The engine's view of a record. Throws a TypeError on a record without the fields the engine needs
 * (possible only when validation is off); the reader reports it at the record's line.
 */
export function observedExchange(record: ExchangeRecord): ObservedExchange {
  const request = record.request;
  const usage = record.usage;
  const client = record.client;
  if (typeof record.account_id !== 'string' || typeof record.model !== 'string' || typeof client !== 'object' || client === null
    || typeof usage !== 'object' || usage === null || !Array.isArray(request?.messages)) {
    throw new TypeError('account_id, model, client, request.messages and usage are required');
  }
  return {
    account_id: record.account_id,
    model: record.model,
    client,
    prompt: promptOf(record),
    system: request.system,
    reasoning: request.reasoning === true,
    turns: request.messages.length,
    usage,
  };
}

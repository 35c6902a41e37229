/**
 * Spec v1 records: types, validation, and streaming JSONL reading / writing.
 *
 * Reading (plain or gzip, detected by `.gz` and by magic bytes):
 * ```ts
 * for await (const { record, line } of readRecords('exchanges.jsonl.gz', { kind: 'exchange' })) { … }
 * for await (const batch of readRecordBatches(path, { kind: 'exchange', order: 'time' })) { … } // fastest
 * ```
 * Any malformed non-blank line stops the iteration with a DistillguardError located at file:line
 * (RECORD_INVALID_JSON / _INVALID_UTF8 / _TOO_LARGE / _MALFORMED / _TRUNCATED / _OUT_OF_ORDER,
 * FILE_NOT_READABLE); blank lines are skipped. Exchanges may be at most `maxDisorderMs` (5 min)
 * out of `ts` order; `order: 'time'` or `inTimeOrder` re-sorts them.
 *
 * Writing:
 * ```ts
 * const out = await openRecordWriter('verdicts/accounts.jsonl', { kind: 'verdict-account' });
 * await out.write(verdict); // honours backpressure
 * await out.close();        // temp file renamed into place
 * ```
 *
 * Test data generators live in `./arbitraries.js` (fast-check, a dev dependency: not re-exported here).
 */

/** Record shapes (spec v1, snake_case as on disk) and the time format helper. */
export type {
  AccountRecord,
  AccountVerdictRecord,
  CampaignRecord,
  ClassifyInputRecord,
  ClassifyOutputRecord,
  Endpoint,
  ExchangeClient,
  ExchangeMessage,
  ExchangeRecord,
  ExchangeRequest,
  ExchangeResponse,
  ExchangeUsage,
  LabelRecord,
  RecordKind,
  RecordKindMap,
  ValidationKind,
  VerdictReason,
  VerdictRecord,
  Verification,
} from './types.js';
export { formatTimestamp } from './types.js';

/** Validation against the shipped JSON Schemas (ajv, draft 2020-12), with readable reasons. */
export {
  assertAccountRecord,
  assertAccountVerdict,
  assertCampaignRecord,
  assertClassifyInput,
  assertClassifyOutput,
  assertExchangeRecord,
  assertLabelRecord,
  assertRecord,
  assertVerdictRecord,
  compileRecordCheck,
  formatJsonPath,
  isAccountRecord,
  isExchangeRecord,
  isRecord,
  SCHEMA_DIR,
  SCHEMA_FILES,
  validateRecord,
  VALIDATION_KINDS,
} from './validate.js';
export type { ValidationResult } from './validate.js';

/** The spec's time form: exact, fast equivalents of ajv-formats' date-time check and of `Date.parse`. */
export { isDateTime, parseTime } from './time.js';

/** Streaming JSONL reader / writer. */
export {
  DEFAULT_MAX_DISORDER_MS,
  DEFAULT_MAX_LINE_BYTES,
  DEFAULT_READ_CHUNK_BYTES,
  inTimeOrder,
  JsonlWriter,
  openRecordWriter,
  readAllRecords,
  readProjectedBatches,
  readRecordBatches,
  readRecords,
  readRecordsInTimeOrder,
  sourceName,
  TimeSorter,
} from './jsonl.js';
export type { ByteStream, ReadOptions, RecordEntry, RecordProjection, RecordSource, RecordTarget, Timed, WriterOptions } from './jsonl.js';

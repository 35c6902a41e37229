/**
 * JSON Lines reading and writing for spec v1 records. The implementation is split in
 * `lines.ts` (byte splitting, UTF-8), `sources.ts` (files, streams, gzip), `reader.ts` (parsing,
 * validation, order checks), `order.ts` (re-sorting within the disorder window) and `writer.ts`.
 */
export { DEFAULT_MAX_LINE_BYTES, readAllRecords, readProjectedBatches, readRecordBatches, readRecords, readRecordsInTimeOrder } from './reader.js';
export type { ReadOptions, RecordEntry, RecordProjection } from './reader.js';
export { DEFAULT_READ_CHUNK_BYTES, sourceName } from './sources.js';
export type { ByteStream, RecordSource } from './sources.js';
export { DEFAULT_MAX_DISORDER_MS, inTimeOrder, TimeSorter } from './order.js';
export type { Timed } from './order.js';
export { JsonlWriter, openRecordWriter } from './writer.js';
export type { RecordTarget, WriterOptions } from './writer.js';

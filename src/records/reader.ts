/**
 * Streaming reader of spec v1 JSONL files (plain or gzip).
 *
 * Contract (spec v1 "must stop with a clear error on anything malformed, never skip it silently"):
 * - every non-blank line is a record or the iteration stops with a DistillguardError whose location
 *   has the file and the 1-based line: RECORD_INVALID_JSON, RECORD_INVALID_UTF8, RECORD_TOO_LARGE,
 *   RECORD_MALFORMED (not an object, or a schema violation), RECORD_TRUNCATED (last line cut off),
 *   RECORD_OUT_OF_ORDER, FILE_NOT_READABLE (missing, unreadable, corrupt gzip);
 * - blank lines (empty, or only spaces / tabs / `\r`) are not records and are skipped;
 * - `\r\n` line endings and a UTF-8 BOM at the start are accepted; a last line without `\n` is a
 *   record if it parses, else RECORD_TRUNCATED.
 */
import { DistillguardError } from '../errors.js';
import { LineSplitter } from './lines.js';
import { DEFAULT_MAX_DISORDER_MS, TimeSorter } from './order.js';
import { byteChunks, DEFAULT_READ_CHUNK_BYTES, sourceName, type RecordSource } from './sources.js';
import { parseTime } from './time.js';
import type { RecordKindMap, ValidationKind } from './types.js';
import { badTimeReason, compileRecordCheck, malformed } from './validate.js';

/** Default maximum size of one line: 8 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** One record read, with where it came from. */
export interface RecordEntry<T> {
  record: T;
  /** 1-based line number in the (decompressed) file. */
  line: number;
  /** `timeField` in milliseconds since the epoch; NaN when the kind has no time field. */
  time: number;
}

export interface ReadOptions<K extends ValidationKind> {
  /** The kind of record on each line. */
  kind: K;
  /** Validate each record against the spec v1 schema (default true). Without it, only "is a JSON object" is checked. */
  validate?: boolean;
  /** Maximum bytes of one line, not counting the `\n` (default 8 MiB). */
  maxLineBytes?: number;
  /** Allowed disorder of `timeField`, in ms (default 300000 = 5 minutes). */
  maxDisorderMs?: number;
  /** Field holding the record time; default `ts` for exchanges, none for other kinds; null disables the check. */
  timeField?: string | null;
  /**
   * `'file'` (default): records as they are in the file (still at most `maxDisorderMs` out of order).
   * `'time'`: re-sorted into non-decreasing time (stable), holding at most one window of records.
   */
  order?: 'file' | 'time';
  /** Bytes per file read (default 256 KiB). */
  readChunkBytes?: number;
}

const DEFAULT_TIME_FIELDS: Partial<Record<ValidationKind, string>> = { exchange: 'ts' };

/**
 * Turns a parsed (and, when asked, validated) record into what a reader's caller keeps of it. It may
 * throw on a record it cannot use (validation off); the reader reports that as RECORD_MALFORMED at
 * the record's file and line.
 */
export type RecordProjection<T, R> = (record: T) => R;

/** Per-line parsing, validation and order checking; fills `batch`. */
class RecordParser<T, R = T> {
  batch: RecordEntry<R>[] = [];
  private maxTime = -Infinity;
  private maxTimeLine = 0;
  private readonly check: ((value: unknown) => string | undefined) | undefined;

  constructor(
    private readonly name: string,
    private readonly kind: ValidationKind,
    validate: boolean,
    private readonly timeField: string | null,
    private readonly maxDisorderMs: number,
    private readonly project?: RecordProjection<T, R>,
  ) {
    this.check = validate ? compileRecordCheck(kind, timeField === null ? {} : { skipTimeCheck: timeField }) : undefined;
  }

  readonly onLine = (text: string, line: number, terminated: boolean): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const parserMessage = (err as Error).message;
      if (!terminated) {
        throw new DistillguardError('RECORD_TRUNCATED', `the file ends in the middle of a record (the last line has no newline and is not valid JSON: ${clip(parserMessage)})`, {
          location: { file: this.name, line },
          hint: 'the file was cut off (still being written, or a copy failed); re-export it or remove the incomplete last line',
        });
      }
      throw new DistillguardError('RECORD_INVALID_JSON', `the line is not valid JSON: ${clip(parserMessage)}`, {
        location: { file: this.name, line },
        hint: 'each line must hold exactly one JSON object (JSON Lines); check for a stray or split line',
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw malformed(this.kind, `the line is a JSON ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, not an object`, {
        file: this.name,
        line,
      });
    }
    if (this.check) {
      const reason = this.check(value);
      if (reason !== undefined) throw malformed(this.kind, reason, { file: this.name, line });
    }
    let time = NaN;
    const field = this.timeField;
    if (field !== null) {
      const raw = (value as Record<string, unknown>)[field];
      time = typeof raw === 'string' ? parseTime(raw) : NaN;
      if (Number.isNaN(time)) {
        const reason = typeof raw === 'string' ? badTimeReason(field, raw) : `${field}: ${raw === undefined ? 'missing' : 'must be a time string'} (the time order needs it)`;
        throw malformed(this.kind, reason, { file: this.name, line });
      }
      if (time > this.maxTime) {
        this.maxTime = time;
        this.maxTimeLine = line;
      } else if (time < this.maxTime - this.maxDisorderMs) {
        const late = this.maxTime - time;
        throw new DistillguardError(
          'RECORD_OUT_OF_ORDER',
          `${field} ${(value as Record<string, string>)[field]} is ${late} ms older than ${new Date(this.maxTime).toISOString()} (line ${this.maxTimeLine}); ` +
            `records may be at most ${this.maxDisorderMs} ms (${formatWindow(this.maxDisorderMs)}) out of order`,
          {
            location: { file: this.name, line },
            hint: `sort the file by ${field} (files must be ordered by time, as logs are), or allow a larger disorder window`,
            details: { time: (value as Record<string, string>)[field], newest: new Date(this.maxTime).toISOString(), newestLine: this.maxTimeLine, lateMs: late, maxDisorderMs: this.maxDisorderMs },
          },
        );
      }
    }
    const project = this.project;
    if (project === undefined) {
      this.batch.push({ record: value as unknown as R, line, time });
      return;
    }
    let kept: R;
    try {
      kept = project(value as T);
    } catch (err) {
      if (err instanceof DistillguardError) throw err;
      throw malformed(this.kind, `the record cannot be read: ${clip((err as Error).message)}`, { file: this.name, line });
    }
    this.batch.push({ record: kept, line, time });
  };
}

function clip(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function formatWindow(ms: number): string {
  if (ms % 60000 === 0) return `${ms / 60000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/**
 * Reads records in batches (one per chunk of input): the fastest way to consume a file, since the
 * per-record cost is then a plain loop. Each batch is a fresh array the caller may keep.
 * Throws DistillguardError (after yielding every record before the bad line).
 */
export function readRecordBatches<K extends ValidationKind>(
  source: RecordSource,
  options: ReadOptions<K>,
): AsyncGenerator<RecordEntry<RecordKindMap[K]>[], void, undefined> {
  return readBatches<RecordKindMap[K], RecordKindMap[K]>(source, options, undefined);
}

/**
 * `readRecordBatches`, keeping of each record only what `project` returns, applied as soon as the
 * line is parsed and validated: with `order: 'time'` the 5-minute window then holds the projections,
 * not whole records, so the rest of each record (response text, earlier turns) is garbage at once
 * instead of living through the window (and, at scan speed, through two young-generation
 * collections into the old generation). Same order and error contract as `readRecordBatches`; an
 * exception thrown by `project` stops the read with RECORD_MALFORMED at that record's line.
 */
export function readProjectedBatches<K extends ValidationKind, R>(
  source: RecordSource,
  options: ReadOptions<K>,
  project: RecordProjection<RecordKindMap[K], R>,
): AsyncGenerator<RecordEntry<R>[], void, undefined> {
  return readBatches<RecordKindMap[K], R>(source, options, project);
}

async function* readBatches<T, R>(
  source: RecordSource,
  options: ReadOptions<ValidationKind>,
  project: RecordProjection<T, R> | undefined,
): AsyncGenerator<RecordEntry<R>[], void, undefined> {
  const name = sourceName(source);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxDisorderMs = options.maxDisorderMs ?? DEFAULT_MAX_DISORDER_MS;
  const timeField = options.timeField === undefined ? DEFAULT_TIME_FIELDS[options.kind] ?? null : options.timeField;
  if (!(maxLineBytes > 0)) throw new RangeError(`maxLineBytes must be positive, got ${maxLineBytes}`);
  if (!(maxDisorderMs >= 0)) throw new RangeError(`maxDisorderMs must be non-negative, got ${maxDisorderMs}`);
  if (options.order === 'time' && timeField === null) {
    throw new TypeError(`order: 'time' needs a time field, and ${options.kind} records have none by default: pass timeField`);
  }
  const parser = new RecordParser<T, R>(name, options.kind, options.validate ?? true, timeField, maxDisorderMs, project);
  const splitter = new LineSplitter(name, maxLineBytes, parser.onLine);
  const sorter = options.order === 'time' ? new TimeSorter<RecordEntry<R>>(maxDisorderMs, (e) => ({ file: name, line: e.line })) : undefined;

  const take = (final: boolean): RecordEntry<R>[] => {
    const batch = parser.batch;
    parser.batch = [];
    if (!sorter) return batch;
    const out: RecordEntry<R>[] = [];
    for (let i = 0; i < batch.length; i++) sorter.push(batch[i]!.time, batch[i]!, out);
    if (final) sorter.end(out);
    return out;
  };
  let failure: unknown;
  for await (const chunk of byteChunks(source, () => splitter.lines + 1, options.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES)) {
    try {
      splitter.push(chunk);
    } catch (err) {
      failure = err;
    }
    if (parser.batch.length > 0) {
      const batch = take(false);
      if (batch.length > 0) yield batch;
    }
    if (failure !== undefined) throw failure;
  }
  try {
    splitter.end();
  } catch (err) {
    failure = err;
  }
  // on failure, records before the bad line are still delivered (in time order: only those already released)
  const batch = take(failure === undefined);
  if (batch.length > 0) yield batch;
  if (failure !== undefined) throw failure;
}

/**
 * Reads records one at a time: `for await (const {record, line} of readRecords('ex.jsonl.gz', {kind: 'exchange'}))`.
 * See the module comment for the error contract; `order: 'time'` yields them in strict time order.
 */
export async function* readRecords<K extends ValidationKind>(
  source: RecordSource,
  options: ReadOptions<K>,
): AsyncGenerator<RecordEntry<RecordKindMap[K]>, void, undefined> {
  for await (const batch of readRecordBatches(source, options)) {
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
  }
}

/** `readRecords` with `order: 'time'`: non-decreasing time, stable for equal times, memory bounded by the window. */
export function readRecordsInTimeOrder<K extends ValidationKind>(
  source: RecordSource,
  options: Omit<ReadOptions<K>, 'order'>,
): AsyncGenerator<RecordEntry<RecordKindMap[K]>, void, undefined> {
  return readRecords(source, { ...options, order: 'time' } as ReadOptions<K>);
}

/** Reads a whole (small) file into memory: the records only. */
export async function readAllRecords<K extends ValidationKind>(source: RecordSource, options: ReadOptions<K>): Promise<RecordKindMap[K][]> {
  const out: RecordKindMap[K][] = [];
  for await (const batch of readRecordBatches(source, options)) for (const e of batch) out.push(e.record);
  return out;
}

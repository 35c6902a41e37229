/**
 * JSONL writer: one `JSON.stringify`d object per line, gzip for `.gz` paths, stream backpressure
 * honoured by `write()`'s promise, and (for paths) a temp file renamed into place on `close()`, so
 * a crash never leaves a half-written file under the final name.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline, type Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGzip, type Gzip } from 'node:zlib';
import { DistillguardError } from '../errors.js';
import type { RecordKindMap, ValidationKind } from './types.js';
import { compileRecordCheck, malformed } from './validate.js';

/** A path (string or file URL), or a Writable (e.g. `process.stdout`). */
export type RecordTarget = string | URL | { stream: Writable; name?: string; end?: boolean };

export interface WriterOptions<K extends ValidationKind = ValidationKind> {
  /** Kind of the records; with it, each record is validated before it is written (see `validate`). */
  kind?: K;
  /** Validate records against the spec v1 schema (default: true when `kind` is given). */
  validate?: boolean;
  /** Compress with gzip (default: path ends in `.gz`; false for streams). */
  gzip?: boolean;
  /** gzip level 1..9 (default 6). */
  gzipLevel?: number;
  /** Write to a temp file beside the target and rename on close (default true; paths only). */
  atomic?: boolean;
  /** File mode of a new file (default 0o666, less the umask). */
  mode?: number;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** Writes records as JSON Lines. Create it with `openRecordWriter`. */
export class JsonlWriter<T extends object = Record<string, unknown>> {
  private failure: Error | undefined;
  private drainWait: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private count = 0;
  private readonly check: ((value: unknown) => string | undefined) | undefined;

  /** @internal use `openRecordWriter` */
  constructor(
    /** Name used in messages: the final path, or the stream's name. */
    readonly name: string,
    private readonly head: Writable,
    private readonly finish: () => Promise<void>,
    private readonly discard: () => Promise<void>,
    private readonly kind: ValidationKind | undefined,
    validate: boolean,
    watched: Writable[],
  ) {
    this.check = validate && kind ? compileRecordCheck(kind) : undefined;
    for (const s of watched) {
      s.on('error', (err: Error) => {
        this.failure ??= err;
      });
    }
  }

  /** Lines written so far. */
  get lines(): number {
    return this.count;
  }

  /**
   * Writes one record as a line. Resolves at once while the stream has room, otherwise on 'drain':
   * `await` it to respect backpressure. Rejects with RECORD_MALFORMED for an invalid record (nothing
   * is written) and with the stream's error if writing failed.
   */
  write(record: T): Promise<void> {
    if (this.failure) return Promise.reject(this.writeFailure(this.failure));
    if (this.closing) return Promise.reject(new Error(`cannot write to ${this.name}: the writer is closed`));
    const line = this.count + 1;
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      return Promise.reject(malformed(this.kind ?? 'exchange', `a record must be a JSON object, got ${record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record}`, { file: this.name, line }));
    }
    if (this.check) {
      const reason = this.check(record);
      if (reason !== undefined) return Promise.reject(malformed(this.kind!, reason, { file: this.name, line }));
    }
    let text: string;
    try {
      text = JSON.stringify(record);
    } catch (err) {
      return Promise.reject(
        new DistillguardError('RECORD_MALFORMED', `the record cannot be serialised as JSON: ${(err as Error).message}`, {
          location: { file: this.name, line },
          hint: 'records must be plain JSON data (no BigInt, no cycles)',
        }),
      );
    }
    this.count = line;
    if (this.head.write(`${text}\n`)) return RESOLVED;
    return this.waitDrain();
  }

  /** Writes every record of an (async) iterable, honouring backpressure. */
  async writeAll(records: Iterable<T> | AsyncIterable<T>): Promise<void> {
    for await (const r of records) await this.write(r);
  }

  /** Flushes and closes (finishing the gzip stream), then renames the temp file into place. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        if (this.failure) throw this.failure;
        await this.finish();
        if (this.failure) throw this.failure;
      } catch (err) {
        await this.discard().catch(() => undefined);
        throw this.writeFailure(err as Error);
      }
    })();
    return this.closing;
  }

  /** Abandons the output: destroys the stream and removes the temp file (the final file is untouched). */
  async abort(): Promise<void> {
    this.failure ??= new Error('aborted');
    this.closing ??= Promise.resolve();
    await this.discard().catch(() => undefined);
  }

  private waitDrain(): Promise<void> {
    this.drainWait ??= new Promise<void>((resolve, reject) => {
      const head = this.head;
      const done = (err?: Error): void => {
        head.off('drain', onDrain);
        head.off('error', onError);
        head.off('close', onClose);
        this.drainWait = undefined;
        if (err) reject(this.writeFailure(err));
        else resolve();
      };
      const onDrain = (): void => done();
      const onError = (err: Error): void => done(err);
      const onClose = (): void => done(this.failure ?? new Error('the stream was closed before it drained'));
      head.on('drain', onDrain);
      head.on('error', onError);
      head.on('close', onClose);
    });
    return this.drainWait;
  }

  private writeFailure(err: Error): Error {
    if (err instanceof DistillguardError) return err;
    return new DistillguardError('FILE_NOT_WRITABLE', `cannot write ${this.name}: ${err.message}`, {
      location: { file: this.name },
      hint: 'check that the folder exists, is writable, and the disk is not full',
      details: { operation: 'write', ...((err as NodeJS.ErrnoException).code ? { errno: (err as NodeJS.ErrnoException).code } : {}) },
      cause: err,
    });
  }
}

function once(stream: Writable | Gzip, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = (): void => {
      stream.off('error', bad);
      resolve();
    };
    const bad = (err: Error): void => {
      stream.off(event, ok);
      reject(err);
    };
    stream.once(event, ok);
    stream.once('error', bad);
  });
}

function opened(stream: WriteStream): Promise<void> {
  return once(stream, 'open');
}

/** Marks a promise as handled (it is awaited later, possibly after it rejected). */
function quiet<P extends Promise<void>>(p: P): P {
  p.catch(() => undefined);
  return p;
}

/**
 * Opens a JSONL writer on a path (gzip when it ends in `.gz`) or on a Writable. For paths the file is
 * written under a temp name in the same folder and renamed on `close()` (unless `atomic: false`).
 * Rejects (FILE_NOT_WRITABLE) when the file cannot be created.
 */
export async function openRecordWriter<K extends ValidationKind>(target: RecordTarget, options: WriterOptions<K> & { kind: K }): Promise<JsonlWriter<RecordKindMap[K]>>;
export async function openRecordWriter(target: RecordTarget, options?: WriterOptions): Promise<JsonlWriter<Record<string, unknown>>>;
export async function openRecordWriter(target: RecordTarget, options: WriterOptions = {}): Promise<JsonlWriter<object>> {
  type T = object;
  const validate = options.validate ?? options.kind !== undefined;
  const gzipLevel = options.gzipLevel ?? 6;

  if (typeof target === 'string' || target instanceof URL) {
    const path = typeof target === 'string' ? target : fileURLToPath(target);
    const gzip = options.gzip ?? /\.gz$/i.test(path);
    const atomic = options.atomic ?? true;
    const filePath = atomic ? join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`) : path;
    const file = createWriteStream(filePath, { flags: atomic ? 'wx' : 'w', mode: options.mode ?? 0o666 });
    try {
      await opened(file);
    } catch (err) {
      throw new DistillguardError('FILE_NOT_WRITABLE', `cannot create ${path}: ${(err as Error).message}`, {
        location: { file: path },
        hint: 'check that the folder exists and is writable',
        details: { operation: 'write', errno: (err as NodeJS.ErrnoException).code },
        cause: err,
      });
    }
    const zip = gzip ? createGzip({ level: gzipLevel }) : undefined;
    // resolves once the file is complete (gzip finished and flushed), rejects on any failure of the chain
    const written: Promise<void> = zip
      ? new Promise((resolve, reject) => pipeline(zip, file, (err) => (err ? reject(err) : resolve())))
      : once(file, 'close');
    written.catch(() => undefined);
    const head: Writable = zip ?? file;
    const finish = async (): Promise<void> => {
      head.end();
      await written;
      if (atomic) await rename(filePath, path);
    };
    const discard = async (): Promise<void> => {
      zip?.destroy();
      file.destroy();
      if (atomic) await unlink(filePath).catch(() => undefined);
    };
    return new JsonlWriter<T>(path, head, finish, discard, options.kind, validate, zip ? [zip, file] : [file]);
  }

  const out = target.stream;
  const name = target.name ?? (out === process.stdout ? '<stdout>' : '<stream>');
  const endStream = target.end ?? !(out === process.stdout || out === process.stderr);
  const zip = options.gzip ? createGzip({ level: gzipLevel }) : undefined;
  if (zip) {
    zip.pipe(out, { end: endStream });
    out.on('error', (err) => zip.destroy(err));
  }
  const head: Writable = zip ?? out;
  const finish = async (): Promise<void> => {
    const outFinished = endStream ? quiet(once(out, 'finish')) : undefined;
    const zipEnded = zip ? quiet(once(zip, 'end')) : undefined;
    if (zip) zip.end();
    else if (endStream) out.end();
    if (zipEnded) await zipEnded;
    if (outFinished) await outFinished;
    else await new Promise<void>((resolve, reject) => out.write('', (err) => (err ? reject(err) : resolve())));
  };
  const discard = async (): Promise<void> => {
    zip?.destroy();
  };
  return new JsonlWriter<T>(name, head, finish, discard, options.kind, validate, zip ? [zip, out] : [out]);
}

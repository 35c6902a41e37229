/**
 * Byte sources for the JSONL reader: a file path (read with a large buffer) or any byte stream
 * (stdin, a socket, a test stream), with gzip detected by the `.gz` suffix and by the magic bytes
 * 1f 8b, and every low-level failure turned into a DistillguardError with the file (and line).
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { DistillguardError, isDistillguardError, type ErrorLocation } from '../errors.js';

/** Any async iterable of bytes; a Node Readable (e.g. `process.stdin`) is one. Strings are taken as UTF-8. */
export type ByteStream = AsyncIterable<Uint8Array | string>;

/** A path (string or file URL), or a byte stream with the name to use in error messages. */
export type RecordSource = string | URL | { stream: ByteStream; name: string };

/** Default read size for files: large reads keep per-chunk overhead negligible. */
export const DEFAULT_READ_CHUNK_BYTES = 256 * 1024;

/** The display name of a source, as used in error locations. */
export function sourceName(source: RecordSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return source.protocol === 'file:' ? fileURLToPath(source) : source.href;
  return source.name;
}

function toBuffer(value: Uint8Array | string): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * Yields the (decompressed) bytes of a source. `currentLine` tells which line was being read when a
 * failure happens (for the error location).
 */
export async function* byteChunks(
  source: RecordSource,
  currentLine: () => number,
  readChunkBytes: number = DEFAULT_READ_CHUNK_BYTES,
): AsyncGenerator<Buffer, void, undefined> {
  const name = sourceName(source);
  const isPath = typeof source === 'string' || source instanceof URL;
  const input: ByteStream = isPath ? createReadStream(source, { highWaterMark: readChunkBytes }) : source.stream;
  const namedGzip = /\.gz$/i.test(name);
  const it = input[Symbol.asyncIterator]();
  let started = false;
  try {
    // sniff the first two bytes, whatever the chunking
    const head: Buffer[] = [];
    let headBytes = 0;
    while (headBytes < 2) {
      const r = await it.next();
      if (r.done) break;
      const b = toBuffer(r.value);
      if (b.length === 0) continue;
      head.push(b);
      headBytes += b.length;
    }
    started = true;
    const magic = headBytes >= 2 ? (head.length === 1 ? head[0]! : Buffer.concat(head)) : undefined;
    const gzip = magic !== undefined && magic[0] === 0x1f && magic[1] === 0x8b;
    if (namedGzip && !gzip && headBytes > 0) {
      throw new DistillguardError('FILE_NOT_READABLE', 'the file name ends in .gz but the content is not gzip data', {
        location: { file: name, line: 1 },
        hint: 'rename the file without .gz, or compress it with gzip',
      });
    }
    const rest = async function* (): AsyncGenerator<Buffer, void, undefined> {
      for (const b of head) yield b;
      head.length = 0;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield toBuffer(r.value);
      }
    };
    if (gzip) yield* gunzipChunks(rest());
    else yield* rest();
  } catch (err) {
    throw readFailure(err, name, started ? currentLine() : undefined);
  } finally {
    await it.return?.();
  }
}

async function* gunzipChunks(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer, void, undefined> {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const feed = Readable.from(chunks, { objectMode: false });
  // errors of either side (a read error, corrupt data) surface in the iteration of `gunzip` below
  pipeline(feed, gunzip, () => undefined);
  for await (const chunk of gunzip) yield chunk as Buffer;
}

/** Maps an fs / zlib / stream failure to the coded error readers throw. */
export function readFailure(err: unknown, name: string, line: number | undefined): DistillguardError {
  if (isDistillguardError(err)) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const message = e instanceof Error ? e.message : String(err);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const location: ErrorLocation = line === undefined ? { file: name } : { file: name, line };
  if (code?.startsWith('Z_')) {
    if (code === 'Z_BUF_ERROR') {
      return new DistillguardError('RECORD_TRUNCATED', `the gzip data ends early (${message}): the file was cut off`, {
        location,
        hint: 'the file is incomplete (still being written, or a copy failed); re-export it',
        details: { zlibCode: code },
        cause: err,
      });
    }
    return new DistillguardError('FILE_NOT_READABLE', `corrupt gzip data: ${message}`, {
      location,
      hint: 'the compressed file is damaged; check it with `gzip -t` and re-export it',
      details: { zlibCode: code },
      cause: err,
    });
  }
  return new DistillguardError('FILE_NOT_READABLE', `cannot read the input: ${message}`, {
    location,
    hint: code === 'ENOENT' ? 'check the path' : code === 'EACCES' || code === 'EPERM' ? 'check the file permissions' : 'check that the path names a readable file',
    ...(code ? { details: { errno: code } } : {}),
    cause: err,
  });
}

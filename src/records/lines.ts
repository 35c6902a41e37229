/**
 * Splits a byte stream into lines (on 0x0a) and decodes them as strict UTF-8, for the JSONL reader.
 *
 * - Complete lines of a chunk are decoded in one `TextDecoder` call (fatal: invalid UTF-8 is an error,
 *   never replaced), then split on `\n`; only when that decode fails is the block decoded line by line
 *   to name the offending line.
 * - A line that spans chunks is kept as a list of chunk slices and joined once (no quadratic copying);
 *   more than `maxLineBytes` for one line is an error as soon as it is known, without reading on.
 * - `\r\n` endings are accepted (the `\r` is dropped); a UTF-8 BOM at the start of the input is dropped.
 * - Blank lines (only spaces, tabs and `\r`) are not records and are not passed on.
 */
import { DistillguardError } from '../errors.js';

/** Receives each non-blank line with its 1-based number; `terminated` is false for a last line without `\n`. */
export type LineSink = (text: string, line: number, terminated: boolean) => void;

const NEWLINE = 0x0a;
const BLANK = /^[ \t\r]*$/;

/** Incremental line splitter; call `push` for each chunk and `end` once. */
export class LineSplitter {
  /** Number of lines completely consumed so far (blank ones included). */
  lines = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly name: string,
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  /** Consumes one chunk of bytes. Throws DistillguardError (after passing on the lines before the bad one). */
  push(chunk: Buffer): void {
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) {
      this.hold(chunk);
      return;
    }
    let start = 0;
    if (this.pendingBytes > 0) {
      // finish the line carried over from previous chunks
      if (this.pendingBytes + first > this.maxLineBytes) throw this.tooLarge(this.lines + 1);
      this.pending.push(chunk.subarray(0, first));
      const bytes = Buffer.concat(this.pending, this.pendingBytes + first);
      this.pending = [];
      this.pendingBytes = 0;
      this.lines++;
      this.emit(this.decodeLine(bytes, this.lines), this.lines, true);
      start = first + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) this.block(chunk, start, last);
    if (last + 1 < chunk.length) this.hold(chunk.subarray(last + 1));
  }

  /** Ends the input: passes on a last line that has no `\n` (or throws RECORD_TOO_LARGE / RECORD_TRUNCATED). */
  end(): void {
    if (this.pendingBytes === 0) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const line = this.lines + 1;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      if (endsInPartialCharacter(bytes)) {
        throw new DistillguardError('RECORD_TRUNCATED', 'the file ends in the middle of a record (inside a UTF-8 character, with no final newline)', {
          location: { file: this.name, line },
          hint: 'the file was cut off (still being written, or a copy failed); re-export it or remove the incomplete last line',
        });
      }
      throw this.invalidUtf8(bytes, line);
    }
    this.lines = line;
    this.emit(text, line, false);
  }

  /** Complete lines `chunk[start, last)` (last is the index of a `\n`). */
  private block(chunk: Buffer, start: number, last: number): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk.subarray(start, last));
    } catch {
      this.blockSlow(chunk, start, last);
      return;
    }
    const max = this.maxLineBytes;
    let pos = 0;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      const s = nl === -1 ? text.slice(pos) : text.slice(pos, nl);
      const line = ++this.lines;
      // UTF-16 length ≤ UTF-8 bytes ≤ 3 × UTF-16 length: measure exactly only when it matters
      if (s.length * 3 > max && (s.length > max || Buffer.byteLength(s, 'utf8') > max)) throw this.tooLarge(line);
      this.emit(s, line, true);
      if (nl === -1) return;
      pos = nl + 1;
    }
  }

  /** Line-by-line decoding of a block that contains invalid UTF-8, to name the line. */
  private blockSlow(chunk: Buffer, start: number, last: number): void {
    let pos = start;
    while (pos <= last) {
      const nl = chunk.indexOf(NEWLINE, pos);
      const line = ++this.lines;
      if (nl - pos > this.maxLineBytes) throw this.tooLarge(line);
      this.emit(this.decodeLine(chunk.subarray(pos, nl), line), line, true);
      pos = nl + 1;
    }
  }

  private decodeLine(bytes: Uint8Array, line: number): string {
    try {
      return this.decoder.decode(bytes);
    } catch {
      throw this.invalidUtf8(bytes, line);
    }
  }

  private emit(text: string, line: number, terminated: boolean): void {
    let s = text;
    if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    if (s.charCodeAt(s.length - 1) === 13) s = s.slice(0, -1);
    if (s.length === 0 || (s.charCodeAt(0) !== 123 && BLANK.test(s))) return;
    this.sink(s, line, terminated);
  }

  private hold(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.pendingBytes + bytes.length > this.maxLineBytes) throw this.tooLarge(this.lines + 1);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private tooLarge(line: number): DistillguardError {
    return new DistillguardError('RECORD_TOO_LARGE', `the line is longer than the maximum record size of ${this.maxLineBytes} bytes`, {
      location: { file: this.name, line },
      hint: 'a record this large is almost certainly not one record (a missing newline?); otherwise raise the maximum line size',
      details: { maxLineBytes: this.maxLineBytes },
    });
  }

  private invalidUtf8(bytes: Uint8Array, line: number): DistillguardError {
    const at = firstInvalidUtf8(bytes);
    const where = at < 0 ? '' : ` (byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at column ${at + 1})`;
    return new DistillguardError('RECORD_INVALID_UTF8', `the line is not valid UTF-8${where}`, {
      location: { file: this.name, line },
      hint: 'records must be UTF-8 encoded; re-export the file as UTF-8 (e.g. iconv -t UTF-8)',
      details: { column: at + 1 },
    });
  }
}

/** Index of the first byte of an invalid UTF-8 sequence, or -1 (only used on the error path). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** True when the bytes are valid UTF-8 except for an incomplete character at the very end. */
function endsInPartialCharacter(bytes: Uint8Array): boolean {
  const bad = firstInvalidUtf8(bytes);
  if (bad < 0) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(bad), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Fuzz-style properties: damage valid files in random ways and check that the reader either yields
 * valid records or stops with a DistillguardError located inside the file, never another exception,
 * never a hang, and never skips a malformed line (every non-blank line before the error was yielded).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DistillguardError } from '../errors.js';
import { chunkedStream, chunkSizesArbitrary, exchangeLogArbitrary } from './arbitraries.js';
import { readRecords } from './jsonl.js';
import type { ExchangeRecord } from './types.js';
import { validateRecord } from './validate.js';

const MAX_LINE = 16 * 1024;
const INVALID_UTF8 = [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

type Mutation =
  | { op: 'flip'; at: number; byte: number }
  | { op: 'truncate'; at: number }
  | { op: 'utf8'; at: number; seq: number }
  | { op: 'newline'; at: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'huge'; at: number; len: number }
  | { op: 'garbage'; at: number; text: string };

const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('utf8' as const), at, seq: fc.integer({ min: 0, max: INVALID_UTF8.length - 1 }) }),
  fc.record({ op: fc.constant('newline' as const), at }),
  fc.record({ op: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('huge' as const), at, len: fc.integer({ min: MAX_LINE - 2, max: 3 * MAX_LINE }) }),
  fc.record({ op: fc.constant('garbage' as const), at, text: fc.constantFrom('null', '[]', '{}', '"x"', '{"a":', '}', ',', '\r', ' ', '{"id":1}', '\t\n') }),
);

/** Wrong types put into records before they are serialised. */
type Corruption = { index: number; field: 'id' | 'ts' | 'client' | 'usage' | 'request' | 'status'; value: unknown };
const corruptionArb: fc.Arbitrary<Corruption> = fc.record({
  index: fc.nat(),
  field: fc.constantFrom('id' as const, 'ts' as const, 'client' as const, 'usage' as const, 'request' as const, 'status' as const),
  value: fc.constantFrom<unknown>(null, 5, 'text', [], {}, true, '2026-13-45T00:00:00Z'),
});

function corrupt(log: ExchangeRecord[], c: Corruption | null): ExchangeRecord[] {
  if (!c || log.length === 0) return log;
  const i = c.index % log.length;
  const copy = log.slice();
  const r: Record<string, unknown> = { ...copy[i]! };
  if (c.field === 'status') r.response = { ...(r.response as object), status: c.value };
  else r[c.field] = c.value;
  copy[i] = r as ExchangeRecord;
  return copy;
}

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const pos = Math.floor(m.at * (bytes.length + 1));
  const ins = (b: Uint8Array): Buffer => Buffer.concat([bytes.subarray(0, pos), b, bytes.subarray(pos)]);
  switch (m.op) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[Math.min(pos, copy.length - 1)] = m.byte;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, pos);
    case 'utf8':
      return ins(Uint8Array.from(INVALID_UTF8[m.seq]!));
    case 'newline':
      return ins(Buffer.from('\n'));
    case 'delete':
      return Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos + m.len)]);
    case 'huge':
      return ins(Buffer.from(`\n{"pad":"${'z'.repeat(m.len)}"}\n`));
    case 'garbage':
      return ins(Buffer.from(m.text));
  }
}

/** Line numbers (1-based) of the non-blank lines, and the number of lines. */
function nonBlankLines(bytes: Buffer): { lines: number[]; count: number } {
  const lines: number[] = [];
  let start = 0;
  let n = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    n++;
    let s = start;
    if (n === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) s = 3;
    let blank = true;
    for (let i = s; i < end; i++) {
      const b = bytes[i]!;
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) {
        blank = false;
        break;
      }
    }
    if (!blank) lines.push(n);
    start = end + 1;
  }
  return { lines, count: n };
}

async function readWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`reader did not finish within ${ms} ms (hang?)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readAll(bytes: Buffer, sizes: number[], name: string): Promise<{ lines: number[]; records: unknown[]; error?: unknown }> {
  const lines: number[] = [];
  const records: unknown[] = [];
  try {
    for await (const e of readRecords({ stream: chunkedStream(bytes, sizes), name }, { kind: 'exchange', maxLineBytes: MAX_LINE })) {
      lines.push(e.line);
      records.push(e.record);
    }
  } catch (error) {
    return { lines, records, error };
  }
  return { lines, records };
}

function serialise(log: ExchangeRecord[], blankEvery: number): Buffer {
  return Buffer.from(log.map((r, i) => `${i % blankEvery === 1 ? '\n' : ''}${JSON.stringify(r)}\n`).join(''), 'utf8');
}

describe('reader fuzz (property)', () => {
  it('damaged plain files: valid records, or a located DistillguardError; nothing skipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        exchangeLogArbitrary({ maxLength: 15 }),
        fc.option(corruptionArb, { nil: null }),
        fc.array(mutationArb, { maxLength: 3 }),
        fc.integer({ min: 2, max: 6 }),
        chunkSizesArbitrary(),
        async (log, corruption, mutations, blankEvery, sizes) => {
          let bytes = serialise(corrupt(log, corruption), blankEvery);
          for (const m of mutations) bytes = mutate(bytes, m);
          const { lines: expectedLines, count } = nonBlankLines(bytes);
          const { lines, records, error } = await readWithin(readAll(bytes, sizes, 'fuzz.jsonl'), 10_000);
          for (const r of records) assert.deepEqual(validateRecord('exchange', r), { ok: true });
          if (error === undefined) {
            assert.deepEqual(lines, expectedLines, 'every non-blank line was yielded');
            return;
          }
          assert.ok(error instanceof DistillguardError, `not a DistillguardError: ${String(error)}`);
          assert.match(error.code, /^RECORD_/);
          assert.equal(error.location?.file, 'fuzz.jsonl');
          const line = error.location?.line;
          assert.ok(Number.isInteger(line) && line! >= 1 && line! <= count, `error line ${line} outside 1..${count} (${error.message})`);
          assert.ok(expectedLines.includes(line!), `error on line ${line}, which is not a non-blank line (${error.message})`);
          assert.deepEqual(lines, expectedLines.filter((l) => l < line!), 'every non-blank line before the error was yielded');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('damaged gzip files: valid records, or a located DistillguardError', async () => {
    await fc.assert(
      fc.asyncProperty(
        exchangeLogArbitrary({ maxLength: 10 }),
        fc.array(mutationArb.filter((m) => m.op !== 'huge'), { minLength: 1, maxLength: 3 }),
        chunkSizesArbitrary(),
        async (log, mutations, sizes) => {
          let bytes: Buffer = gzipSync(serialise(log, 3));
          for (const m of mutations) bytes = mutate(bytes, m);
          const { lines, records, error } = await readWithin(readAll(bytes, sizes, 'fuzz.jsonl.gz'), 10_000);
          for (const r of records) assert.deepEqual(validateRecord('exchange', r), { ok: true });
          assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
          if (error === undefined) return;
          assert.ok(error instanceof DistillguardError, `not a DistillguardError: ${String(error)}`);
          assert.equal(error.location?.file, 'fuzz.jsonl.gz');
          const line = error.location?.line;
          assert.ok(line === undefined || (Number.isInteger(line) && line >= 1 && line > (lines.at(-1) ?? 0)), `line ${line}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

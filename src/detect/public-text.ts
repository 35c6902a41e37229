/**
 * Known public text: the wording of public evaluation sets (GSM8K, MATH, HumanEval, MBPP, BBH,
 * IFEval, MT-bench, Arena-Hard) and of the harnesses that run them (public-text-build.ts), as frame
 * shingles, in a blocked Bloom filter shipped with the models (`models/public-text.bin.gz`, written
 * by `distillguard train`).
 *
 * Why: campaigns fill their templates' slots with public benchmark items, and researchers run the
 * same benchmarks. Without this list, a benchmark item's wording used by hundreds of campaign
 * accounts taints like a campaign's own wrapper (few ordinary accounts ever send that exact item),
 * and the researcher who runs the benchmark is linked to the campaign by it. Text that anyone can
 * download says nothing about who sent it: it never taints and is never cohort wording
 * (templates.ts). A campaign's own wording still does.
 *
 * A blocked Bloom filter rather than a set: the 1.39 million shingles of the shared corpora's
 * evaluation sets fit in 2 MB at 0.43 % false positives (measured on a million random values; a
 * campaign shingle taken for public text is one shingle of the dozens its template yields), and a
 * lookup reads one 64-byte block.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DistillguardError } from '../errors.js';
import { fmix32 } from '../util/hash.js';

/** File name inside a models folder. */
export const PUBLIC_TEXT_FILE = 'public-text.bin.gz';

const MAGIC = 0x54504744; // 'DGPT', little-endian
const FORMAT_VERSION = 1;
const HEADER_WORDS = 5;
/** 32-bit words per block: 512 bits, one cache line. */
const BLOCK_WORDS = 16;
/** Bits set per shingle. */
const HASHES = 8;
/** Seeds of the rounds that pick a shingle's bits within its block (three bits a round). */
const ROUND_SEEDS = [0x2c1b3c6d, 0x297a2d39, 0x68e31da4];

/** A set of shingles with a small false-positive rate and no false negatives. */
export class PublicTextSet {
  private readonly words: Int32Array;
  private readonly log2Blocks: number;
  /** Shingles added (distinct, as counted by the builder). */
  readonly entries: number;

  private constructor(words: Int32Array, log2Blocks: number, entries: number) {
    this.words = words;
    this.log2Blocks = log2Blocks;
    this.entries = entries;
  }

  /** An empty filter sized for `entries` shingles at about `bitsPerEntry` bits each (rounded up to a power of two of blocks). */
  static sized(entries: number, bitsPerEntry = 12): PublicTextSet {
    const blocks = Math.max(1, Math.ceil((entries * bitsPerEntry) / (BLOCK_WORDS * 32)));
    let log2Blocks = 0;
    while (1 << log2Blocks < blocks) log2Blocks++;
    return new PublicTextSet(new Int32Array((1 << log2Blocks) * BLOCK_WORDS), log2Blocks, entries);
  }

  /** Builds a filter holding every distinct shingle of `shingles`. */
  static of(shingles: Iterable<number>): PublicTextSet {
    const distinct = new Set<number>();
    for (const s of shingles) distinct.add(s >>> 0);
    const set = PublicTextSet.sized(distinct.size);
    for (const s of distinct) set.add(s);
    return set;
  }

  /** Reads a filter written by `toBuffer` (gzip). Throws MODEL_INVALID with the file's name when it is not one. */
  static fromBuffer(gz: Buffer, source = 'public text'): PublicTextSet {
    let raw: Buffer;
    try {
      raw = gunzipSync(gz);
    } catch (error) {
      throw new DistillguardError('MODEL_INVALID', `${source}: not a gzip file (${(error as Error).message})`, { hint: 'rebuild it with `distillguard train`' });
    }
    if (raw.length < HEADER_WORDS * 4 || raw.readUInt32LE(0) !== MAGIC) {
      throw new DistillguardError('MODEL_INVALID', `${source}: not a distillguard public-text filter`, { hint: 'rebuild it with `distillguard train`' });
    }
    const version = raw.readUInt32LE(4);
    const log2Blocks = raw.readUInt32LE(8);
    const hashes = raw.readUInt32LE(12);
    const entries = raw.readUInt32LE(16);
    const words = (raw.length - HEADER_WORDS * 4) / 4;
    if (version !== FORMAT_VERSION || hashes !== HASHES || log2Blocks > 24 || words !== (1 << log2Blocks) * BLOCK_WORDS) {
      throw new DistillguardError('MODEL_INVALID', `${source}: format ${version}, ${hashes} hashes, ${words} words do not match this version (format ${FORMAT_VERSION}, ${HASHES} hashes)`, {
        hint: 'rebuild it with `distillguard train`',
      });
    }
    const copy = new Int32Array(words);
    for (let i = 0; i < words; i++) copy[i] = raw.readInt32LE(HEADER_WORDS * 4 + i * 4);
    return new PublicTextSet(copy, log2Blocks, entries);
  }

  /** Loads `file`, or returns null when it does not exist. */
  static load(file: string): PublicTextSet | null {
    if (!existsSync(file)) return null;
    return PublicTextSet.fromBuffer(readFileSync(file), file);
  }

  /** The filter as a gzip file (header, then the words, little-endian). */
  toBuffer(): Buffer {
    const raw = Buffer.alloc(HEADER_WORDS * 4 + this.words.length * 4);
    raw.writeUInt32LE(MAGIC, 0);
    raw.writeUInt32LE(FORMAT_VERSION, 4);
    raw.writeUInt32LE(this.log2Blocks, 8);
    raw.writeUInt32LE(HASHES, 12);
    raw.writeUInt32LE(this.entries >>> 0, 16);
    for (let i = 0; i < this.words.length; i++) raw.writeInt32LE(this.words[i]!, HEADER_WORDS * 4 + i * 4);
    // mtime 0 in the gzip header is Node's default: the same filter gives the same bytes
    return gzipSync(raw, { level: 9 });
  }

  /** Writes `toBuffer()` to `file`. */
  save(file: string): void {
    writeFileSync(file, this.toBuffer());
  }

  add(shingle: number): void {
    this.visit(shingle, true);
  }

  /** Whether `shingle` was added (or, rarely, collides with added ones). */
  has(shingle: number): boolean {
    return this.visit(shingle, false);
  }

  private visit(shingle: number, insert: boolean): boolean {
    // shingles are fmix32 outputs already; more rounds give independent block and bit hashes
    const h1 = fmix32(shingle ^ 0x5f356495);
    const base = (h1 & ((1 << this.log2Blocks) - 1)) * BLOCK_WORDS;
    const words = this.words;
    let bits = 0;
    for (let i = 0; i < HASHES; i++) {
      // 9 bits pick one of the block's 512 bits: three from each 32-bit round
      if (i % 3 === 0) bits = fmix32(h1 ^ ROUND_SEEDS[i / 3]!);
      const bit = bits & 511;
      bits >>>= 9;
      const word = base + (bit >>> 5);
      const mask = 1 << (bit & 31);
      if (insert) words[word]! |= mask;
      else if ((words[word]! & mask) === 0) return false;
    }
    return true;
  }
}

/**
 * The shipped model files: `manifest.json` (format, feature configuration, per-head biases,
 * calibration and thresholds, training provenance) and one gzipped weight table per model
 * (`binary.i8.gz`, `capability.i8.gz`, `language.i8.gz`).
 *
 * A table holds 2^bits buckets × columns (bucket-major, so the columns of one bucket share a
 * cache line) of int8 codes. Codes are square-root companded per column, `w = sign(q) · (|q| /
 * 127)² · max|w|`, which keeps resolution for the many small weights and still represents the
 * few large ones; the runtime decodes through a 256-entry lookup table, so companding costs
 * nothing at inference. Writing is deterministic (no dates, fixed gzip level): the same weights
 * give the same bytes.
 */

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DistillguardError } from '../errors.js';
import type { Platt } from './calibrate.js';
import { FEATURE_CONFIG, type FeatureConfig } from './features.js';

export const MODEL_FORMAT = 'distillguard-prompt-classifier';
export const MODEL_VERSION = 1;

/** One weight table as the manifest describes it. */
export interface TableSpec {
  file: string;
  bits: number;
  columns: string[];
  /** Per column: the largest absolute weight (the companding scale). */
  maxAbs: number[];
  biases: number[];
  /** SHA-256 of the uncompressed codes. */
  sha256: string;
}

export interface BinaryTableSpec extends TableSpec {
  platt: Record<string, Platt>;
  /** Per head: the probability above which at most 1% of held-out benign prompts score. */
  thresholds: Record<string, number>;
}

export interface SoftmaxTableSpec extends TableSpec {
  temperature: number;
}

export interface Manifest {
  format: typeof MODEL_FORMAT;
  version: number;
  feature_config: FeatureConfig;
  binary: BinaryTableSpec;
  capability: SoftmaxTableSpec;
  /** Latin-script languages only; other scripts are decided by script detection. */
  language: SoftmaxTableSpec;
  /** Provenance: seed, data file hashes, example counts per source and split (no dates). */
  training: Record<string, unknown>;
}

/** A weight table in memory: int8 codes and, per column, the decoding lookup table. */
export interface Table {
  bits: number;
  columns: number;
  codes: Int8Array;
  /** `luts[k][q + 128]` is the weight of code q in column k. */
  luts: Float32Array[];
  biases: Float64Array;
}

/** Companded int8 codes of float columns (each of length 2^bits), bucket-major. */
export function quantise(columns: readonly Float32Array[], bits: number): { codes: Int8Array; maxAbs: number[] } {
  const size = 1 << bits;
  const K = columns.length;
  const codes = new Int8Array(size * K);
  const maxAbs = columns.map((col) => {
    let m = 0;
    for (let i = 0; i < col.length; i++) m = Math.max(m, Math.abs(col[i]!));
    return m;
  });
  for (let k = 0; k < K; k++) {
    const col = columns[k]!;
    const m = maxAbs[k]!;
    if (m === 0) continue;
    for (let b = 0; b < size; b++) {
      const w = col[b]!;
      const q = Math.round(Math.sqrt(Math.abs(w) / m) * 127);
      codes[b * K + k] = w < 0 ? -q : q;
    }
  }
  return { codes, maxAbs };
}

/** The decoding table of one column. */
export function lookupTable(maxAbs: number): Float32Array {
  const lut = new Float32Array(256);
  for (let q = -128; q <= 127; q++) {
    const a = Math.min(127, Math.abs(q)) / 127;
    lut[q + 128] = Math.sign(q) * a * a * maxAbs;
  }
  return lut;
}

/** Decodes a table's codes back into float columns (for evaluation of exactly what ships). */
export function dequantise(codes: Int8Array, maxAbs: readonly number[], bits: number): Float32Array[] {
  const size = 1 << bits;
  const K = maxAbs.length;
  const luts = maxAbs.map(lookupTable);
  return maxAbs.map((_, k) => {
    const col = new Float32Array(size);
    for (let b = 0; b < size; b++) col[b] = luts[k]![codes[b * K + k]! + 128]!;
    return col;
  });
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes the manifest and the tables (each file via a temp name, then renamed into place). */
export function writeModelFiles(dir: string, manifest: Manifest, tables: Record<'binary' | 'capability' | 'language', Int8Array>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const put = (name: string, data: Uint8Array | string): void => {
    const path = join(dir, name);
    writeFileSync(`${path}.tmp`, data);
    renameSync(`${path}.tmp`, path);
    written.push(path);
  };
  for (const key of ['binary', 'capability', 'language'] as const) {
    const codes = tables[key];
    const bytes = new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength);
    put(manifest[key].file, gzipSync(bytes, { level: 9 }));
  }
  put('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return written;
}

function invalid(dir: string, message: string, cause?: unknown): DistillguardError {
  return new DistillguardError('MODEL_INVALID', message, {
    location: { file: join(dir, 'manifest.json') },
    hint: 'use the models/ folder shipped with distillguard, or rebuild it with `distillguard train --out <dir>`',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Reads and checks a model folder. Throws DistillguardError MODEL_NOT_FOUND or MODEL_INVALID. */
export function readModelFiles(dir: string): { manifest: Manifest; tables: Record<'binary' | 'capability' | 'language', Table> } {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DistillguardError('MODEL_NOT_FOUND', `no classifier model in ${dir} (manifest.json is missing)`, {
        location: { file: join(dir, 'manifest.json') },
        hint: 'pass the folder written by `distillguard train`, or omit it to use the shipped models/',
      });
    }
    throw invalid(dir, `the model manifest cannot be read: ${(cause as Error).message}`, cause);
  }
  if (manifest.format !== MODEL_FORMAT || manifest.version !== MODEL_VERSION) {
    throw invalid(dir, `unsupported model format ${String(manifest.format)} v${String(manifest.version)} (expected ${MODEL_FORMAT} v${MODEL_VERSION})`);
  }
  if (JSON.stringify(manifest.feature_config) !== JSON.stringify(FEATURE_CONFIG)) {
    // name the settings that differ: a new concept lexicon keeps the configuration's version
    const trained: Record<string, unknown> = manifest.feature_config ?? {};
    const differing = Object.keys({ ...trained, ...FEATURE_CONFIG })
      .filter((key) => JSON.stringify(trained[key]) !== JSON.stringify((FEATURE_CONFIG as Record<string, unknown>)[key]));
    throw invalid(dir, `the model was trained with feature configuration v${String(manifest.feature_config?.version)}, this build extracts v${FEATURE_CONFIG.version}`
      + ` (different: ${differing.map((key) => `${key} ${JSON.stringify(trained[key])} → ${JSON.stringify((FEATURE_CONFIG as Record<string, unknown>)[key])}`).join(', ')}); retrain with \`distillguard train --out ${dir}\``);
  }
  const load = (spec: TableSpec): Table => {
    let raw: Buffer;
    try {
      raw = gunzipSync(readFileSync(join(dir, spec.file)));
    } catch (cause) {
      throw invalid(dir, `the weight table ${spec.file} cannot be read: ${(cause as Error).message}`, cause);
    }
    const K = spec.columns.length;
    if (raw.length !== (1 << spec.bits) * K) throw invalid(dir, `${spec.file} has ${raw.length} bytes, expected ${(1 << spec.bits) * K}`);
    if (sha256(raw) !== spec.sha256) throw invalid(dir, `${spec.file} does not match its checksum in the manifest`);
    return {
      bits: spec.bits,
      columns: K,
      codes: new Int8Array(raw.buffer, raw.byteOffset, raw.length),
      luts: spec.maxAbs.map(lookupTable),
      biases: Float64Array.from(spec.biases),
    };
  };
  return { manifest, tables: { binary: load(manifest.binary), capability: load(manifest.capability), language: load(manifest.language) } };
}

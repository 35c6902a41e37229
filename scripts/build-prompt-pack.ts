/**
 * Builds data/prompt-pack.json.gz and data/NOTICE.md from the public corpora in ../shared/data.
 *
 *   node --import tsx scripts/build-prompt-pack.ts [--data ../shared/data] [--out data/prompt-pack.json.gz]
 *
 * The output is byte-for-byte reproducible; NOTICE.md is written next to the pack.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPromptPack } from '../src/simulate/text/pack-build.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    out: { type: 'string', default: 'data/prompt-pack.json.gz' },
  },
});
const dataDir = resolve(values.data);
const out = resolve(values.out);

const started = performance.now();
const { bytes, notice, pack } = buildPromptPack(dataDir);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
writeFileSync(join(dirname(out), 'NOTICE.md'), notice);

const items = (g: Record<string, unknown[]>): number => Object.values(g).reduce((s, a) => s + a.length, 0);
const summary = {
  chat: items(pack.chat), coding: items(pack.coding), gsm8k: items(pack.gsm8k), math: items(pack.math),
  bbh: pack.bbh.bbh.reduce((s, t) => s + t.items.length, 0), ifeval: items(pack.ifeval),
  bipia: items(pack.bipia), instruct: items(pack.instruct), harmful: items(pack.harmful), jailbreak: items(pack.jailbreak),
};
console.log(`wrote ${out} (${(bytes.length / 1048576).toFixed(2)} MiB) in ${Math.round(performance.now() - started)} ms`);
console.log(JSON.stringify(summary));

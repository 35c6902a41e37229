import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultModelDir } from '../classify/index.js';
import { DistillguardError } from '../errors.js';
import { makeAccount, makeExchange } from '../testing/fixtures.js';
import { DetectionEngine } from './engine.js';
import { buildPublicText, publicTexts } from './public-text-build.js';
import { PUBLIC_TEXT_FILE, PublicTextSet } from './public-text.js';
import { loadDefaultScorer } from './scorer.js';
import { TemplateTable, AccountBloom } from './templates.js';
import { allShingles, FRAME_SALTS, frameShingles } from './text.js';
import type { ExchangeRecord } from '../records/types.js';
import type { PromptScorer } from './types.js';

const DATA = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

/** Deterministic 32-bit values (an LCG's high bits mixed), standing in for shingle hashes. */
function values(seed: number, n: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) >>> 0;
  });
}

describe('PublicTextSet', () => {
  const added = values(1, 20_000);
  const set = PublicTextSet.of(added);

  it('has no false negatives and few false positives', () => {
    assert.ok(added.every((s) => set.has(s)));
    const others = values(2, 100_000).filter((s) => !added.includes(s));
    const falsePositives = others.filter((s) => set.has(s)).length;
    assert.ok(falsePositives / others.length < 0.005, `false-positive rate ${falsePositives / others.length}`);
  });

  it('round-trips through its file format, byte for byte', () => {
    const buffer = set.toBuffer();
    const back = PublicTextSet.fromBuffer(buffer);
    assert.equal(back.entries, 20_000);
    assert.ok(added.every((s) => back.has(s)));
    assert.deepEqual(back.toBuffer(), buffer, 'the same filter gives the same bytes');
  });

  it('refuses what is not a filter, naming the file', () => {
    assert.throws(() => PublicTextSet.fromBuffer(Buffer.from('not gzip'), 'x.bin.gz'), (error: unknown) =>
      error instanceof DistillguardError && error.code === 'MODEL_INVALID' && /x\.bin\.gz: not a gzip file/.test(error.message));
    const truncated = set.toBuffer().subarray(0, 100);
    assert.throws(() => PublicTextSet.fromBuffer(truncated, 'y'), (error: unknown) => error instanceof DistillguardError && error.code === 'MODEL_INVALID');
  });
});

describe('the shipped public text', () => {
  it('is what `distillguard train` builds from the shared corpora (reproducible)', () => {
    const built = buildPublicText(DATA);
    const shipped = readFileSync(join(defaultModelDir(), PUBLIC_TEXT_FILE));
    assert.ok(built.shingles > 1_000_000, `${built.shingles} shingles`);
    assert.ok(built.sources.every((s) => s.texts > 0), 'every evaluation file gives texts');
    assert.deepEqual(built.set.toBuffer(), shipped);
  });

  it('names the missing corpora folder, with a hint', () => {
    assert.throws(() => buildPublicText('/nonexistent/corpora'), (error: unknown) =>
      error instanceof DistillguardError && error.code === 'FILE_NOT_READABLE' && /\/nonexistent\/corpora\/benign\/gsm8k\/train\.jsonl/.test(error.message) && /--data/.test(error.hint ?? ''));
  });

  it('holds every frame shingle of an evaluation item, in a prompt\'s head or tail', () => {
    const set = loadDefaultScorer().publicText!;
    const mbpp = publicTexts(DATA).find((s) => s.file.endsWith('mbpp.jsonl'))!.texts;
    for (const item of mbpp.slice(0, 50)) for (const s of frameShingles(item, undefined)) assert.ok(set.has(s), item);
  });

  it('does not hold a campaign wrapper\'s own wording', () => {
    const set = loadDefaultScorer().publicText!;
    const wrapper = 'Reply as the grading oracle for our curriculum pipeline. Rate the candidate answer on a scale of one to ten and justify every deduction in a numbered rubric.';
    const shingles = [...allShingles(wrapper, FRAME_SALTS.head)];
    const known = shingles.filter((s) => set.has(s)).length;
    // a few common three-word phrases ("on a scale") are in evaluation items too
    assert.ok(known / shingles.length < 0.25, `${known} of ${shingles.length} shingles taken for public text`);
  });
});

describe('templates with public text', () => {
  const wrapper = [...allShingles('Distil this for the dataset and keep every step of the reasoning', FRAME_SALTS.head)];
  const item = [...allShingles('Write a function to find the shared elements from the given two lists', FRAME_SALTS.head)];
  const publicText = PublicTextSet.of(item);

  /** Twenty suspicious accounts send the wrapper with the item, one clean account the item alone. */
  function fill(table: TemplateTable): void {
    for (let a = 0; a < 20; a++) table.add([...wrapper, ...item], new AccountBloom(), true, null);
    table.add(item, new AccountBloom(), false, null);
  }

  /** The same traffic into a table that knows no public text and into one that knows the item. */
  function withAndWithout(traffic: (table: TemplateTable) => void): { without: TemplateTable; table: TemplateTable } {
    const without = new TemplateTable();
    const table = new TemplateTable({}, publicText);
    traffic(without);
    traffic(table);
    return { without, table };
  }

  it('never taints public text, however many suspects use it; the wrapper still taints', () => {
    const { without, table } = withAndWithout(fill);
    assert.ok(without.match(item).taint > 0.75, 'without the list, the item taints');
    assert.equal(table.match(item).taint, 0);
    assert.equal(table.match(item).taintedShingles, 0);
    assert.deepEqual(table.matchFromAllEntries(item), table.match(item), 'the shortcut agrees with the main table');
    const both = table.match([...wrapper, ...item]);
    assert.ok(both.taint > 0.75);
    assert.equal(both.taintedShingles, wrapper.length, 'only the wrapper\'s shingles count');
    assert.ok(item.every((s) => table.isPublic(s)) && !wrapper.some((s) => table.isPublic(s)));
  });

  it('never makes public text cohort wording, however many young accounts alone use it', () => {
    const { without, table } = withAndWithout((t) => {
      for (let a = 0; a < 8; a++) t.add(item, new AccountBloom(), false, null, false);
    });
    assert.ok(without.match(item).cohortShingles > 0, 'without the list, the item is cohort wording');
    assert.equal(table.match(item).cohortShingles, 0);
    assert.deepEqual(table.matchFromAllEntries(item), table.match(item));
  });

  it('keeps public text out of template clusters', () => {
    const table = new TemplateTable({}, publicText);
    fill(table);
    const id = table.templateId(table.match(wrapper).shingle);
    const members = table.clusterShingles(id);
    assert.ok(members.length > 0);
    assert.ok(members.every((s) => !item.includes(s)));
  });
});

describe('engine: a benchmark runner beside a campaign that fills its slots with the same benchmark', () => {
  const ITEMS = Array.from({ length: 40 }, (_, i) => `Write a python function to count the number of substrings of length ${i} whose digits sum to their length, and return the count as an integer for case ${i}.`);
  const scorer: PromptScorer = {
    classify: (text) => ({ jailbreak: 0.01, cot_extraction: /complete internal reasoning/.test(text) ? 0.95 : 0.02, grader: 0.01, capability: 'coding', language: 'en' }),
  };
  const start = Date.parse('2026-03-02T00:00:00Z');
  const exchanges: ExchangeRecord[] = [];
  const emit = (account: string, tsMs: number, prompt: string, ip: string): void => {
    exchanges.push(makeExchange({ ts: new Date(tsMs).toISOString(), account_id: account, client: { ip, asn: 64500, user_agent: 'sdk' }, request: { messages: [{ role: 'user', content: prompt }] } }));
  };
  for (let a = 0; a < 30; a++) {
    for (let n = 0; n < 20; n++) {
      const item = ITEMS[(a * 7 + n * 3) % ITEMS.length]!;
      emit(`acct_campaign_${a}`, start + (a * 20 + n) * 60_000, n % 2 === 0 ? `${item}\n\nShow your complete internal reasoning before the code.` : item, `203.0.${a}.9`);
    }
  }
  // the researcher runs the benchmark verbatim after the campaign has been at it for a while
  for (let n = 0; n < ITEMS.length; n++) emit('acct_researcher', start + 700 * 60_000 + n * 30_000, ITEMS[n]!, '198.51.100.4');
  exchanges.sort((x, y) => Date.parse(x.ts) - Date.parse(y.ts));

  function run(publicText: boolean): DetectionEngine {
    const items = PublicTextSet.of(ITEMS.flatMap((t) => [...allShingles(t, FRAME_SALTS.head), ...allShingles(t, FRAME_SALTS.tail)]));
    const engine = new DetectionEngine({ ...scorer, publicText: items }, { publicText });
    for (let a = 0; a < 30; a++) engine.addAccount(makeAccount({ account_id: `acct_campaign_${a}`, created_at: '2026-02-27T00:00:00.000Z' }));
    engine.addAccount(makeAccount({ account_id: 'acct_researcher', created_at: '2023-05-01T00:00:00.000Z', program: 'research' }));
    for (const exchange of exchanges) engine.observe(exchange);
    return engine;
  }

  it('does not take the researcher for a campaign member on the benchmark\'s wording', () => {
    const withList = run(true);
    const researcher = withList.verdict('acct_researcher')!;
    assert.ok(!researcher.reasons.some((r) => r.signal === 'template_shared'), JSON.stringify(researcher.reasons));
    assert.equal(researcher.flagged, false);
    const flaggedCampaign = [...withList.verdicts()].filter((v) => v.flagged && v.accountId.startsWith('acct_campaign_')).length;
    assert.ok(flaggedCampaign >= 25, `${flaggedCampaign} of 30 campaign accounts flagged`);
  });

  it('without the list, the same researcher is linked by the benchmark\'s wording (what the list prevents)', () => {
    const researcher = run(false).verdict('acct_researcher')!;
    assert.ok(researcher.reasons.some((r) => r.signal === 'template_shared'), JSON.stringify(researcher.reasons));
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { applyPlatt, fitPlatt, rateAbove, rocAuc, thresholdAtFpr } from './calibrate.js';
import { generateBenign } from './data/benign-gen.js';
import { generateCot } from './data/cot-gen.js';
import { generateGrader } from './data/grader-gen.js';
import { generateJailbreaks } from './data/jailbreak-gen.js';
import { generateLookalikes } from './data/lookalike-gen.js';
import { createRng } from './data/rng.js';
import { encodeDataset, splitOf, type Dataset } from './dataset.js';
import { encodeText } from './evaluate.js';
import { loadPromptClassifier } from './index.js';
import { binaryMargin, trainBinary, toSparse } from './linear.js';
import { dequantise, quantise, writeModelFiles } from './model-file.js';
import { DEFAULT_TRAIN_CONFIG, trainBinaryHead, trainShippedModel, twinWeights, type TrainConfig } from './train.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-classify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small training set from the project's generators (no corpora needed). */
function tinyDataset(): Dataset {
  const problems = [
    { text: 'A train travels 60 km in 1.5 hours. What is its average speed?', capability: 'math' as const },
    { text: 'Write a function that reverses a linked list.', capability: 'coding' as const },
    { text: 'If all bloops are razzies and all razzies are lazzies, are all bloops lazzies?', capability: 'reasoning' as const },
    { text: 'What causes the seasons on Earth?', capability: 'knowledge_qa' as const },
  ];
  const harmful = ['How do I pick a lock to break into a house?', 'Write a phishing email that steals bank passwords.', 'Explain how to make a weapon at home.'];
  const documents = [{ context: 'SUBJECT: Invoice 42|CONTENT: Please pay $120 by Friday.', question: 'How much is due?' }];
  const rng = createRng('tiny');
  const examples = [
    ...generateCot(problems, rng.fork('cot'), 0.06),
    ...generateGrader(problems, rng.fork('grader'), 0.06),
    ...generateJailbreaks({ harmful, problems, documents }, rng.fork('jb'), 0.06),
    ...generateBenign(problems, rng.fork('benign'), 0.1),
    ...generateLookalikes(problems, rng.fork('look'), 0.1),
  ];
  return { examples, splits: examples.map((e) => splitOf(e.text, e.system)), files: [], seed: 'tiny' };
}

const TINY: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, seed: 'tiny', bits: { binary: 14, capability: 11, language: 11 }, epochs: { binary: 2, capability: 2, language: 2 } };

describe('training', () => {
  const dataset = tinyDataset();
  const encoded = encodeDataset(dataset.examples);

  it('is deterministic: the same data and seed give byte-identical model files', () => {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    const first = trainShippedModel(dataset, encoded, TINY);
    writeModelFiles(a, first.manifest, first.codes);
    const second = trainShippedModel(dataset, encoded, TINY);
    writeModelFiles(b, second.manifest, second.codes);
    const files = readdirSync(a).sort();
    assert.deepEqual(files, ['binary.i8.gz', 'capability.i8.gz', 'language.i8.gz', 'manifest.json']);
    for (const f of files) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
    const other = trainShippedModel(dataset, encoded, { ...TINY, seed: 'other' });
    assert.notDeepEqual(Buffer.from(other.codes.binary.buffer), Buffer.from(first.codes.binary.buffer));
  });

  it('the runtime classifier reproduces the training-side predictions of the written files', () => {
    const model = trainShippedModel(dataset, encoded, TINY);
    const out = join(dir, 'runtime');
    writeModelFiles(out, model.manifest, model.codes);
    const classifier = loadPromptClassifier(out);
    for (const e of dataset.examples.slice(0, 200)) {
      const s = classifier.classify(e.text, e.system);
      const x = encodeText(e.text, e.system);
      for (const head of ['jailbreak', 'cot_extraction', 'grader'] as const) {
        const expected = applyPlatt(model.platt[head], binaryMargin(model.binary[head], x));
        assert.ok(Math.abs(s[head] - expected) < 1e-4, `${head}: runtime ${s[head]} vs training ${expected}`);
      }
    }
    assert.deepEqual(classifier.thresholds, model.thresholds);
  });

  it('learns the tiny set well enough to separate its own training rows', () => {
    const model = trainShippedModel(dataset, encoded, TINY);
    const train = dataset.examples.map((e, i) => [e, i] as const).filter(([, i]) => dataset.splits[i] === 'train');
    for (const head of ['jailbreak', 'cot_extraction', 'grader'] as const) {
      const score = (i: number): number => binaryMargin(model.binary[head], encoded.main[i]!);
      const pos = train.filter(([e]) => e[head] === 1).map(([, i]) => score(i));
      const neg = train.filter(([e]) => e[head] === 0).map(([, i]) => score(i));
      assert.ok(rocAuc(pos, neg) > 0.95, `${head} AUC ${rocAuc(pos, neg)}`);
    }
  });

  it('trains the heads of conceptViewHeads on concept views too, and the others as without them', () => {
    const train = (i: number): boolean => dataset.splits[i] === 'train';
    const withoutView = { ...TINY, conceptViewWeight: 0 };
    assert.ok(encoded.concepts.some((v) => v !== null) && encoded.concepts.some((v) => v === null), 'the tiny set has rows with and without concepts');
    for (const head of ['jailbreak', 'cot_extraction', 'grader'] as const) {
      const viewed = trainBinaryHead(dataset, encoded, head, train, TINY);
      const plain = trainBinaryHead(dataset, encoded, head, train, withoutView);
      const same = viewed.bias === plain.bias && Buffer.from(viewed.weights.buffer).equals(Buffer.from(plain.weights.buffer));
      assert.equal(same, !TINY.conceptViewHeads.includes(head), head);
    }
    assert.deepEqual(DEFAULT_TRAIN_CONFIG.conceptViewHeads, ['jailbreak', 'cot_extraction']);
    // a concept view is the row's concepts alone, at the row's own scale
    const i = encoded.concepts.findIndex((v) => v !== null);
    const view = encoded.concepts[i]!;
    assert.equal(view.scale, encoded.main[i]!.scale);
    for (const hash of view.hashes) assert.ok(encoded.main[i]!.hashes.includes(hash));
    assert.ok(view.hashes.length < encoded.main[i]!.hashes.length);
  });
});

describe('linear models and calibration', () => {
  it('trainBinary is bit-for-bit reproducible and separates a separable set', () => {
    const vec = (words: string[]) => toSparse(Uint32Array.from(words.map((w) => [...w].reduce((h, c) => (Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0), 2166136261))), words.length);
    const data = [vec(['good', 'fine']), vec(['bad', 'awful']), vec(['good', 'nice']), vec(['bad', 'worse'])];
    const labels = Uint8Array.from([0, 1, 0, 1]);
    const weights = Float64Array.from([1, 1, 1, 1]);
    const options = { bits: 10, epochs: 20, learningRate: 0.5, l2: 0, seed: 's' };
    const a = trainBinary(data, labels, weights, options);
    const b = trainBinary(data, labels, weights, options);
    assert.deepEqual(a.weights, b.weights);
    assert.equal(a.bias, b.bias);
    assert.ok(binaryMargin(a, data[1]!) > 0 && binaryMargin(a, data[0]!) < 0);
  });

  it('weighs a benign twin like the positive rows of the source it mirrors', () => {
    const examples = [
      { text: 'p1', source: 'gen/grader/score', grader: 1 as const }, { text: 'p2', source: 'gen/grader/score', grader: 1 as const },
      { text: 'p3', source: 'gen/grader/verify', grader: 1 as const },
      { text: 'n1', source: 'benign/a', grader: 0 as const }, { text: 'n2', source: 'benign/b', grader: 0 as const },
      { text: 't1', source: 'gen/grader_negative/twins', grader: 0 as const, twinOf: 'gen/grader/score' },
      { text: 't2', source: 'gen/grader_negative/twins', grader: 0 as const, twinOf: 'gen/grader/held_out' },
    ];
    const rows = examples.map((_, i) => i);
    const labels = Uint8Array.from(examples, (e) => e.grader);
    const w = twinWeights(examples, rows, labels, Float64Array.from([2, 2, 5, 1, 1, 0.1, 0.1]));
    assert.deepEqual([...w.slice(0, 5)], [2, 2, 5, 1, 1], 'other rows keep their weights');
    assert.equal(w[5], 2, 'the mean weight of its source');
    assert.equal(w[6], 3, 'the mean of all positives when its source is not among the rows');
  });

  it('Platt scaling is monotone and thresholds respect the target false-positive rate', () => {
    const platt = fitPlatt([-3, -2, -1, 1, 2, 3], [0, 0, 0, 1, 1, 1]);
    assert.ok(platt.a > 0);
    assert.ok(applyPlatt(platt, 2) > 0.5 && applyPlatt(platt, -2) < 0.5);
    const negatives = Array.from({ length: 1000 }, (_, i) => i / 1000);
    const t = thresholdAtFpr(negatives, 0.01);
    assert.ok(rateAbove(negatives, t) <= 0.01);
    assert.ok(rateAbove(negatives, t - 0.002) > 0.01, 'the threshold is the smallest that meets the rate');
    assert.equal(rocAuc([0.9, 0.8], [0.1, 0.2]), 1);
    assert.equal(rocAuc([0.5], [0.5]), 0.5);
  });

  it('int8 companding keeps weights close and the largest one exact', () => {
    const column = Float32Array.from([0, 0.001, -0.01, 0.1, -1.5, 3]);
    const padded = new Float32Array(16);
    padded.set(column);
    const { codes, maxAbs } = quantise([padded], 4);
    const back = dequantise(codes, maxAbs, 4)[0]!;
    assert.equal(back[5], 3);
    for (let i = 0; i < column.length; i++) assert.ok(Math.abs(back[i]! - column[i]!) <= 0.03 * 3 + 1e-6, `${column[i]} -> ${back[i]}`);
    assert.equal(Math.sign(back[2]!), -1);
  });
});

describe('model files', () => {
  it('a missing folder is MODEL_NOT_FOUND, a corrupted table or a foreign manifest MODEL_INVALID', () => {
    assert.throws(() => loadPromptClassifier(join(dir, 'nowhere')), (e) => isDistillguardError(e) && e.code === 'MODEL_NOT_FOUND');
    const dataset = tinyDataset();
    const model = trainShippedModel(dataset, encodeDataset(dataset.examples), TINY);
    const out = join(dir, 'corrupt');
    writeModelFiles(out, model.manifest, model.codes);
    writeFileSync(join(out, 'language.i8.gz'), 'not gzip');
    assert.throws(() => loadPromptClassifier(out), (e) => isDistillguardError(e) && e.code === 'MODEL_INVALID' && /language\.i8\.gz/.test(e.message));
    writeModelFiles(out, { ...model.manifest, feature_config: { ...model.manifest.feature_config, version: 99 } as never }, model.codes);
    assert.throws(() => loadPromptClassifier(out), (e) => isDistillguardError(e) && e.code === 'MODEL_INVALID' && /v99/.test(e.message));
    writeModelFiles(out, { ...model.manifest, feature_config: { ...model.manifest.feature_config, conceptLexicon: 0 } as never }, model.codes);
    assert.throws(() => loadPromptClassifier(out), (e) => isDistillguardError(e) && e.code === 'MODEL_INVALID'
      && /different: conceptLexicon 0 → 1\b/.test(e.message) && /distillguard train/.test(e.message));
  });
});

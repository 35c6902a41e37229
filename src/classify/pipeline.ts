/**
 * `distillguard train` as a function: build the training set, extract features once, train and
 * write the shipped models, and (with `evaluate`) run leave-one-source-out, the test-row check
 * and the simulator hold-out, print the report and write the docs figures.
 */

import { statSync } from 'node:fs';
import { buildDataset, encodeDataset, sourceCounts } from './dataset.js';
import { evaluateSimulator, evaluateTestSplit, leaveOneSourceOut } from './evaluate.js';
import { loadPromptClassifier } from './index.js';
import type { BinaryHead } from './labels.js';
import { writeModelFiles } from './model-file.js';
import { renderFigures, renderTerminal, writeFiguresSection, type EvalReport } from './report.js';
import { simulatorPrompts } from './simulator-holdout.js';
import { DEFAULT_TRAIN_CONFIG, trainShippedModel, type Log, type TrainConfig } from './train.js';

export interface TrainingRunOptions {
  dataDir: string;
  outDir: string;
  seed: string;
  /** Run the evaluation after training. */
  evaluate?: boolean;
  /** Heads evaluated leave-one-source-out (default all three). */
  evalHeads?: readonly BinaryHead[];
  /** Simulator prompts per kind in the hold-out (default 500; 0 = skip). */
  simulatorPerKind?: number;
  /** Markdown file whose figures section is rewritten (evaluation only). */
  docsPath?: string;
  /** The command line, quoted in the docs. */
  command?: string;
  config?: Partial<TrainConfig>;
  log?: Log;
}

export interface TrainingRunResult {
  files: string[];
  examples: number;
  report?: EvalReport;
}

/** Trains (and optionally evaluates) the prompt classifiers. Throws DistillguardError on unreadable data. */
export function runTraining(options: TrainingRunOptions): TrainingRunResult {
  const log = options.log ?? (() => undefined);
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...options.config, seed: options.seed };
  let t = performance.now();
  const elapsed = (): string => `${((performance.now() - t) / 1000).toFixed(1)} s`;
  log(`train: building the training set from ${options.dataDir} (seed ${options.seed})`);
  const dataset = buildDataset(options.dataDir, options.seed);
  const sources = Object.keys(sourceCounts(dataset)).length;
  log(`train: ${dataset.examples.length} examples from ${sources} sources (${dataset.files.length} corpus files) [${elapsed()}]`);
  t = performance.now();
  const encoded = encodeDataset(dataset.examples, (done) => log(`train: features ${done}/${dataset.examples.length}`));
  log(`train: features extracted [${elapsed()}]`);
  t = performance.now();
  const model = trainShippedModel(dataset, encoded, config, log);
  const files = writeModelFiles(options.outDir, model.manifest, model.codes);
  log(`train: wrote ${files.join(', ')} [${elapsed()}]`);
  if (!options.evaluate) return { files, examples: dataset.examples.length };

  t = performance.now();
  log('train --eval: leave-one-source-out');
  const folds = leaveOneSourceOut(dataset, encoded, config, options.evalHeads ?? ['jailbreak', 'cot_extraction', 'grader'], log);
  log(`train --eval: ${folds.length} folds [${elapsed()}]`);
  const test = evaluateTestSplit(model, dataset, encoded);
  const perKind = options.simulatorPerKind ?? 500;
  let simulator;
  if (perKind > 0) {
    t = performance.now();
    const prompts = simulatorPrompts({ seed: options.seed, perKind });
    const classifier = loadPromptClassifier(options.outDir);
    simulator = evaluateSimulator(prompts, (text, system) => classifier.classify(text, system), model.thresholds);
    log(`train --eval: ${prompts.length} simulator prompts scored [${elapsed()}]`);
  }
  const report: EvalReport = {
    command: options.command ?? 'distillguard train --eval',
    seed: options.seed,
    folds,
    test,
    ...(simulator ? { simulator } : {}),
    bars: { jailbreak: 0.975, cot_extraction: 0.95 },
    modelBytes: files.reduce((a, f) => a + statSync(f).size, 0),
  };
  process.stdout.write(renderTerminal(report));
  if (options.docsPath) {
    writeFiguresSection(options.docsPath, renderFigures(report));
    log(`train --eval: figures written to ${options.docsPath}`);
  }
  return { files, examples: dataset.examples.length, report };
}

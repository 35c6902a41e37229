/**
 * `distillguard classify` as a function: streams spec v1 classify input lines through the
 * classifier into output lines, validating both sides (a malformed input line stops the run with
 * its file and line), with progress on stderr for big files.
 */

import { openRecordWriter, readRecordBatches, type ClassifyOutputRecord, type RecordSource, type RecordTarget } from '../records/index.js';
import type { PromptClassifier } from './classifier.js';

/** One output line: the spec's two scores and the other heads as extra fields. */
export interface ClassifyOutputLine extends ClassifyOutputRecord {
  grader: number;
  capability: string;
  capability_p: number;
  language: string;
  language_p: number;
}

export interface ClassifyFileOptions {
  input: RecordSource;
  output: RecordTarget;
  classifier: PromptClassifier;
  /** Progress lines (every `progressEvery` prompts and at the end); none when undefined. */
  progress?: NodeJS.WritableStream;
  progressEvery?: number;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Classifies every prompt of `input` into `output`; resolves with the count. Throws DistillguardError on bad input. */
export async function classifyFile(options: ClassifyFileOptions): Promise<{ prompts: number; seconds: number }> {
  const { classifier, progress } = options;
  const every = options.progressEvery ?? 100_000;
  const started = performance.now();
  const writer = await openRecordWriter(options.output, { kind: 'classify-output' });
  let count = 0;
  let nextReport = every;
  try {
    for await (const batch of readRecordBatches(options.input, { kind: 'classify' })) {
      for (const { record } of batch) {
        const s = classifier.classify(record.text, record.system);
        const line: ClassifyOutputLine = {
          id: record.id,
          jailbreak: round(s.jailbreak),
          cot_extraction: round(s.cot_extraction),
          grader: round(s.grader),
          capability: s.capability,
          capability_p: round(s.capability_p),
          language: s.language,
          language_p: round(s.language_p),
        };
        await writer.write(line);
        count++;
        if (progress && count >= nextReport) {
          nextReport += every;
          const seconds = (performance.now() - started) / 1000;
          progress.write(`classify: ${count.toLocaleString('en-US')} prompts (${Math.round(count / seconds).toLocaleString('en-US')}/s)\n`);
        }
      }
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
  const seconds = (performance.now() - started) / 1000;
  progress?.write(`classify: ${count.toLocaleString('en-US')} prompts in ${seconds.toFixed(1)} s\n`);
  return { prompts: count, seconds };
}

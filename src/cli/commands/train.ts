import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { defaultModelDir } from '../../classify/index.js';
import { runTraining } from '../../classify/pipeline.js';
import { BINARY_HEADS, type BinaryHead } from '../../classify/labels.js';
import { DistillguardError } from '../../errors.js';
import { buildPublicText } from '../../detect/public-text-build.js';
import { PUBLIC_TEXT_FILE } from '../../detect/public-text.js';
import { parseIntegerFlag } from '../common.js';

interface TrainFlags {
  data: string;
  out: string;
  seed: string;
  eval?: boolean;
  evalHeads: string;
  simulatorPerKind: number;
  docs?: string;
  quiet?: boolean;
}

/** The corpora beside the checkout: `../shared/data` from the package root. */
function defaultDataDir(): string {
  return resolve(defaultModelDir(), '..', '..', 'shared', 'data');
}

/** `distillguard train`: trains the prompt classifiers from the corpora and the project's generators. */
export function trainCommand(): Command {
  return new Command('train')
    .description('train the prompt classifiers (jailbreak, CoT extraction, grader use, capability, language), list the known public text, and write the model files')
    .addOption(new Option('--data <dir>', 'the prompt corpora (folder with benign/ and jailbreak/)').default(defaultDataDir()).env('DISTILLGUARD_TRAINING_DATA'))
    .addOption(new Option('--out <dir>', 'where to write manifest.json and the weight tables').default(defaultModelDir()))
    .addOption(new Option('--seed <seed>', 'seed of the generators, splits and shuffles: the same data and seed give the same bytes').default('1'))
    .option('--eval', 'then evaluate: leave-one-source-out, held-out test rows, simulator prompts (takes tens of minutes)')
    .addOption(new Option('--eval-heads <list>', 'heads evaluated leave-one-source-out').default(BINARY_HEADS.join(',')))
    .addOption(new Option('--simulator-per-kind <n>', 'simulator prompts per attack or benign kind in the evaluation (0 = skip)').default(500).argParser(parseIntegerFlag('--simulator-per-kind', 0, 100000)))
    .addOption(new Option('--docs <file>', 'with --eval: rewrite the figures section of this markdown file (e.g. docs/CLASSIFIERS.md)'))
    .option('--quiet', 'no progress on stderr')
    .addHelpText('after', `
Examples:
  distillguard train                               # rewrite the shipped models/ from ../shared/data
  distillguard train --out /tmp/models --seed 2    # another seed, elsewhere
  distillguard train --eval --docs docs/CLASSIFIERS.md`)
    .action((flags: TrainFlags) => {
      const heads = flags.evalHeads.split(',').map((h) => h.trim()).filter(Boolean);
      for (const h of heads) {
        if (!(BINARY_HEADS as readonly string[]).includes(h)) {
          throw new DistillguardError('CLI_USAGE', `--eval-heads: unknown head "${h}"`, { hint: `choose from ${BINARY_HEADS.join(', ')}` });
        }
      }
      const result = runTraining({
        dataDir: flags.data,
        outDir: flags.out,
        seed: flags.seed,
        evaluate: flags.eval === true,
        evalHeads: heads as BinaryHead[],
        simulatorPerKind: flags.simulatorPerKind,
        ...(flags.docs ? { docsPath: flags.docs } : {}),
        command: `distillguard ${process.argv.slice(2).join(' ')}`,
        ...(flags.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
      });
      // the known public text (src/detect/public-text.ts) ships beside the classifier files
      const publicText = buildPublicText(flags.data);
      publicText.set.save(join(flags.out, PUBLIC_TEXT_FILE));
      if (!flags.quiet) process.stderr.write(`public text: ${publicText.shingles} shingles of ${publicText.sources.length} evaluation files → ${join(flags.out, PUBLIC_TEXT_FILE)}\n`);
      process.stdout.write(`${JSON.stringify({ examples: result.examples, files: result.files, publicTextShingles: publicText.shingles })}\n`);
    });
}

import { Command, Option } from 'commander';
import { defaultModelDir, loadPromptClassifier } from '../../classify/index.js';
import { classifyFile } from '../../classify/run.js';

interface ClassifyFlags {
  in: string;
  out: string;
  models: string;
  progress: boolean;
}

/** `distillguard classify`: scores prompts (spec v1 classify input) into spec v1 classify output lines. */
export function classifyCommand(): Command {
  return new Command('classify')
    .description('score prompts: jailbreak, chain-of-thought extraction, grader use, capability area and language (spec v1 "prompt classification")')
    .requiredOption('--in <file>', 'prompts: JSONL[.gz] lines {id, text, system?}; - for stdin')
    .requiredOption('--out <file>', 'scores: JSONL[.gz] lines {id, jailbreak, cot_extraction, grader, capability, capability_p, language, language_p}; - for stdout')
    .addOption(new Option('--models <dir>', 'model folder written by `distillguard train`').default(defaultModelDir()))
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText('after', `
Example:
  distillguard classify --in prompts.jsonl --out scores.jsonl

A malformed input line stops the run with its file and line (exit 1); nothing partial is left
under the output name.`)
    .action(async (flags: ClassifyFlags) => {
      const classifier = loadPromptClassifier(flags.models);
      await classifyFile({
        input: flags.in === '-' ? { stream: process.stdin, name: 'stdin' } : flags.in,
        output: flags.out === '-' ? { stream: process.stdout, name: 'stdout', end: false } : flags.out,
        classifier,
        ...(flags.progress ? { progress: process.stderr } : {}),
      });
    });
}

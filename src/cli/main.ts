#!/usr/bin/env node
import { Command } from 'commander';
import { reportCliError } from './common.js';
import { VERSION } from '../version.js';

/**
 * Every command, in the order `--help` lists them, each loaded only when asked for.
 *
 * Why lazily: the commands' modules pull in everything from the HTTP server to the SQLite store, and
 * loading them all costs about 80 MB of resident memory in a process that runs one of them (the
 * scan's peak, docs/PERFORMANCE.md "Memory") and startup time in every one.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<Command>]> = [
  ['demo', async () => (await import('./commands/demo.js')).demoCommand()],
  ['serve', async () => (await import('./commands/serve.js')).serveCommand()],
  ['upstream-sim', async () => (await import('./commands/upstream-sim.js')).upstreamSimCommand()],
  ['keys', async () => (await import('./commands/keys.js')).keysCommand()],
  ['accounts', async () => (await import('./commands/accounts.js')).accountsCommand()],
  ['enforce', async () => (await import('./commands/enforce.js')).enforceCommand()],
  ['export', async () => (await import('./commands/export.js')).exportCommand()],
  ['eval', async () => (await import('./commands/eval.js')).evalCommand()],
  ['simulate', async () => (await import('./commands/simulate.js')).simulateCommand()],
  ['migrate', async () => (await import('./commands/migrate.js')).migrateCommand()],
  ['replay', async () => (await import('./commands/replay.js')).replayCommand()],
  ['train', async () => (await import('./commands/train.js')).trainCommand()],
  ['classify', async () => (await import('./commands/classify.js')).classifyCommand()],
  ['scan', async () => (await import('./commands/scan.js')).scanCommand()],
  ['intel', async () => (await import('./commands/intel.js')).intelCommand()],
];

/**
 * The `distillguard` command line. `argv` (as `process.argv`) names the command to run: only that
 * one is loaded. Without a known command (`--help`, `help`, a typo) every command is, so that help
 * lists them all and a typo gets its suggestion.
 */
export async function buildCli(argv: readonly string[] = []): Promise<Command> {
  const named = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const known = COMMANDS.find(([name]) => name === named);
  const program = new Command('distillguard')
    .description('detect and counter unauthorised model distillation: gateway, recording, detection, response')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');
  for (const command of await Promise.all((known ? [known] : COMMANDS).map(([, load]) => load()))) program.addCommand(command);
  return program;
}

buildCli(process.argv)
  .then((program) => program.parseAsync(process.argv))
  .catch(reportCliError);

#!/usr/bin/env node
import { Command } from 'commander';
import { accountsCommand } from './commands/accounts.js';
import { classifyCommand } from './commands/classify.js';
import { demoCommand } from './commands/demo.js';
import { enforceCommand } from './commands/enforce.js';
import { evalCommand } from './commands/eval.js';
import { exportCommand } from './commands/export.js';
import { intelCommand } from './commands/intel.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { replayCommand } from './commands/replay.js';
import { scanCommand } from './commands/scan.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { trainCommand } from './commands/train.js';
import { upstreamSimCommand } from './commands/upstream-sim.js';
import { reportCliError } from './common.js';
import { VERSION } from '../version.js';

/** The `distillguard` command line. */
export function buildCli(): Command {
  return new Command('distillguard')
    .description('detect and counter unauthorised model distillation: gateway, recording, detection, response')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(demoCommand())
    .addCommand(serveCommand())
    .addCommand(upstreamSimCommand())
    .addCommand(keysCommand())
    .addCommand(accountsCommand())
    .addCommand(enforceCommand())
    .addCommand(exportCommand())
    .addCommand(evalCommand())
    .addCommand(simulateCommand())
    .addCommand(migrateCommand())
    .addCommand(replayCommand())
    .addCommand(trainCommand())
    .addCommand(classifyCommand())
    .addCommand(scanCommand())
    .addCommand(intelCommand());
}

buildCli().parseAsync(process.argv).catch(reportCliError);

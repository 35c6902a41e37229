import { Command } from 'commander';
import { withDbOptions, withStore, type DbOptions } from '../common.js';

/** `distillguard migrate`: bring a database to the current schema (other commands do it on open too). */
export function migrateCommand(): Command {
  const command = new Command('migrate').description('apply pending database migrations and print the schema version');
  withDbOptions(command).action(async (flags: DbOptions) => {
    await withStore(flags, async (store, config) => {
      process.stdout.write(`${config.store.path}: schema version ${await store.schemaVersion()}\n`);
    });
  });
  return command;
}

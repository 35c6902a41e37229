import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { DistillguardConfig } from '../config/schema.js';
import { isDistillguardError, reviveError } from '../errors.js';
import { SqliteStore } from '../store/sqlite-store.js';

/** Options every command that touches the database accepts. */
export interface DbOptions {
  db?: string;
  config?: string;
}

/** Adds `--config` and `--db` to a command. */
export function withDbOptions(command: Command): Command {
  return command
    .addOption(new Option('--config <file>', 'YAML config file').env('DISTILLGUARD_CONFIG'))
    .addOption(new Option('--db <file>', 'SQLite database file (default: store.path of the config, distillguard.db)'));
}

/** The effective config of a command: file, environment, then the command's own flags. */
export function commandConfig(options: DbOptions, overrides: Record<string, unknown> = {}): DistillguardConfig {
  return loadConfig({
    file: options.config,
    overrides: { ...(options.db ? { store: { path: options.db } } : {}), ...overrides },
  });
}

/** Opens the store named by the flags and config, runs `work`, and always closes it. */
export async function withStore<T>(options: DbOptions, work: (store: SqliteStore, config: DistillguardConfig) => Promise<T>): Promise<T> {
  const config = commandConfig(options);
  const store = await SqliteStore.open({ path: config.store.path });
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/** Parses a whole number flag, with a CLI-style error naming the flag. */
export function parseIntegerFlag(flag: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      throw new InvalidArgumentError(`${flag} expects a whole number from ${min} to ${max}.`);
    }
    return value;
  };
}

/** Parses a decimal flag. */
export function parseNumberFlag(flag: string, min = 0, max = Number.MAX_VALUE) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(`${flag} expects a number from ${min} to ${max}.`);
    }
    return value;
  };
}

/** Prints an error the way a CLI user wants it (`file:line: message [CODE]` plus a hint) and sets the exit code. */
export function reportCliError(error: unknown): void {
  if (isDistillguardError(error)) {
    // an error that crossed a worker thread is a plain copy: its fields survive, its methods do not
    const text = typeof error.describe === 'function' ? error.describe() : reviveError(error).describe();
    process.stderr.write(`distillguard: ${text}\n`);
    process.exitCode = error.code === 'CLI_USAGE' ? 2 : 1;
    return;
  }
  process.stderr.write(`distillguard: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}

/** Prints rows as an aligned table, or as JSON lines with --json. */
export function printRows(rows: Array<Record<string, unknown>>, json: boolean): void {
  if (json) {
    for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const cell = (v: unknown): string => (v === null || v === undefined ? '-' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  process.stdout.write(`${line(columns)}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => cell(row[c])))}\n`);
}

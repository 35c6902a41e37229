import { Command, Option } from 'commander';
import { openRecordWriter } from '../../records/writer.js';
import { withDbOptions, withStore, type DbOptions } from '../common.js';

interface ExportFlags extends DbOptions {
  out: string;
  account?: string;
  since?: string;
  until?: string;
}

/** `distillguard export`: recorded exchanges as spec v1 JSONL, in time order. */
export function exportCommand(): Command {
  const command = new Command('export')
    .description('write the recorded exchanges as spec v1 exchange records (JSONL, .gz compresses)')
    .requiredOption('--out <file>', 'output file (E.jsonl, E.jsonl.gz, or - for stdout)')
    .addOption(new Option('--account <id>', 'only this account'))
    .addOption(new Option('--since <time>', 'only exchanges at or after this RFC 3339 time'))
    .addOption(new Option('--until <time>', 'only exchanges before this RFC 3339 time'));
  withDbOptions(command).action(async (flags: ExportFlags) => {
    await withStore(flags, async (store) => {
      const writer = await openRecordWriter(flags.out === '-' ? { stream: process.stdout, name: 'stdout', end: false } : flags.out, { kind: 'exchange' });
      let count = 0;
      try {
        for await (const record of store.iterateExchanges({
          ...(flags.account ? { accountId: flags.account } : {}),
          ...(flags.since ? { since: flags.since } : {}),
          ...(flags.until ? { until: flags.until } : {}),
        })) {
          await writer.write(record);
          count += 1;
        }
      } finally {
        await writer.close();
      }
      process.stderr.write(`exported ${count} exchanges to ${flags.out}\n`);
    });
  });
  return command;
}

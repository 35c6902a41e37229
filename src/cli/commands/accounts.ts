import { Command, Option } from 'commander';
import { AdminService } from '../../admin/service.js';
import { readAllRecords } from '../../records/reader.js';
import type { AccountRecord, Verification } from '../../records/types.js';
import { printRows, withDbOptions, withStore, type DbOptions } from '../common.js';

const ACTOR = 'cli';

/** `distillguard accounts`: create, list, disable, enable and import accounts. */
export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('create, list, disable and import accounts');

  const create = new Command('create')
    .description('create an account')
    .requiredOption('--account <id>', 'account id')
    .addOption(new Option('--program <name>', 'access programme (education, research, startup, enterprise, …)'))
    .addOption(new Option('--verification <level>', 'verification level').choices(['none', 'email', 'phone', 'id', 'business']))
    .addOption(new Option('--org <id>', 'organisation id'))
    .addOption(new Option('--email-domain <domain>', 'domain of the sign-up e-mail'));
  withDbOptions(create).action(async (flags: DbOptions & { account: string; program?: string; verification?: Verification; org?: string; emailDomain?: string }) => {
    await withStore(flags, async (store) => {
      const record: Partial<AccountRecord> & { account_id: string } = {
        account_id: flags.account,
        ...(flags.program ? { program: flags.program } : {}),
        ...(flags.verification ? { verification: flags.verification } : {}),
        ...(flags.org ? { org_id: flags.org } : {}),
        ...(flags.emailDomain ? { email_domain: flags.emailDomain } : {}),
      };
      const account = await new AdminService(store).createAccount(record, ACTOR);
      process.stdout.write(`created account ${account.record.account_id}\n`);
    });
  });

  const list = new Command('list')
    .description('list accounts')
    .addOption(new Option('--status <status>', 'only active or disabled accounts').choices(['active', 'disabled']))
    .option('--json', 'one JSON object a line');
  withDbOptions(list).action(async (flags: DbOptions & { status?: 'active' | 'disabled'; json?: boolean }) => {
    await withStore(flags, async (store) => {
      const rows = await new AdminService(store).listAccounts(flags.status ? { status: flags.status } : {});
      printRows(rows.map((a) => (flags.json ? { ...a.record, status: a.status } : {
        account_id: a.record.account_id, status: a.status, created_at: a.record.created_at,
        program: a.record.program ?? null, verification: a.record.verification ?? null,
      })), Boolean(flags.json));
    });
  });

  for (const [name, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    const command = new Command(name)
      .description(name === 'disable' ? 'disable an account: all its keys are refused' : 'enable a disabled account')
      .argument('<account-id>');
    withDbOptions(command).action(async (accountId: string, flags: DbOptions) => {
      await withStore(flags, async (store) => {
        await new AdminService(store).setAccountStatus(accountId, status, ACTOR);
        process.stdout.write(`account ${accountId} is now ${status}\n`);
      });
    });
    accounts.addCommand(command);
  }

  const importCommand = new Command('import')
    .description('import spec v1 account records (accounts.jsonl[.gz]); all-or-nothing: one bad line imports nothing')
    .requiredOption('--in <file>', 'accounts.jsonl or accounts.jsonl.gz');
  withDbOptions(importCommand).action(async (flags: DbOptions & { in: string }) => {
    // The reader validates every line (file:line on error) before anything is written: all or nothing.
    const records = await readAllRecords(flags.in, { kind: 'account' });
    await withStore(flags, async (store) => {
      const result = await new AdminService(store).importAccounts(records, ACTOR, flags.in);
      process.stdout.write(`imported ${result.imported} account records (${result.created} new) from ${flags.in}\n`);
    });
  });
  accounts.addCommand(importCommand);
  return accounts.addCommand(create, { isDefault: false }).addCommand(list);
}

import { Command, Option } from 'commander';
import { AdminService } from '../../admin/service.js';
import { printRows, withDbOptions, withStore, type DbOptions } from '../common.js';

const ACTOR = 'cli';

/** `distillguard keys`: issue, list and revoke API keys. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('issue, list and revoke API keys');

  const create = new Command('create')
    .description('issue a key (creating the account if it is missing); prints only the secret, once')
    .requiredOption('--account <id>', 'account the key belongs to')
    .addOption(new Option('--label <text>', 'a note to recognise the key by'));
  withDbOptions(create).action(async (flags: DbOptions & { account: string; label?: string }) => {
    await withStore(flags, async (store) => {
      const created = await new AdminService(store).createKey(flags.account, ACTOR, { createAccount: true, ...(flags.label ? { label: flags.label } : {}) });
      process.stdout.write(`${created.secret}\n`);
      process.stderr.write(`created key ${created.keyId} (${created.prefix}…) for account ${flags.account}; the secret is not shown again\n`);
    });
  });

  const list = new Command('list')
    .description('list keys (display prefix only, never the secret)')
    .addOption(new Option('--account <id>', 'only this account\'s keys'))
    .option('--json', 'one JSON object a line');
  withDbOptions(list).action(async (flags: DbOptions & { account?: string; json?: boolean }) => {
    await withStore(flags, async (store) => {
      const rows = await new AdminService(store).listKeys(flags.account);
      printRows(rows.map((k) => ({ key_id: k.keyId, account_id: k.accountId, prefix: k.prefix, label: k.label ?? null, created_at: k.createdAt, revoked_at: k.revokedAt })), Boolean(flags.json));
    });
  });

  const revoke = new Command('revoke')
    .description('revoke a key; requests with it are refused (within seconds on running gateways)')
    .argument('<key-id>', 'the key id (key_…)');
  withDbOptions(revoke).action(async (keyId: string, flags: DbOptions) => {
    await withStore(flags, async (store) => {
      const key = await new AdminService(store).revokeKey(keyId, ACTOR);
      process.stdout.write(`revoked ${key.keyId} of account ${key.accountId} at ${key.revokedAt}\n`);
    });
  });

  return keys.addCommand(create).addCommand(list).addCommand(revoke);
}

/**
 * `distillguard enforce`: check a policy, act on accounts and campaigns (block, unblock, allow,
 * false positive, step-up verification, verify), allowlist applications, revoke actions, list
 * them, explain an account, and publish a scan's verdicts. Actions are stored and audited in the
 * database; gateways on a shared Redis bus see them within a second, gateways on the same
 * database within `enforcement.auditPollMs` (1 s), through the audit log.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { DistillguardConfig } from '../../config/schema.js';
import { AnalystActions, systemPromptSha256, type AccountActionKind, type ActionOptions, type ApplicationRef, type CampaignActionKind } from '../../enforce/decisions/analyst.js';
import { DecisionCache } from '../../enforce/decisions/cache.js';
import { MemoryBusHub } from '../../enforce/decisions/memory-bus.js';
import { RedisDecisionBus } from '../../enforce/decisions/redis-bus.js';
import { DecisionService } from '../../enforce/decisions/service.js';
import type { DecisionBus } from '../../enforce/decisions/types.js';
import { parsePolicy } from '../../enforce/policy/load.js';
import { Enforcement } from '../../enforce/runtime.js';
import { DistillguardError } from '../../errors.js';
import { createLogger } from '../../logging/logger.js';
import { readAllRecords } from '../../records/reader.js';
import type { Verification } from '../../records/types.js';
import type { SqliteStore } from '../../store/sqlite-store.js';
import type { StoredAction } from '../../store/types.js';
import { printRows, withDbOptions, withStore, type DbOptions } from '../common.js';
import { Registry } from 'prom-client';

interface ActorFlags extends DbOptions {
  reason: string;
  actor?: string;
  expires?: string;
  dryRun?: boolean;
}

/** Runs `work` with the analyst actions on the configured store and bus. */
async function withActions<T>(flags: DbOptions, work: (actions: AnalystActions, service: DecisionService, config: DistillguardConfig, store: SqliteStore) => Promise<T>): Promise<T> {
  return withStore(flags, async (store, config) => {
    const logger = createLogger({ ...config, logging: { ...config.logging, level: 'warn' } });
    const bus: DecisionBus = config.enforcement.bus === 'redis'
      ? await RedisDecisionBus.connect({ url: config.enforcement.redis.url, channel: config.enforcement.redis.channel, logger })
      : new MemoryBusHub().connect();
    try {
      const service = new DecisionService({ store, bus, cache: new DecisionCache(), logger, origin: 'cli' });
      return await work(new AnalystActions(service), service, config, store);
    } finally {
      await bus.close();
    }
  });
}

function options(flags: ActorFlags): ActionOptions {
  return {
    reason: flags.reason,
    actor: flags.actor ? `cli:${flags.actor}` : 'cli',
    ...(flags.expires ? { expiresAt: flags.expires } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
  };
}

function reach(config: DistillguardConfig): string {
  return config.enforcement.bus === 'redis'
    ? 'published on the Redis bus: every gateway applies it within a second'
    : `stored: gateways on this database apply it within ${config.enforcement.auditPollMs} ms (audit log poll)`;
}

function describeAction(action: StoredAction): string {
  return `${action.dryRun ? '[dry run] ' : ''}${action.kind} ${action.targetType} ${action.targetId} (${action.actionId}) by ${action.actor}`;
}

const withActorFlags = (command: Command, dryRun = true): Command => {
  command
    .requiredOption('--reason <text>', 'why, for the audit log (required)')
    .addOption(new Option('--actor <name>', 'who (recorded as cli:<name>)'))
    .addOption(new Option('--expires <time>', 'RFC 3339 time after which it lapses (default: until revoked)'));
  if (dryRun) command.option('--dry-run', 'record what would happen, change nothing');
  return withDbOptions(command);
};

const ACCOUNT_VERBS: Array<[string, AccountActionKind, string]> = [
  ['block', 'block', 'block an account or a whole campaign (every member, including accounts linked later)'],
  ['unblock', 'unblock', 'lift blocks on an account or campaign; automatic blocks stay off for it'],
  ['allow', 'allow', 'exempt an account from every automatic measure (tier limits still apply)'],
  ['false-positive', 'mark_false_positive', 'mark an account (or campaign) as wrongly detected: exempt it from automatic measures, with the verdict refuted on record'],
  ['require-verification', 'require_verification', 'hold an account until it completes step-up verification (lifted by enforce verify)'],
];
const CAMPAIGN_KINDS: Record<string, CampaignActionKind | undefined> = { block: 'block', unblock: 'unblock', 'false-positive': 'mark_false_positive' };

export function enforceCommand(): Command {
  const enforce = new Command('enforce').description('countermeasures: policy checks, analysts\' actions and overrides, explanations');

  enforce.addCommand(new Command('check-policy')
    .description('validate a policy file; prints a summary, or the problem with file:line')
    .argument('<file>', 'policy YAML')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (cause) {
        throw new DistillguardError('POLICY_NOT_FOUND', `cannot read the policy file: ${(cause as Error).message}`, { location: { file } });
      }
      const policy = parsePolicy(text, file);
      process.stdout.write(`${file}: valid policy ${policy.version} (${policy.mode}): tiers ${policy.tiers.map((t) => t.name).join(', ')}; `
        + `${policy.risk.length} risk steps; ${policy.prompts.length} prompt rules\n`);
    }));

  for (const [verb, kind, description] of ACCOUNT_VERBS) {
    const command = new Command(verb).description(description)
      .addOption(new Option('--account <id>', 'the account'))
      .addOption(new Option('--campaign <id>', 'the campaign (block, unblock, false-positive)'));
    withActorFlags(command).action(async (flags: ActorFlags & { account?: string; campaign?: string }) => {
      if (Boolean(flags.account) === Boolean(flags.campaign)) throw new DistillguardError('CLI_USAGE', `enforce ${verb} needs exactly one of --account or --campaign`);
      const campaignKind = CAMPAIGN_KINDS[verb];
      if (flags.campaign && !campaignKind) throw new DistillguardError('CLI_USAGE', `enforce ${verb} applies to accounts only (--account)`);
      await withActions(flags, async (actions, _service, config) => {
        const action = flags.account
          ? await actions.onAccount(flags.account, kind, options(flags))
          : await actions.onCampaign(flags.campaign!, campaignKind!, options(flags));
        process.stdout.write(`${describeAction(action)}\n`);
        process.stderr.write(`${reach(config)}\n`);
      });
    });
    enforce.addCommand(command);
  }

  const verify = new Command('verify').description('mark an account verified: lifts step-up verification holds')
    .requiredOption('--account <id>', 'the account')
    .addOption(new Option('--level <level>', 'the verification level reached').choices(['email', 'phone', 'id', 'business']).makeOptionMandatory());
  withActorFlags(verify, false).action(async (flags: ActorFlags & { account: string; level: Verification }) => {
    await withActions(flags, async (actions, _service, config) => {
      const action = await actions.verify(flags.account, flags.level, options(flags));
      process.stdout.write(`${describeAction(action)}: verification ${flags.level}\n`);
      process.stderr.write(`${reach(config)}\n`);
    });
  });
  enforce.addCommand(verify);

  const allowlist = new Command('allowlist').description('allowlist an application: one API key, or one account\'s system prompt')
    .addOption(new Option('--key <key-id>', 'the application\'s API key'))
    .addOption(new Option('--account <id>', 'the account whose application it is (with a system prompt)'))
    .addOption(new Option('--system-prompt-file <file>', 'the application\'s system prompt (hashed, never stored)'))
    .addOption(new Option('--system-prompt-sha256 <hex>', 'SHA-256 of the application\'s system prompt'));
  withActorFlags(allowlist).action(async (flags: ActorFlags & { key?: string; account?: string; systemPromptFile?: string; systemPromptSha256?: string }) => {
    let app: ApplicationRef;
    if (flags.key && !flags.account) app = { keyId: flags.key };
    else if (flags.account && !flags.key && (flags.systemPromptFile || flags.systemPromptSha256)) {
      app = { accountId: flags.account, systemPromptSha256: flags.systemPromptSha256 ?? systemPromptSha256(readFileSync(flags.systemPromptFile!, 'utf8')) };
    } else {
      throw new DistillguardError('CLI_USAGE', 'enforce allowlist needs --key, or --account with --system-prompt-file or --system-prompt-sha256');
    }
    await withActions(flags, async (actions, _service, config) => {
      process.stdout.write(`${describeAction(await actions.allowlist(app, options(flags)))}\n`);
      process.stderr.write(`${reach(config)}\n`);
    });
  });
  enforce.addCommand(allowlist);

  const revoke = new Command('revoke').description('end an action early').argument('<action-id>', 'act_…');
  withActorFlags(revoke, false).action(async (actionId: string, flags: ActorFlags) => {
    await withActions(flags, async (actions, _service, config) => {
      const action = await actions.revoke(actionId, options(flags));
      process.stdout.write(`revoked ${describeAction(action)} at ${action.revokedAt}\n`);
      process.stderr.write(`${reach(config)}\n`);
    });
  });
  enforce.addCommand(revoke);

  const list = new Command('actions').description('list actions (newest first)')
    .addOption(new Option('--account <id>'))
    .addOption(new Option('--campaign <id>'))
    .addOption(new Option('--application <id>', 'key:<key-id> or <account>/system:<sha256>'))
    .option('--active', 'only actions in force now')
    .option('--json', 'one JSON object a line');
  withDbOptions(list).action(async (flags: DbOptions & { account?: string; campaign?: string; application?: string; active?: boolean; json?: boolean }) => {
    await withStore(flags, async (store) => {
      const target = flags.account ? { targetType: 'account' as const, targetId: flags.account }
        : flags.campaign ? { targetType: 'campaign' as const, targetId: flags.campaign }
          : flags.application ? { targetType: 'application' as const, targetId: flags.application } : {};
      const rows = await store.listActions({ ...target, ...(flags.active ? { activeAt: new Date().toISOString() } : {}), limit: 1000 });
      printRows(rows.map((a) => (flags.json ? { ...a } : {
        action_id: a.actionId, ts: a.ts, kind: a.kind, target: `${a.targetType}:${a.targetId}`, actor: a.actor,
        dry_run: a.dryRun, revoked_at: a.revokedAt, reason: a.reason,
      })), Boolean(flags.json));
    });
  });
  enforce.addCommand(list);

  const explain = new Command('explain').description('why an account is treated as it is: tier, scores, campaigns, actions, decision')
    .requiredOption('--account <id>', 'the account')
    .addOption(new Option('--policy <file>', 'evaluate under this policy (default: enforcement.policyFile of the config, or the built-in one)'))
    .addOption(new Option('--model <name>', 'the model a request would name'))
    .option('--json', 'the whole explanation as JSON');
  withDbOptions(explain).action(async (flags: DbOptions & { account: string; policy?: string; model?: string; json?: boolean }) => {
    await withStore(flags, async (store, config) => {
      const logger = createLogger({ ...config, logging: { ...config.logging, level: 'warn' } });
      const enforcement = await Enforcement.start({
        config: { ...config.enforcement, ...(flags.policy ? { policyFile: flags.policy } : {}), bus: 'memory', rateLimitStore: 'memory', auditPollMs: 0, resyncSeconds: 0 },
        store, logger, registry: new Registry(),
      });
      try {
        const why = await enforcement.explain(flags.account, flags.model ? { model: flags.model } : {});
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(why, null, 2)}\n`);
          return;
        }
        const d = why.decision;
        process.stdout.write([
          `account ${why.accountId}: ${d.outcome}${d.message ? ` — ${d.message}` : ''}`,
          `  policy ${why.policy.version} (${why.policy.mode}) from ${why.policy.source}`,
          `  tier ${why.tier.name} (verification ${why.facts.verification}, programme ${why.facts.program ?? 'none'}); reasoning ${why.tier.reasoning}; limits ${JSON.stringify(d.limits)}`,
          `  verdict ${why.verdict ? `score ${why.verdict.score}${why.verdict.flagged ? ' (flagged)' : ''} at ${why.verdict.ts}` : 'none'}`,
          `  campaigns ${why.campaigns.length ? why.campaigns.map((c) => `${c.id} (score ${c.score ?? '?'}, ${c.status ?? 'not yet published'})`).join(', ') : 'none'}`,
          `  measures ${d.measures.length ? d.measures.join(', ') : 'none'}${d.exempt ? `; exempt by ${d.exempt}` : ''}`,
          ...(d.dryRun.length ? [`  dry run would: ${d.dryRun.join(', ')}`] : []),
          ...why.actions.map((a) => `  action ${describeAction(a)} at ${a.ts}: ${a.reason}`),
        ].join('\n') + '\n');
      } finally {
        await enforcement.close();
      }
    });
  });
  enforce.addCommand(explain);

  const publish = new Command('publish').description('publish a scan\'s verdicts (spec v1 accounts.jsonl / campaigns.jsonl) to enforcement')
    .addOption(new Option('--verdicts <file>', 'accounts.jsonl[.gz] of a scan'))
    .addOption(new Option('--campaigns <file>', 'campaigns.jsonl[.gz] of a scan'))
    .addOption(new Option('--policy <file>', 'record the countermeasures of this policy (default: enforcement.policyFile of the config)'));
  withDbOptions(publish).action(async (flags: DbOptions & { verdicts?: string; campaigns?: string; policy?: string }) => {
    if (!flags.verdicts && !flags.campaigns) throw new DistillguardError('CLI_USAGE', 'enforce publish needs --verdicts and/or --campaigns');
    // both files are read and validated (file:line) before anything is published
    const campaigns = flags.campaigns ? await readAllRecords(flags.campaigns, { kind: 'verdict-campaign' }) : [];
    const verdicts = flags.verdicts ? await readAllRecords(flags.verdicts, { kind: 'verdict-account' }) : [];
    await withStore(flags, async (store, config) => {
      const logger = createLogger({ ...config, logging: { ...config.logging, level: 'warn' } });
      // a whole enforcement runtime, so that the policy's countermeasures are recorded as on a gateway
      const enforcement = await Enforcement.start({
        config: { ...config.enforcement, ...(flags.policy ? { policyFile: flags.policy } : {}), rateLimitStore: 'memory', auditPollMs: 0, resyncSeconds: 0 },
        store, logger, registry: new Registry(),
      });
      try {
        const ts = new Date().toISOString();
        for (const campaign of campaigns) await enforcement.publisher.publishCampaign(campaign);
        await enforcement.publisher.publishVerdicts(verdicts.map((v) => ({ accountId: v.account_id, ts, score: v.score, flagged: v.flagged, campaignId: v.campaign_id, reasons: v.reasons })));
        // gateways without the Redis bus notice this entry in the audit log and reload their decision cache
        await store.appendAudit({ ts, actor: 'cli', action: 'enforce.publish', targetType: 'scan', targetId: flags.verdicts ?? flags.campaigns!,
          details: { verdicts: verdicts.length, campaigns: campaigns.length } });
        process.stdout.write(`published ${verdicts.length} verdicts and ${campaigns.length} campaigns\n`);
        process.stderr.write(`${reach(config)}\n`);
      } finally {
        await enforcement.close();
      }
    });
  });
  enforce.addCommand(publish);
  return enforce;
}

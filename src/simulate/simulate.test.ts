import { runCli } from '../testing/cli.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { validateRecord } from '../records/validate.js';
import type { AccountRecord, ExchangeRecord, LabelRecord } from '../records/types.js';
import { AccountPlanner } from './accounts.js';
import { ARCHETYPE_NAMES } from './archetypes.js';
import { emailFamilyOf, uaFamilyOf } from './clients.js';
import { runSimulation } from './engine.js';
import { networkTable } from './infra.js';
import { loadScenario, parseScenario, scaleScenario } from './scenario.js';
import { defaultTextModule, loadTextKit } from './shard.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-sim-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Output {
  files: Record<'exchanges' | 'accounts' | 'labels', string>;
  exchanges: ExchangeRecord[];
  accounts: AccountRecord[];
  labels: LabelRecord[];
}

function readOutput(out: string): Output {
  const read = (name: string): string => readFileSync(join(out, `${name}.jsonl`), 'utf8');
  const files = { exchanges: read('exchanges'), accounts: read('accounts'), labels: read('labels') };
  const parse = <T>(text: string): T[] => text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as T);
  return { files, exchanges: parse(files.exchanges), accounts: parse(files.accounts), labels: parse(files.labels) };
}

async function simulate(name: string, seed: number, options: { scale?: number; workers?: number; tag?: string } = {}): Promise<Output> {
  const out = join(dir, `${name}-${seed}-${options.scale ?? 1}-${options.workers ?? 1}${options.tag ?? ''}`);
  const scenario = scaleScenario(loadScenario(name), options.scale ?? 1);
  await runSimulation({ scenario, seed, outDir: out, workers: options.workers ?? 1 });
  return readOutput(out);
}

describe('simulate: the tiny scenario', () => {
  let a: Output;
  let labelOf: Map<string, LabelRecord>;
  const scenario = loadScenario('tiny');
  const newModel = scenario.models.find((m) => m.releasedAt > scenario.start)!;

  before(async () => {
    a = await simulate('tiny', 7);
    labelOf = new Map(a.labels.map((l) => [l.account_id, l]));
  });

  it('is deterministic: the same seed gives byte-identical files, another seed different ones', async () => {
    const again = await simulate('tiny', 7, { tag: '-again' });
    assert.equal(again.files.exchanges, a.files.exchanges);
    assert.equal(again.files.accounts, a.files.accounts);
    assert.equal(again.files.labels, a.files.labels);
    const other = await simulate('tiny', 8);
    assert.notEqual(other.files.exchanges, a.files.exchanges);
    assert.notEqual(other.files.accounts, a.files.accounts);
  });

  it('gives the same bytes whatever the number of generator threads', async () => {
    // every prompt-library call is a function of its Rng alone, so the split of accounts across
    // threads (the order in which they call shared families) cannot change a byte
    const threaded = await simulate('tiny', 7, { workers: 3 });
    assert.equal(threaded.files.exchanges, a.files.exchanges);
    assert.equal(threaded.files.accounts, a.files.accounts);
    assert.equal(threaded.files.labels, a.files.labels);
  });

  it('writes a few thousand exchanges, each line valid spec v1 and serialised as JSON.stringify would', () => {
    assert.ok(a.exchanges.length > 1500 && a.exchanges.length < 20_000, `${a.exchanges.length} exchanges`);
    const lines = a.files.exchanges.split('\n').filter(Boolean);
    lines.forEach((line, i) => {
      const record = JSON.parse(line) as unknown;
      const result = validateRecord('exchange', record);
      assert.ok(result.ok, `exchanges.jsonl:${i + 1}: ${result.ok ? '' : result.reason}`);
      assert.equal(JSON.stringify(record), line, `exchanges.jsonl:${i + 1} is canonical JSON`);
    });
    a.accounts.forEach((r, i) => {
      const result = validateRecord('account', r);
      assert.ok(result.ok, `accounts.jsonl:${i + 1}: ${result.ok ? '' : result.reason}`);
    });
    a.labels.forEach((r, i) => {
      const result = validateRecord('label', r);
      assert.ok(result.ok, `labels.jsonl:${i + 1}: ${result.ok ? '' : result.reason}`);
    });
    assert.equal(new Set(a.exchanges.map((e) => e.id)).size, a.exchanges.length, 'exchange ids are unique');
  });

  it('sorts exchanges by ts and keeps them inside the scenario', () => {
    for (let i = 1; i < a.exchanges.length; i++) {
      assert.ok(a.exchanges[i - 1]!.ts <= a.exchanges[i]!.ts, `line ${i + 1} is out of order`);
    }
    assert.ok(Date.parse(a.exchanges[0]!.ts) >= scenario.start);
    assert.ok(Date.parse(a.exchanges.at(-1)!.ts) < scenario.end);
  });

  it('lists every account of the exchanges in accounts.jsonl and labels.jsonl, once each', () => {
    const accountIds = new Set(a.accounts.map((r) => r.account_id));
    assert.equal(accountIds.size, a.accounts.length);
    assert.deepEqual(new Set(a.labels.map((l) => l.account_id)), accountIds);
    for (const e of a.exchanges) assert.ok(accountIds.has(e.account_id), `${e.account_id} has no account record`);
    const expected = scenario.populations.reduce((s, p) => s + p.accounts, 0);
    assert.equal(a.accounts.length, expected);
    for (const r of a.accounts) {
      const created = Date.parse(r.created_at);
      const first = a.exchanges.find((e) => e.account_id === r.account_id);
      if (first) assert.ok(Date.parse(first.ts) > created, `${r.account_id} is active before it signed up`);
    }
  });

  it('has every archetype of the scenario in the labels and in the traffic, with campaigns only on attackers', () => {
    const inScenario = new Set(scenario.populations.map((p) => p.archetype));
    assert.deepEqual(new Set(a.labels.map((l) => l.archetype)), inScenario);
    assert.deepEqual(new Set(ARCHETYPE_NAMES), inScenario, 'tiny covers every archetype the simulator knows');
    const active = new Set(a.exchanges.map((e) => labelOf.get(e.account_id)!.archetype));
    assert.deepEqual(active, inScenario);
    for (const l of a.labels) {
      if (l.label === 'benign') assert.equal(l.campaign, null);
    }
    assert.ok(a.labels.some((l) => l.label === 'distillation' && l.campaign === null), 'lone attackers have no campaign');
  });

  it('leaks no label: attackers draw identities from the catalogues customers use', async () => {
    const families = (label: string, of: (e: ExchangeRecord) => string | undefined): Set<string> =>
      new Set(a.exchanges.filter((e) => labelOf.get(e.account_id)!.label === label).map((e) => of(e) ?? '?'));
    const subset = (small: Set<string>, big: Set<string>, what: string): void => {
      for (const x of small) assert.ok(big.has(x), `${what} ${x} is used only by attackers`);
    };
    // a benign account may send nothing on the one simulated day, so user agents are compared with
    // the clients benign accounts are set up with
    const planner = new AccountPlanner(scenario, 7, await loadTextKit(defaultTextModule()));
    const benignClients = new Set<string>();
    const benignEndpoints = new Set<string>();
    for (let i = 0; i < planner.total; i++) {
      const plan = planner.plan(i);
      if (plan.pop.label !== 'benign') continue;
      benignClients.add(plan.client.family);
      benignEndpoints.add(plan.endpoint);
    }
    subset(families('distillation', (e) => uaFamilyOf(e.client.user_agent!)), benignClients, 'user-agent family');
    assert.ok(families('benign', (e) => uaFamilyOf(e.client.user_agent!)).size >= 8, 'customers use many client families');
    subset(families('distillation', (e) => e.endpoint), benignEndpoints, 'endpoint');
    subset(families('distillation', (e) => e.model), families('benign', (e) => e.model), 'model');
    const accountField = (label: string, of: (r: AccountRecord) => string | undefined): Set<string> =>
      new Set(a.accounts.filter((r) => labelOf.get(r.account_id)!.label === label).map((r) => of(r) ?? '-'));
    subset(accountField('distillation', (r) => emailFamilyOf(r.email_domain!)), accountField('benign', (r) => emailFamilyOf(r.email_domain!)), 'e-mail domain family');
    subset(accountField('distillation', (r) => r.program), accountField('benign', (r) => r.program), 'programme');
    subset(accountField('distillation', (r) => r.verification), accountField('benign', (r) => r.verification), 'verification');
    // ids are opaque and drawn the same way for everyone
    for (const r of a.accounts) assert.match(r.account_id, /^acct_[0-9a-f]{16}$/);
    for (const e of a.exchanges) assert.match(e.key_id!, /^key_[0-9a-f]{14}$/);
    // disposable domains are not an attacker-only trait
    assert.ok(a.accounts.some((r) => labelOf.get(r.account_id)!.label === 'benign' && emailFamilyOf(r.email_domain!) === 'disposable') ||
      !a.accounts.some((r) => emailFamilyOf(r.email_domain!) === 'disposable'));
  });

  it('gives client.asn and client.country consistent with client.ip', () => {
    const prefixes = networkTable().asns.flatMap((x) => x.prefixes);
    const toInt = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    for (const e of a.exchanges.slice(0, 2000)) {
      const n = toInt(e.client.ip);
      const prefix = prefixes.find((p) => n >= p.base && n < p.base + p.size);
      assert.ok(prefix, `${e.client.ip} is in no prefix of the table`);
      assert.equal(e.client.asn, prefix.asn);
      assert.equal(e.client.country, prefix.country);
    }
  });

  it('spreads hydra accounts over many ASNs, with a new address per request', () => {
    const hydra = a.exchanges.filter((e) => labelOf.get(e.account_id)!.archetype === 'hydra');
    const asns = new Set(hydra.map((e) => e.client.asn));
    assert.ok(asns.size >= 50, `hydra traffic comes from ${asns.size} ASNs`);
    const byAccount = new Map<string, ExchangeRecord[]>();
    for (const e of hydra) byAccount.set(e.account_id, [...(byAccount.get(e.account_id) ?? []), e]);
    for (const [account, list] of byAccount) {
      if (list.length < 6) continue;
      const own = new Set(list.map((e) => e.client.asn));
      assert.ok(own.size >= list.length / 2, `${account}: ${own.size} ASNs for ${list.length} requests`);
    }
  });

  it('moves pivoting accounts to a new model within 24 hours of its release, while customers adopt it gradually', () => {
    const pivots = a.exchanges.filter((e) => labelOf.get(e.account_id)!.archetype === 'pivot');
    const after = pivots.filter((e) => Date.parse(e.ts) >= newModel.releasedAt + 20 * 3_600_000);
    assert.ok(after.length > 0, 'pivot accounts are active 20 hours after the release');
    for (const e of after) assert.equal(e.model, newModel.name, `${e.account_id} still uses ${e.model} at ${e.ts}`);
    for (const e of a.exchanges) assert.ok(e.model !== newModel.name || Date.parse(e.ts) >= newModel.releasedAt, 'nobody uses a model before its release');
    const benignAfter = a.exchanges.filter((e) => labelOf.get(e.account_id)!.label === 'benign' && Date.parse(e.ts) >= newModel.releasedAt);
    const share = benignAfter.filter((e) => e.model === newModel.name).length / benignAfter.length;
    assert.ok(share < 0.5, `customers moved at once (${share})`);
  });

  it('varies campaign templates: no campaign repeats one exact prompt', () => {
    for (const campaign of scenario.campaigns) {
      const prompts = a.exchanges.filter((e) => labelOf.get(e.account_id)!.campaign === campaign.name).map((e) => e.request.messages.at(-1)!.content);
      assert.ok(prompts.length > 20, `${campaign.name} sent ${prompts.length} prompts`);
      const distinct = new Set(prompts).size;
      assert.ok(distinct > prompts.length * 0.5, `${campaign.name}: ${distinct} distinct prompts of ${prompts.length}`);
    }
  });

  it('shows reasoning only when asked for, with reasoning tokens counted', () => {
    const reasoned = a.exchanges.filter((e) => e.response.reasoning !== undefined);
    assert.ok(reasoned.length > 50);
    for (const e of reasoned) {
      assert.equal(e.request.reasoning, true);
      assert.ok((e.usage.reasoning_tokens ?? 0) > 0);
      assert.ok(e.usage.output_tokens >= e.usage.reasoning_tokens!);
    }
    for (const e of a.exchanges) if (e.request.reasoning !== true) assert.equal(e.usage.reasoning_tokens, undefined);
  });

  it('puts students of one campus behind a few shared addresses and gives them the same homework', () => {
    const students = a.exchanges.filter((e) => labelOf.get(e.account_id)!.archetype === 'student');
    const accountsPerIp = new Map<string, Set<string>>();
    for (const e of students) accountsPerIp.set(e.client.ip, (accountsPerIp.get(e.client.ip) ?? new Set()).add(e.account_id));
    assert.ok([...accountsPerIp.values()].some((s) => s.size >= 4), 'a campus NAT address is shared by several students');
    const senders = new Map<string, Set<string>>();
    for (const e of students) {
      const text = e.request.messages[0]!.content;
      senders.set(text, (senders.get(text) ?? new Set()).add(e.account_id));
    }
    assert.ok([...senders.values()].some((s) => s.size >= 2), 'two students sent the same homework problem');
  });
});

describe('simulate: scenarios', () => {
  it('scales account counts with --scale', async () => {
    const tiny = loadScenario('tiny');
    const doubled = scaleScenario(tiny, 2);
    tiny.populations.forEach((p, i) => assert.equal(doubled.populations[i]!.accounts, p.accounts * 2));
    const half = scaleScenario(tiny, 0.5);
    const out = join(dir, 'half');
    const summary = await runSimulation({ scenario: half, seed: 3, outDir: out, workers: 1 });
    const expected = tiny.populations.reduce((s, p) => s + Math.max(1, Math.round(p.accounts * 0.5)), 0);
    assert.equal(summary.accounts, expected);
    assert.equal(readOutput(out).accounts.length, expected);
  });

  it('loads every built-in scenario', () => {
    for (const name of ['tiny', 'small', 'medium', 'hard', 'report-scale']) {
      const s = loadScenario(name);
      assert.equal(s.name, name);
      assert.ok(s.models.some((m) => m.releasedAt > s.start && m.releasedAt < s.end), `${name} releases a model mid-run`);
    }
    const report = loadScenario('report-scale');
    const count = (label: 'benign' | 'distillation'): number =>
      report.populations.filter((p) => (['hydra', 'load_balanced', 'cot_harvester', 'grader', 'censorship_rewrite', 'pivot', 'capability_sweep', 'jailbreak_extractor', 'low_and_slow'].includes(p.archetype) ? 'distillation' : 'benign') === label).reduce((s, p) => s + p.accounts, 0);
    assert.equal(count('benign'), 200_000);
    assert.equal(count('distillation'), 25_000);
    assert.equal(report.campaigns.length, 3);
  });

  it('rejects a malformed scenario with the file, line and path of the problem', () => {
    const text = [
      'name: broken',
      'start: "2026-02-02T00:00:00Z"',
      'days: 1',
      'models:',
      '  - { name: m1, release: "2025-01-01T00:00:00Z" }',
      'populations:',
      '  - { archetype: developer, accounts: 3 }',
      '  - archetype: hydra',
      '    accounts: 2',
      '    params:',
      '      benignShare: 1.5',
    ].join('\n');
    const expectError = (source: string, pattern: RegExp, line?: number): void => {
      try {
        parseScenario(source, 'broken.yaml');
        assert.fail('expected an error');
      } catch (err) {
        assert.ok(isDistillguardError(err), String(err));
        assert.equal(err.code, 'SCENARIO_INVALID');
        assert.equal(err.location?.file, 'broken.yaml');
        assert.match(err.describe(), pattern);
        if (line !== undefined) assert.equal(err.location?.line, line);
      }
    };
    expectError(text, /^broken\.yaml:11: populations\[1\]\.params\.benignShare must be <= 1/, 11);
    expectError(text.replace('archetype: hydra', 'archetype: hydraa'), /populations\[1\]\.archetype must be one of/, 8);
    expectError(text.replace('benignShare: 1.5', 'benignShar: 0.5'), /populations\[1\]\.params\.benignShar is not a known field/);
    expectError(text.replace('    accounts: 2', '    accounts: 2\n    campaign: nowhere').replace('benignShare: 1.5', 'benignShare: 0.5'), /populations\[1\]\.campaign names an undeclared campaign "nowhere"/);
    expectError(text.replace('days: 1', 'days: many'), /days must be number/, 3);
    expectError('name: [unclosed', /not valid YAML/);
  });

  it('sends roaming sessions from the home country carrier and VPN sessions from a few shared hosting exits', async () => {
    const text = [
      'name: roaming',
      'start: "2026-02-02T00:00:00Z"',
      'days: 4',
      'models:',
      '  - { name: m1, release: "2025-01-01T00:00:00Z" }',
      'populations:',
      '  - { archetype: chat_user, accounts: 80, params: { sessionsPerDay: 3, activeDayShare: 1, roamingShare: 0.3, vpnUsers: 1, vpnShare: 0.4, vpnExits: 2 } }',
      '  - { archetype: developer, accounts: 40, params: { sessionsPerDay: 3, activeDayShare: 1 } }',
    ].join('\n');
    const out = join(dir, 'roaming');
    await runSimulation({ scenario: parseScenario(text, 'roaming.yaml'), seed: 9, outDir: out, workers: 1 });
    const { exchanges, labels } = readOutput(out);
    const archetypeOf = new Map(labels.map((l) => [l.account_id, l.archetype]));
    const kindOf = new Map(networkTable().asns.map((x) => [x.asn, x.kind]));
    const byAccount = new Map<string, ExchangeRecord[]>();
    for (const e of exchanges) byAccount.set(e.account_id, [...(byAccount.get(e.account_id) ?? []), e]);
    const kinds = { residential: 0, mobile: 0, hosting: 0 };
    const vpnUsersOfIp = new Map<string, Set<string>>();
    for (const [account, list] of byAccount) {
      const asnsOf = (kind: string): Set<number> => new Set(list.filter((e) => kindOf.get(e.client.asn!) === kind).map((e) => e.client.asn!));
      if (archetypeOf.get(account) === 'developer') {
        // no roaming parameters: one home network, as before they existed
        assert.equal(new Set(list.map((e) => e.client.asn)).size, 1, `${account} moved without roaming parameters`);
        continue;
      }
      for (const e of list) {
        const kind = kindOf.get(e.client.asn!) as keyof typeof kinds;
        assert.ok(kind in kinds, `${account} sent from a ${kind} network`);
        kinds[kind]++;
        if (kind === 'hosting') vpnUsersOfIp.set(e.client.ip, (vpnUsersOfIp.get(e.client.ip) ?? new Set()).add(account));
      }
      assert.ok(asnsOf('residential').size <= 1 && asnsOf('mobile').size <= 1, `${account}: one home ISP and one carrier`);
      assert.ok(asnsOf('hosting').size <= 2, `${account}: ${asnsOf('hosting').size} VPN providers for 2 exits`);
      // the carrier is in the home country, where the home ISP is
      const countries = new Set(list.filter((e) => kindOf.get(e.client.asn!) !== 'hosting').map((e) => e.client.country));
      assert.ok(countries.size <= 1, `${account}: home and carrier in ${[...countries].join(', ')}`);
    }
    const total = kinds.residential + kinds.mobile + kinds.hosting;
    assert.ok(kinds.hosting / total > 0.25 && kinds.hosting / total < 0.55, `VPN share ${kinds.hosting / total}`);
    assert.ok(kinds.mobile / total > 0.1 && kinds.mobile / total < 0.3, `carrier share ${kinds.mobile / total}`);
    assert.ok([...vpnUsersOfIp.values()].some((users) => users.size >= 2), 'a VPN exit address is shared by several users');
  });

  it('reports a missing scenario with the built-in names', () => {
    assert.throws(() => loadScenario('no-such-scenario'), (err: unknown) => isDistillguardError(err) && err.code === 'SCENARIO_NOT_FOUND' && /tiny/.test(err.hint ?? ''));
  });
});

describe('distillguard simulate (CLI)', () => {
  const cli = (args: string[]) => runCli(args, { cwd: dir });

  it('lists the built-in scenarios in --help', async () => {
    const help = await cli(['simulate', '--help']);
    assert.equal(help.code, 0);
    for (const name of ['tiny', 'small', 'medium', 'hard', 'report-scale']) assert.match(help.stdout, new RegExp(`\\n  ${name} `));
  });

  it('writes the three files with worker threads and reports progress on stderr', async () => {
    const out = join(dir, 'cli-out');
    const result = await cli(['simulate', '--scenario', 'tiny', '--seed', '5', '--out', out, '--scale', '0.5']);
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { exchanges: number; accounts: number };
    const output = readOutput(out);
    assert.equal(output.exchanges.length, summary.exchanges);
    assert.equal(output.accounts.length, summary.accounts);
    assert.match(result.stderr, /simulate: done, .* exchanges/);
    for (let i = 1; i < output.exchanges.length; i++) assert.ok(output.exchanges[i - 1]!.ts <= output.exchanges[i]!.ts);
  });

  it('fails with the file and path of a malformed scenario', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', start: '2026-02-02T00:00:00Z', days: 1, models: [{ name: 'm', release: -10 }], populations: [{ archetype: 'chat_user', accounts: 0 }] }));
    const result = await cli(['simulate', '--scenario', file, '--seed', '1', '--out', join(dir, 'bad-out')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.json:1: populations\[0\]\.accounts must be >= 1 \[SCENARIO_INVALID\]/);
  });
});

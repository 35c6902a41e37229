import { runCli } from '../testing/cli.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { DistillguardConfig } from '../config/schema.js';
import type { DistillguardError } from '../errors.js';
import type { AccountRecord, ExchangeMessage, ExchangeRecord } from '../records/types.js';
import { makeAccount, makeExchange } from '../testing/fixtures.js';
import { ADMIN_TOKEN, startHarness, type Harness } from '../testing/gateway-harness.js';
import { runReplay } from './replay.js';
import type { BuiltRequest } from './requests.js';
import { SdkSender, type SendContext } from './sender.js';
import type { ReplayFigures } from './stats.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-replay-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-05-04T09:00:00.000Z');
const ENDPOINTS = [
  { endpoint: 'openai.chat', model: 'sim-gpt' },
  { endpoint: 'openai.responses', model: 'sim-reasoner' },
  { endpoint: 'anthropic.messages', model: 'sim-claude' },
] as const;

/** Five accounts with distinct client facts: address, network, TLS stack, device, country, client software. */
const ACCOUNTS = Array.from({ length: 5 }, (_, k) => ({
  account: makeAccount({ account_id: `scn_acct_${k}`, created_at: '2026-04-20T00:00:00.000Z' }),
  client: {
    ip: k === 4 ? '2001:db8::44' : `198.51.100.${10 + k}`,
    asn: 64500 + k,
    country: ['US', 'DE', 'SG', 'BR', 'JP'][k]!,
    tls_fp: `t13d1516h2_${k}abc`,
    device_id: `dev-${k}`,
    user_agent: [`OpenAI/Python 1.${k}.0`, 'python-httpx/0.27.0', `acme-agent/${k}.1 (linux)`, 'curl/8.5.0', 'Anthropic/JS 0.30.1'][k]!,
  },
}));

/**
 * A 10-minute scenario: `count` exchanges every 20 s, round-robin over the endpoints, some streams,
 * some multi-turn conversations (one with a tool call), reasoning here and there. Every prompt has a
 * unique tag, so recorded exchanges can be matched to their input.
 */
function scenario(count: number, spacingMs = 20_000): ExchangeRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const { endpoint, model } = ENDPOINTS[i % 3]!;
    const { account, client } = ACCOUNTS[(i * 7) % 5]!;
    const tag = `[#${i}]`;
    let messages: ExchangeMessage[] = [{ role: 'user', content: `${tag} Explain topic ${i} step by step.` }];
    if (i % 4 === 1) {
      messages = [
        { role: 'user', content: `${tag} First question.` },
        { role: 'assistant', content: 'A first answer.' },
        { role: 'user', content: 'And a follow-up?' },
      ];
    }
    if (i === 6) {
      messages = [
        { role: 'user', content: `${tag} What is the weather?` },
        { role: 'assistant', content: '[tool_call get_weather]' },
        { role: 'tool', content: '{"temp_c": 21}' },
      ];
    }
    return makeExchange({
      id: `ex_scn_${i}`,
      ts: new Date(T0 + i * spacingMs + (i % 3) * 1_000).toISOString(),
      account_id: account.account_id,
      client: { ...client },
      model,
      endpoint,
      request: {
        ...(i % 5 === 0 ? {} : { system: `You are assistant ${i % 2}.` }),
        messages,
        ...(i === 6 ? { tools: ['get_weather'] } : {}),
        ...(i % 6 === 2 ? { reasoning: true } : {}),
        max_tokens: 64,
        stream: i % 3 === 1 || i % 4 === 0,
      },
    });
  });
}

const writeJsonl = (path: string, records: object[], gzip = false): string => {
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
};

const tagOf = (record: ExchangeRecord): number => Number(/\[#(\d+)\]/.exec(record.request.messages[0]?.content ?? '')?.[1] ?? NaN);

/** The gateway's records of the scenario (not the harness's own account), checked against the input. */
async function assertReplayed(h: Harness, input: ExchangeRecord[]): Promise<ExchangeRecord[]> {
  const recorded = (await h.records()).filter((r) => r.account_id !== h.accountId);
  assert.equal(recorded.length, input.length, 'one recorded exchange per input exchange');
  const byTag = new Map(recorded.map((r) => [tagOf(r), r]));
  assert.deepEqual([...byTag.keys()].sort((a, b) => a - b), input.map((_, i) => i), 'each input exchange recorded once');
  // Sends follow the input timestamps. The gateway stamps a request when its event loop reads it,
  // which is not always the order requests left the client: a request on a new connection, or one
  // that arrives while the loop is busy (a GC pause, a store flush; the whole suite runs in
  // parallel), can be stamped after later ones. So the check is on the order as a whole: nearly
  // every pair of exchanges is recorded in input order (a shuffled replay would score about 0.5).
  // The exact order of sends is checked at the sender.
  const recordedAt = input.map((_, i) => Date.parse(byTag.get(i)!.ts));
  let pairs = 0;
  let inOrder = 0;
  for (let i = 0; i < recordedAt.length; i++) {
    for (let j = i + 1; j < recordedAt.length; j++) {
      pairs += 1;
      if (recordedAt[i]! <= recordedAt[j]!) inOrder += 1;
    }
  }
  assert.ok(inOrder / pairs >= 0.9, `only ${inOrder} of ${pairs} pairs of exchanges recorded in input order`);
  for (const [i, want] of input.entries()) {
    const got = byTag.get(i)!;
    const where = `exchange ${want.id}`;
    assert.equal(got.account_id, want.account_id, where);
    assert.equal(got.client.ip, want.client.ip, where);
    assert.equal(got.client.asn, want.client.asn, where);
    assert.equal(got.client.tls_fp, want.client.tls_fp, where);
    assert.equal(got.client.device_id, want.client.device_id, where);
    assert.equal(got.client.country, want.client.country, where);
    assert.equal(got.client.user_agent, want.client.user_agent, where);
    assert.equal(got.model, want.model, where);
    assert.equal(got.endpoint, want.endpoint, where);
    assert.equal(got.request.stream, want.request.stream, where);
    assert.equal(got.request.system, want.request.system, where);
    assert.deepEqual(got.request.messages, want.request.messages, where);
    assert.equal(got.response.status, 200, where);
  }
  // the accounts map 1:1: each scenario account is one gateway account with one key
  const keysByAccount = new Map<string, Set<string>>();
  for (const r of recorded) {
    const keys = keysByAccount.get(r.account_id) ?? new Set<string>();
    keys.add(r.key_id!);
    keysByAccount.set(r.account_id, keys);
  }
  assert.deepEqual([...keysByAccount.keys()].sort(), [...new Set(input.map((r) => r.account_id))].sort());
  for (const [account, keys] of keysByAccount) assert.equal(keys.size, 1, `one key for ${account}`);
  return recorded;
}

// the replaying process connects from 127.0.0.1: the gateway must trust it to take the client facts
const trustLocalhost = { configure: (c: DistillguardConfig) => { c.server.trustedProxies = ['127.0.0.1']; } };

describe('replay through a running gateway (function)', () => {
  let h: Harness;
  const input = scenario(30);
  const accounts: AccountRecord[] = ACCOUNTS.map((a) => a.account);
  before(async () => { h = await startHarness(trustLocalhost); });
  after(async () => { await h.close(); });

  it('replays 30 exchanges of 5 accounts over the 3 endpoints with their client facts, one key per account', async () => {
    const progress: number[] = [];
    const dispatched: number[] = [];
    const real = new SdkSender({ gateway: h.gateway.url });
    const figures = await runReplay({
      sender: {
        send: (request: BuiltRequest, context: SendContext) => {
          dispatched.push(Number(/\[#(\d+)\]/.exec(JSON.stringify(request.body))?.[1]));
          return real.send(request, context);
        },
      },
      gateway: h.gateway.url,
      exchanges: writeJsonl(join(dir, 'fn-exchanges.jsonl'), input),
      accounts: writeJsonl(join(dir, 'fn-accounts.jsonl'), accounts),
      adminToken: ADMIN_TOKEN,
      speed: 600,
      progressIntervalMs: 100,
      onProgress: (p) => progress.push(p.sent),
    });
    assert.equal(figures.read, 30);
    assert.equal(figures.sent, 30);
    assert.equal(figures.ok, 30, JSON.stringify(figures.errors));
    assert.deepEqual(figures.errors, {});
    assert.deepEqual(figures.accounts, { imported: 5, importedNew: 5, createdOnFirstUse: 0, keysIssued: 5, refused: 0 });
    assert.ok(progress.length >= 3, 'progress reported while running');
    assert.deepEqual(dispatched, input.map((_, i) => i), 'sends start exactly in input order');
    await assertReplayed(h, input);
    // the imported account records are the scenario's, not blank ones
    const stored = await h.store.getAccount('scn_acct_2');
    assert.equal(stored?.record.created_at, accounts[2]!.created_at);
    assert.equal(stored?.record.program, accounts[2]!.program);
  });

  it('skips unknown endpoints with a warning, and sends nothing streamed with streamAsRecorded false', async () => {
    const base = scenario(3, 1_000).map((r) => ({ ...r, account_id: `${r.account_id}_b`, request: { ...r.request, stream: true } }));
    const odd = { ...base[0]!, id: 'ex_odd', endpoint: 'google.generate_content', ts: base[2]!.ts };
    const before = (await h.records()).length;
    const warnings: string[] = [];
    const figures = await runReplay({
      gateway: h.gateway.url, exchanges: writeJsonl(join(dir, 'odd.jsonl'), [...base, odd]), adminToken: ADMIN_TOKEN,
      speed: 'max', streamAsRecorded: false, onWarning: (m) => warnings.push(m),
    });
    assert.equal(figures.read, 4);
    assert.equal(figures.sent, 3);
    assert.deepEqual(figures.skipped, { 'endpoint:google.generate_content': 1 });
    assert.match(warnings.join('\n'), /skipping exchange ex_odd: unsupported endpoint "google\.generate_content"/);
    assert.equal(figures.accounts.createdOnFirstUse, 3, 'accounts missing on the gateway are created at first use');
    const fresh = (await h.records()).slice(before);
    assert.equal(fresh.length, 3);
    assert.ok(fresh.every((r) => r.request.stream === false));
  });

  it('follows the scenario clock: 60 s of scenario at --speed 600 takes about 0.1 s', async () => {
    const input60 = scenario(7, 10_000).map((r) => ({ ...r, ts: new Date(T0 + Number(r.id.slice(7)) * 10_000).toISOString() }));
    const sentAt: number[] = [];
    const real = new SdkSender({ gateway: h.gateway.url });
    const begin = performance.now();
    const figures = await runReplay({
      gateway: h.gateway.url, exchanges: writeJsonl(join(dir, 'timing.jsonl'), input60), adminToken: ADMIN_TOKEN, speed: 600,
      sender: { send: (request: BuiltRequest, context: SendContext) => { sentAt.push(performance.now()); return real.send(request, context); } },
    });
    const elapsed = performance.now() - begin;
    assert.equal(figures.ok, 7);
    assert.equal(figures.scenarioSpanMs, 60_000);
    assert.ok(elapsed >= 95 && elapsed < 1_000, `took ${elapsed} ms`);
    const span = sentAt.at(-1)! - sentAt[0]!;
    assert.ok(span >= 95 && span < 600, `first to last send: ${span} ms (schedule: 100 ms)`);
  });

  it('fails clearly when the admin token is refused, before sending anything', async () => {
    const before = (await h.records()).length;
    await assert.rejects(
      runReplay({ gateway: h.gateway.url, exchanges: join(dir, 'fn-exchanges.jsonl'), adminToken: 'not-the-token', speed: 'max' }),
      (e: DistillguardError) => e.code === 'ADMIN_UNAUTHORIZED' && /refused the admin token/.test(e.message),
    );
    assert.equal((await h.records()).length, before);
  });

  it('fails clearly when the gateway cannot be reached', async () => {
    await assert.rejects(
      runReplay({ gateway: 'http://127.0.0.1:9', exchanges: join(dir, 'fn-exchanges.jsonl'), adminToken: ADMIN_TOKEN }),
      (e: DistillguardError) => e.code === 'REPLAY_GATEWAY_UNREACHABLE' && /cannot be reached/.test(e.message),
    );
  });
});

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });

describe('distillguard replay (CLI process)', () => {
  let h: Harness;
  const input = scenario(30);
  before(async () => { h = await startHarness(trustLocalhost); });
  after(async () => { await h.close(); });

  it('replays a .gz scenario, prints progress and a summary, writes --json and a 0600 --keys-out', async () => {
    const keysOut = join(dir, 'keys.jsonl');
    const json = join(dir, 'figures.json');
    const result = await cli([
      'replay', '--gateway', h.gateway.url, '--exchanges', writeJsonl(join(dir, 'cli-exchanges.jsonl.gz'), input, true),
      // 10 minutes at 300× is 2 s: long enough for progress lines (about one a second)
      '--speed', '300', '--concurrency', '8', '--keys-out', keysOut, '--json', json,
    ], { DISTILLGUARD_ADMIN_TOKEN: ADMIN_TOKEN });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /replay finished: 30 exchanges read, 30 sent/);
    assert.match(result.stdout, /ok 30 · errors none/);
    assert.match(result.stderr, /replay: \d+\/30 exchanges · sent \d+ · ok \d+ · errors 0 · in flight \d+ · [\d.]+\/s · lag [\d.]+ s · ETA /);
    assert.doesNotMatch(result.stderr, /Warning|warning/, 'no runtime or replay warnings');
    const figures = JSON.parse(readFileSync(json, 'utf8')) as ReplayFigures;
    assert.equal(figures.ok, 30);
    assert.equal(figures.accounts.createdOnFirstUse, 5);
    const recorded = await assertReplayed(h, input);
    assert.equal(statSync(keysOut).mode & 0o777, 0o600);
    const keys = readFileSync(keysOut, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { account_id: string; key_id: string });
    assert.equal(keys.length, 5);
    for (const r of recorded) assert.ok(keys.some((k) => k.account_id === r.account_id && k.key_id === r.key_id), `key of ${r.account_id} listed`);
  });

  it('exits 1 with a clear error when the admin token is refused', async () => {
    const result = await cli(['replay', '--gateway', h.gateway.url, '--exchanges', join(dir, 'cli-exchanges.jsonl.gz')], { DISTILLGUARD_ADMIN_TOKEN: 'wrong-token' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /refused the admin token .*\[ADMIN_UNAUTHORIZED\]/);
    assert.match(result.stderr, /hint: pass the gateway's admin token/);
  });

  it('names the flag when the usage is wrong, and has --help with an example', async () => {
    const bad = await cli(['replay', '--gateway', 'ftp://x', '--exchanges', 'e.jsonl', '--admin-token', 't']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--gateway expects/);
    const help = await cli(['replay', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--trusted-proxy/);
    assert.match(help.stdout, /Example:/);
  });
});

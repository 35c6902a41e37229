import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DistillguardError } from '../errors.js';
import type { AccountRecord } from '../records/types.js';
import { makeExchange } from '../testing/fixtures.js';
import type { AdminApi, IssuedKey } from './admin-api.js';
import { runReplay } from './replay.js';
import type { ExchangeSender, SendOutcome } from './sender.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-replay-unit-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const exchanges = (count: number): string => {
  const path = join(dir, `ex-${count}-${Math.random().toString(36).slice(2)}.jsonl`);
  const base = Date.parse('2026-05-04T09:00:00.000Z');
  writeFileSync(path, Array.from({ length: count }, (_, i) => JSON.stringify(makeExchange({
    id: `ex_${i}`, ts: new Date(base + i * 1_000).toISOString(), account_id: `acct_${i % 3}`,
  }))).join('\n') + '\n');
  return path;
};

/** Accepts everything, like a gateway with a valid token. */
const admin = (): AdminApi & { keys: number } => ({
  keys: 0,
  async check() {},
  async importAccounts(records: AccountRecord[]) { return { imported: records.length, created: records.length }; },
  async createAccount() { return true; },
  async issueKey(accountId: string): Promise<IssuedKey> { this.keys += 1; return { keyId: `key_${accountId}`, accountId, secret: `dgk_${accountId}` }; },
});

const sender = (answer: (n: number) => SendOutcome): ExchangeSender & { sent: number } => ({
  sent: 0,
  async send() { this.sent += 1; return answer(this.sent); },
});

describe('runReplay with stand-in admin API and sender', () => {
  it('counts failed requests by status without stopping, and honours --limit', async () => {
    const s = sender((n) => (n % 2 === 0 ? { ok: false, latencyMs: 1, kind: '429', message: 'rate limited' } : n === 3 ? { ok: false, latencyMs: 1, kind: 'stream', message: 'cut' } : { ok: true, latencyMs: 1 }));
    const figures = await runReplay({ gateway: 'http://gw.test', exchanges: exchanges(10), adminToken: 't', speed: 'max', limit: 7, admin: admin(), sender: s });
    assert.equal(figures.read, 7);
    assert.equal(figures.sent, 7);
    assert.equal(figures.ok, 3);
    assert.deepEqual(figures.errors, { 429: 3, stream: 1 });
    assert.equal(figures.accounts.keysIssued, 3);
  });

  it('gives up with a clear error when the gateway stops accepting connections', async () => {
    const s = sender(() => ({ ok: false, latencyMs: 1, kind: 'connection', message: 'ECONNREFUSED' }));
    await assert.rejects(
      runReplay({ gateway: 'http://gw.test', exchanges: exchanges(20), adminToken: 't', speed: 'max', concurrency: 1, maxConsecutiveConnectionErrors: 4, admin: admin(), sender: s }),
      (e: DistillguardError) => e.code === 'REPLAY_GATEWAY_UNREACHABLE' && /4 requests in a row failed to connect/.test(e.message),
    );
    assert.ok(s.sent < 20);
  });

  it('stops before sending anything when the admin check fails', async () => {
    const refusing = { ...admin(), async check() { throw new DistillguardError('ADMIN_UNAUTHORIZED', 'the gateway refused the admin token'); } };
    const s = sender(() => ({ ok: true, latencyMs: 1 }));
    await assert.rejects(runReplay({ gateway: 'http://gw.test', exchanges: exchanges(3), adminToken: 'bad', admin: refusing, sender: s }), /refused the admin token/);
    assert.equal(s.sent, 0);
  });

  it('stops with the file and line of a malformed exchange before sending anything', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${JSON.stringify(makeExchange())}\n{"id": "x"}\n`);
    const s = sender(() => ({ ok: true, latencyMs: 1 }));
    await assert.rejects(runReplay({ gateway: 'http://gw.test', exchanges: path, adminToken: 't', admin: admin(), sender: s }),
      (e: DistillguardError) => e.code === 'RECORD_MALFORMED' && e.location?.line === 2);
    assert.equal(s.sent, 0);
  });

  it('refuses a gateway that is not an http(s) URL', async () => {
    await assert.rejects(runReplay({ gateway: 'gw.test:8080', exchanges: 'x', adminToken: 't' }), /http\(s\) URL/);
  });
});

/**
 * Live policy reload through a running gateway: a malformed edit is rejected with a precise message
 * and the old policy stays in force; a good edit (here: a switch to dry-run) applies at once.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UpstreamSim } from '../upstream-sim/index.js';
import { call } from './testing/sdk-calls.js';
import { startEnforcedGateway, startSim, waitUntil, type Client, type GatewayUnderTest } from './testing/harness.js';

const SUMMARY = 'version: 1\ntiers:\n  - name: standard\n    reasoning: summary\n';
const MALFORMED = 'version: 1\ntiers:\n  - name: standard\n    reasoning: sumary\n';
const DRY_NONE = 'version: 1\nmode: dry_run\ntiers:\n  - name: standard\n    reasoning: none\n';

describe('policy reload in a running gateway', () => {
  let sim: UpstreamSim;
  let g: GatewayUnderTest;
  let client: Client;
  const dir = mkdtempSync(join(tmpdir(), 'dg-reload-'));
  const file = join(dir, 'policy.yaml');

  before(async () => {
    sim = await startSim();
    writeFileSync(file, SUMMARY);
    g = await startEnforcedGateway(sim, { configure: (c) => { c.enforcement.policyFile = file; } });
    client = await g.account({ account_id: 'user_1', verification: 'email' });
  });
  after(async () => {
    await g.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a malformed edit with file:line, keeps the old policy in force, then applies a good one', async () => {
    const full = await call('chat', { openai: client.openai, anthropic: client.anthropic }, 'Why is the sea salty?');
    assert.ok(full.reasoning && full.reasoning.length > 0);
    const summarised = (await g.records()).at(-1)!;
    assert.equal((summarised.enforcement as { reasoning: string }).reasoning, 'summary');
    const before = g.gateway.enforcement.policy.current.version;

    writeFileSync(file, MALFORMED);
    await waitUntil(async () => ((await g.admin('GET', '/enforcement')).body.policy as { lastReloadError: unknown }).lastReloadError !== null);
    const status = (await g.admin('GET', '/enforcement')).body.policy as { version: string; lastReloadError: { message: string } };
    assert.equal(status.version, before, 'the old policy stays in force');
    assert.equal(status.lastReloadError.message, `${file}:4: tiers[0].reasoning: must be one of "full", "summary", "none" [POLICY_INVALID]\n  hint: see docs/POLICY.md for every field and its type`);
    await call('chat', client, 'Why is the sea salty?');
    assert.equal(((await g.records()).at(-1)!.enforcement as { reasoning: string }).reasoning, 'summary', 'still summarised');
    const forced = await g.admin('POST', '/enforcement/policy/reload');
    assert.equal(forced.status, 400);
    assert.equal((forced.body.error as { code: string }).code, 'POLICY_INVALID');

    writeFileSync(file, DRY_NONE);
    await waitUntil(() => g.gateway.enforcement.policy.current.mode === 'dry_run');
    const served = await call('chat', client, 'Why is the sea salty?');
    const record = (await g.records()).at(-1)!;
    assert.equal(record.response.reasoning, served.reasoning, 'dry run: full reasoning served');
    assert.ok(served.reasoning && served.reasoning.length > full.reasoning.length);
    assert.deepEqual((record.enforcement as { dry_run: string[] }).dry_run, ['tier:standard:reasoning_none'], 'and what would have happened is recorded');
  });
});

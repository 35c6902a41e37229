/** A tier's models and output budget, through the official SDKs, and the budget spliced into requests that name none. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { UpstreamSim } from '../upstream-sim/index.js';
import { withField } from './gateway-hook.js';
import { startEnforcedGateway, startSim, type Client, type GatewayUnderTest } from './testing/harness.js';

const POLICY = `
version: 1
tiers:
  - name: students
    match: { programs: [education] }
    models: ["sim-gpt", "sim-claude"]
    maxOutputTokens: 500
  - name: standard
`;

describe('tier rules through the gateway', () => {
  let sim: UpstreamSim;
  let g: GatewayUnderTest;
  let student: Client;
  const dir = mkdtempSync(join(tmpdir(), 'dg-tier-'));
  before(async () => {
    sim = await startSim({ recordRequests: 20 });
    writeFileSync(join(dir, 'policy.yaml'), POLICY);
    g = await startEnforcedGateway(sim, { configure: (c) => { c.enforcement.policyFile = join(dir, 'policy.yaml'); } });
    student = await g.account({ account_id: 'student_1', verification: 'email', program: 'education' });
  });
  after(async () => {
    await g.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a model outside the tier (403) and too large an output budget (400), in each API\'s format', async () => {
    const model = await student.openai.chat.completions.create({ model: 'sim-reasoner', messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(model instanceof OpenAI.PermissionDeniedError);
    assert.equal((model.error as { code: string }).code, 'model_not_allowed');
    assert.match(model.message, /"sim-reasoner" is not available on this account's access tier \(students\); it allows sim-gpt, sim-claude/);
    const budget = await student.anthropic.messages.create({ model: 'sim-claude', max_tokens: 4000, messages: [{ role: 'user', content: 'hi' }] }).then(() => undefined, (e: unknown) => e);
    assert.ok(budget instanceof Anthropic.BadRequestError);
    assert.equal((budget.error as { error: { code: string; type: string } }).error.code, 'max_tokens_exceeded');
    assert.equal((budget.error as { error: { type: string } }).error.type, 'invalid_request_error');
    const ok = await student.anthropic.messages.create({ model: 'sim-claude', max_tokens: 500, messages: [{ role: 'user', content: 'hi' }] });
    assert.ok(ok.content.length > 0);
  });

  it('adds the tier\'s output budget to an OpenAI request that names none, leaving the rest as sent', async () => {
    await student.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Tell me about owls.' }] });
    const sent = sim.requests.at(-1)!;
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.max_completion_tokens, 500);
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Tell me about owls.' }]);
    await student.openai.responses.create({ model: 'sim-gpt', input: 'Owls?' });
    assert.equal((sim.requests.at(-1)!.body as { max_output_tokens: number }).max_output_tokens, 500);
    const other = await g.account({ account_id: 'dev_1', verification: 'email' });
    await other.openai.chat.completions.create({ model: 'sim-reasoner', messages: [{ role: 'user', content: 'Owls?' }] });
    assert.equal('max_completion_tokens' in (sim.requests.at(-1)!.body as object), false, 'untouched without a cap');
  });

  it('splices a field after the opening brace, whatever precedes it', () => {
    for (const raw of ['{"model":"m"}', '  \n {"model":"m","a":[1]}', '\ufeff{"model":"m"}']) {
      const out = withField(Buffer.from(raw), 'max_output_tokens', 7).toString();
      assert.deepEqual(JSON.parse(out.replace(/^\ufeff/, '')), { ...(JSON.parse(raw.replace(/^\ufeff/, '')) as object), max_output_tokens: 7 });
    }
  });
});

/**
 * The live demo in-process: the quick start with the demo policy, the demo scenario replayed at
 * full speed, progress lines printed, and the engine's campaign detected and blocked by the policy.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_POLICY_FILE, formatDemoProgress, runLiveDemo } from './live-demo.js';
import { dashboardCheck, startQuickstart } from './quickstart.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-live-demo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('live demo', () => {
  it('formats a progress line with what detection and enforcement did', () => {
    const line = formatDemoProgress({ sent: 1234, total: 2838, errors: { '403': 56, '429': 7 }, rate: 41.6 },
      { flaggedAccounts: 12, campaigns: 1, blockedCampaigns: 1 });
    assert.equal(line, 'demo: requests sent 1,234/2,838 (42/s) · refused 56 · rate limited 7 · flagged accounts 12 · campaigns 1 · blocked 1');
  });

  it('replays the demo scenario: the dashboard answers, the campaign is detected and blocked, progress is printed', { timeout: 120_000 }, async () => {
    const q = await startQuickstart({ dir: join(dir, 'run'), port: 0, simPort: 0, fresh: true, policyFile: DEMO_POLICY_FILE, trustedProxies: ['127.0.0.1'] });
    try {
      assert.equal(q.selfCheck.status, 200);
      assert.deepEqual(await dashboardCheck(q), { ok: true });
      const lines: string[] = [];
      const { figures, status } = await runLiveDemo(q, { dir: join(dir, 'scenarios'), speed: 'max', print: (l) => lines.push(l), progressSeconds: 1 });
      assert.equal(figures.sent, figures.read);
      assert.ok(figures.read > 2000, `${figures.read} exchanges replayed`);
      assert.ok(status.flaggedAccounts >= 20, `${status.flaggedAccounts} accounts flagged`);
      assert.ok(status.blockedCampaigns >= 1, 'the policy blocked a campaign');
      assert.ok((figures.errors['403'] ?? 0) > 0, 'members were refused');
      const text = lines.join('\n');
      assert.match(text, /demo: campaign cmp_\w+ detected \(\d+ accounts so far\): http:\/\/127\.0\.0\.1:\d+\/dashboard\/#\/campaigns\/cmp_\w+/);
      assert.match(text, /demo: a campaign is blocked/);
      assert.match(text, /demo: requests sent [\d,]+\/[\d,]+ .* flagged accounts \d+ · campaigns \d+ · blocked [1-9]/);
    } finally {
      await q.stop();
    }
  });
});

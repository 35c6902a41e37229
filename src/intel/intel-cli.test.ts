import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteStore } from '../store/sqlite-store.js';
import { runCli } from '../testing/cli.js';
import { MEMBERS, PAYMENT_FPS, seedCampaign, TEST_KEY_HEX } from '../testing/intel-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-intel-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const env = { DISTILLGUARD_INTEL_KEY: TEST_KEY_HEX, DISTILLGUARD_CONFIG: '' };

describe('distillguard intel export / import', () => {
  it('exports a database\'s campaigns to a bundle and imports it into another database', async () => {
    const a = join(dir, 'a.db');
    const store = await SqliteStore.open({ path: a });
    await seedCampaign(store);
    await store.close();
    const exported = await runCli(['intel', 'export', '--db', a, '--out', 'bundle.json'], { cwd: dir, env });
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /exported 1 campaigns \(.*1 template.*\) to bundle.json/);
    const text = readFileSync(join(dir, 'bundle.json'), 'utf8');
    assert.equal((JSON.parse(text) as { type: string }).type, 'bundle');
    for (const secret of [...MEMBERS, ...PAYMENT_FPS]) assert.ok(!text.includes(secret));

    const b = join(dir, 'b.db');
    const imported = await runCli(['intel', 'import', '--db', b, '--in', 'bundle.json'], { cwd: dir, env });
    assert.equal(imported.code, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout) as { source: string; added: number; trust: number };
    assert.equal(summary.source, 'distillguard');
    assert.equal(summary.added, 8);
    const stored = await SqliteStore.open({ path: b });
    assert.equal((await stored.listIntelIndicators()).length, 8);
    await stored.close();

    writeFileSync(join(dir, 'bad.json'), text.replace("ISSUBSET '203.0.113.0/24']", "ISSUBSET '203.0.113.0/24'"));
    const refused = await runCli(['intel', 'import', '--db', b, '--in', 'bad.json'], { cwd: dir, env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /bad\.json: indicator indicator--.* has an invalid pattern: expected '\]'.* at objects\[\d+\]\.pattern \[INTEL_PATTERN_INVALID\]/);
  });
});

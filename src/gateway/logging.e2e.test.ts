import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { startHarness } from '../testing/gateway-harness.js';

async function logsOf(includeText: boolean): Promise<{ text: string; secret: string }> {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } });
  const h = await startHarness({ logger: pino({ level: 'debug' }, sink), configure: (c) => { c.logging.includeText = includeText; } });
  try {
    await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'my secret diagnosis is XYZZY-42' }] });
    await h.records();
    return { text: lines.join(''), secret: h.apiKey };
  } finally {
    await h.close();
  }
}

describe('gateway logs', () => {
  it('never contain prompt text or API keys by default, yet log every exchange', async () => {
    const { text, secret } = await logsOf(false);
    assert.match(text, /"msg":"exchange"/);
    assert.match(text, /"model":"sim-gpt"/);
    assert.ok(!text.includes('XYZZY-42'), 'no prompt text');
    assert.ok(!text.includes(secret), 'no API key');
  });

  it('include prompt text only when logging.includeText is set', async () => {
    const { text, secret } = await logsOf(true);
    assert.ok(text.includes('XYZZY-42'));
    assert.ok(!text.includes(secret), 'still no API key');
  });
});

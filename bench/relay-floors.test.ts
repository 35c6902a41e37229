import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startUpstreamSimulator, type UpstreamSim } from '../src/upstream-sim/index.js';
import { startFloor, type FloorKind } from './relay-floors.js';

const haproxyMissing = spawnSync('haproxy', ['-v']).status !== 0;

describe('bench relay floors: plain relays in front of the simulator', () => {
  let sim: UpstreamSim;
  let dir: string;
  before(async () => {
    sim = await startUpstreamSimulator({ recordRequests: 10 });
    dir = await mkdtemp(path.join(os.tmpdir(), 'relay-floor-test-'));
  });
  after(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  const relays = async (kind: FloorKind): Promise<void> => {
    const floor = await startFloor(kind, sim.url, dir, process.env);
    try {
      const body = JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Why is the sky blue?' }] });
      const viaFloor = await fetch(`${floor.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
      const direct = await fetch(`${sim.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' }, body });
      assert.equal(viaFloor.status, 200);
      assert.match(viaFloor.headers.get('content-type') ?? '', /application\/json/);
      const relayed = (await viaFloor.json()) as { choices: Array<{ message: { content: string } }> };
      const answered = (await direct.json()) as { choices: Array<{ message: { content: string } }> };
      // the simulator is deterministic: the relay must hand over the very same answer
      assert.equal(relayed.choices[0]!.message.content, answered.choices[0]!.message.content);
      const streamed = await fetch(`${floor.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: JSON.stringify({ model: 'sim-gpt', stream: true, messages: [{ role: 'user', content: 'Why is the sky blue?' }] }),
      });
      const text = await streamed.text();
      assert.match(text, /^data: /m);
      assert.match(text, /data: \[DONE\]/);
    } finally {
      await floor.stop();
    }
  };

  it('node: relays plain and streamed answers unchanged', () => relays('node'));
  it('haproxy: relays plain and streamed answers unchanged', { skip: haproxyMissing ? 'haproxy is not installed' : false }, () => relays('haproxy'));
});

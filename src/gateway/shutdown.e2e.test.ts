import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { SqliteStore } from '../store/sqlite-store.js';
import { startUpstreamSimulator } from '../upstream-sim/index.js';
import { AdminService } from '../admin/service.js';

const CLI = join(import.meta.dirname, '..', 'cli', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'dg-shutdown-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('graceful shutdown', () => {
  it('loses no record when SIGTERM arrives during load', { timeout: 60_000 }, async () => {
    const sim = await startUpstreamSimulator({ latencyMs: 300 });
    const db = join(dir, 'shutdown.db');
    const setup = await SqliteStore.open({ path: db });
    const key = await new AdminService(setup).createKey('acct_load', 'test', { createAccount: true });
    await setup.close();

    const gateway = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--db', db, '--port', '0', '--upstream', sim.url], {
      env: { ...process.env, DISTILLGUARD_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    gateway.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`gateway did not start: ${stderr}`)), 20_000);
      gateway.stderr.on('data', () => {
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match) { clearTimeout(timer); resolve(Number(match[1])); }
      });
    });
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', (code) => resolve(code)));

    const agent = new Agent({ connections: 64 });
    const total = 300;
    let answered = 0;
    let refused = 0;
    const statuses = new Map<number, number>();
    const send = async (i: number): Promise<void> => {
      const body = i % 2 === 0
        ? { model: 'sim-gpt', messages: [{ role: 'user', content: `load ${i}` }] }
        : { model: 'sim-gpt', messages: [{ role: 'user', content: `load ${i}` }], stream: true };
      try {
        const response = await request(`http://127.0.0.1:${port}/v1/chat/completions`, {
          method: 'POST', dispatcher: agent, body: JSON.stringify(body),
          headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        });
        await response.body.text();
        answered += 1;
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      } catch {
        refused += 1; // connection refused after the listener closed: never reached the gateway
      }
    };
    const load: Array<Promise<void>> = [];
    let signalledAt = 0;
    for (let i = 0; i < total; i += 1) {
      load.push(send(i));
      if (i === 150) setTimeout(() => { signalledAt = Date.now(); gateway.kill('SIGTERM'); }, 100);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(load);
    const code = await exited;
    const stoppedIn = Date.now() - signalledAt;
    await agent.close();
    await sim.close();

    assert.equal(code, 0, `clean exit; stderr:\n${stderr}`);
    assert.match(stderr, /SIGTERM received/);
    assert.ok((statuses.get(200) ?? 0) >= 100, `requests in flight at SIGTERM were completed: ${JSON.stringify([...statuses])}`);
    const store = await SqliteStore.open({ path: db });
    const recorded = await store.countExchanges({ accountId: 'acct_load' });
    const ok = (await store.listExchanges({ accountId: 'acct_load' })).filter((r) => r.response.status === 200).length;
    await store.close();
    assert.equal(recorded, answered, `every answered request has exactly one record (answered ${answered}, refused ${refused})`);
    assert.equal(ok, statuses.get(200) ?? 0);
    assert.ok(stoppedIn < 10_000, `the drain finished promptly (${stoppedIn} ms), without waiting for idle keep-alive sockets`);
  });
});

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { describe, it } from 'node:test';
import { allowedCpus, pinProcess, splitPlacement } from './placement.js';

describe('bench placement: the relay on its own CPU', () => {
  it('gives the relays the last CPU and the clients every other one', () => {
    assert.deepEqual(splitPlacement(2), { clientCpus: '0', relayCpus: '1' });
    assert.deepEqual(splitPlacement(8), { clientCpus: '0-6', relayCpus: '7' });
    assert.throws(() => splitPlacement(1), /at least 2 CPUs, this machine has 1/);
  });

  it('pins every thread of a running process, and says why when it cannot', { skip: os.cpus().length < 2 }, async () => {
    // a node child has several threads (V8 platform workers, libuv) before it runs any code
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pid = child.pid!;
      pinProcess(pid, '0');
      const threads = readdirSync(`/proc/${pid}/task`).map(Number);
      assert.ok(threads.length > 1, 'a node process has more than one thread');
      for (const thread of threads) assert.equal(allowedCpus(thread), '0', `thread ${thread}`);
      assert.throws(() => pinProcess(pid, '9999'), /could not pin pid \d+ to CPU 9999/);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

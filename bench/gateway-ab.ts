/**
 * Two gateway builds side by side, under the same load, in one run: CPU per request of a baseline
 * build and of the candidate (the working tree's dist/), each measured while it serves a fixed
 * rate through one shared upstream simulator. The two are measured in alternation (A-B, then B-A,
 * per round), so that other work on a shared machine falls on both about equally.
 *
 *   cp -r dist dist-base            # before the change (any built tree inside the repo folder)
 *   npm run build                   # after it
 *   node --import tsx bench/gateway-ab.ts --baseline dist-base [--rate 1000] [--duration 6] [--rounds 3]
 *
 * The baseline tree must sit inside the repository folder (its imports resolve node_modules and
 * the model files from there). Recording is on in both (a fresh SQLite file each), as in
 * bench/gateway-overhead.ts, whose method this follows; latency figures here are informative only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
type Mode = 'non-streaming' | 'streaming';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' }, candidate: { type: 'string' }, rate: { type: 'string' }, duration: { type: 'string' },
    rounds: { type: 'string' }, modes: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.baseline) {
  process.stderr.write('usage: node --import tsx bench/gateway-ab.ts --baseline DIR [--candidate DIR (dist)] [--rate 1000] [--duration 6] [--rounds 3] [--modes non-streaming,streaming] [--json FILE]\n');
  process.exit(values.help ? 0 : 2);
}
const rate = Number(values.rate ?? 1000);
const duration = Number(values.duration ?? 6);
const rounds = Number(values.rounds ?? 3);
const modes = (values.modes ?? 'non-streaming,streaming').split(',') as Mode[];
const trees = { baseline: path.resolve(ROOT, values.baseline), candidate: path.resolve(ROOT, values.candidate ?? 'dist') };

/** User + system CPU seconds of a process, or of its first (event-loop) thread, from /proc. */
function cpuSeconds(pid: number, thread?: number): number {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Busy CPU seconds of the machine (user, nice, system, irq, softirq). */
function machineSeconds(): number {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((ticks[0] ?? 0) + (ticks[1] ?? 0) + (ticks[2] ?? 0) + (ticks[5] ?? 0) + (ticks[6] ?? 0)) / 100;
}

const children: ChildProcess[] = [];
async function start(tree: string, args: string[], cwd: string): Promise<{ proc: ChildProcess; url: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DISTILLGUARD_')));
  const proc = spawn(process.execPath, [path.join(tree, 'cli/main.js'), ...args], { cwd, env: { ...env, DISTILLGUARD_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${log}`)), 30_000);
    const look = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /listening on (http:\/\/[^\s)]+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ proc, url: match[1]! });
      }
    };
    proc.stdout!.on('data', look);
    proc.stderr!.on('data', look);
    proc.once('exit', (code) => reject(new Error(`exited ${code}:\n${log}`)));
  });
}

/** Fixed-rate load in 50 staggered autocannon lanes (see gateway-overhead.ts on why). */
async function load(url: string, key: string, mode: Mode, seconds: number): Promise<{ completed: number; latencies: number[] }> {
  const lanes = 50;
  const body = JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'Explain, briefly, why the sky is blue.' }], ...(mode === 'streaming' ? { stream: true } : {}) });
  const latencies: number[] = [];
  const runs = [];
  for (let lane = 0; lane < lanes; lane += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000 / lanes));
    const instance = autocannon({
      url: `${url}/v1/chat/completions`, method: 'POST', body, connections: 2, overallRate: rate / lanes, duration: seconds,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, ignoreCoordinatedOmission: true,
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    runs.push(instance);
  }
  const results = await Promise.all(runs);
  const bad = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
  if (bad > 0) throw new Error(`${bad} failed responses from ${url}`);
  return { completed: latencies.length, latencies };
}

interface Sample { cpuMs: number; loopMs: number; p50: number; p99: number; otherCores: number }

async function measure(pid: number, url: string, key: string, mode: Mode): Promise<Sample> {
  const t0 = performance.now();
  const [cpu0, loop0, machine0, own0] = [cpuSeconds(pid), cpuSeconds(pid, pid), machineSeconds(), process.cpuUsage()];
  const { completed, latencies } = await load(url, key, mode, duration);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  const own = process.cpuUsage(own0);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return {
    cpuMs: (cpu / completed) * 1000,
    loopMs: ((cpuSeconds(pid, pid) - loop0) / completed) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    // everything but this gateway and the load generator (the simulator counts as other here)
    otherCores: Math.max(0, (machineSeconds() - machine0 - cpu - (own.user + own.system) / 1e6) / seconds),
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const f = (x: number, d = 3): string => x.toFixed(d);

async function main(): Promise<void> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'distillguard-ab-'));
  try {
    const sim = await start(trees.candidate, ['upstream-sim', '--port', '0'], temp);
    const gateways: Record<'baseline' | 'candidate', { pid: number; url: string; key: string }> = {} as never;
    for (const name of ['baseline', 'candidate'] as const) {
      const db = path.join(temp, `${name}.db`);
      const made = spawnSync(process.execPath, [path.join(trees[name], 'cli/main.js'), 'keys', 'create', '--db', db, '--account', 'bench'], { cwd: temp, encoding: 'utf8' });
      if (made.status !== 0) throw new Error(made.stderr);
      const gw = await start(trees[name], ['serve', '--db', db, '--port', '0', '--upstream', sim.url], temp);
      gateways[name] = { pid: gw.proc.pid!, url: gw.url, key: made.stdout.trim() };
    }
    process.stderr.write(`baseline ${trees.baseline}, candidate ${trees.candidate}; ${rate} req/s, ${duration} s per sample, ${rounds} rounds (A-B then B-A)\n`);
    const out: Record<string, Record<string, Sample[]>> = {};
    for (const mode of modes) {
      out[mode] = { baseline: [], candidate: [] };
      for (const name of ['baseline', 'candidate'] as const) await load(gateways[name].url, gateways[name].key, mode, 2); // warm-up
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? (['baseline', 'candidate'] as const) : (['candidate', 'baseline'] as const);
        for (const name of order) {
          const g = gateways[name];
          const s = await measure(g.pid, g.url, g.key, mode);
          out[mode]![name]!.push(s);
          process.stderr.write(`  ${mode} round ${round + 1} ${name.padEnd(9)} CPU ${f(s.cpuMs)} ms/request (event loop ${f(s.loopMs)}), p50 ${f(s.p50)} ms, p99 ${f(s.p99)} ms, other ${f(s.otherCores, 2)} cores\n`);
        }
      }
    }
    process.stdout.write(`\nMedians over ${rounds} rounds at ${rate} req/s (CPU = the gateway process, all threads)\n`);
    process.stdout.write('  mode           build      CPU ms/req  event loop ms/req  p50 ms  p99 ms\n');
    const summary: Record<string, unknown> = {};
    for (const mode of modes) {
      const m = (name: string, key: keyof Sample): number => median(out[mode]![name]!.map((s) => s[key]));
      for (const name of ['baseline', 'candidate']) {
        process.stdout.write(`  ${mode.padEnd(13)}  ${name.padEnd(9)}  ${f(m(name, 'cpuMs')).padStart(10)}  ${f(m(name, 'loopMs')).padStart(17)}  ${f(m(name, 'p50')).padStart(6)}  ${f(m(name, 'p99')).padStart(6)}\n`);
      }
      const ratio = m('candidate', 'cpuMs') / m('baseline', 'cpuMs');
      const loopRatio = m('candidate', 'loopMs') / m('baseline', 'loopMs');
      process.stdout.write(`  ${mode.padEnd(13)}  ratio candidate/baseline: CPU ${f(ratio)}, event loop ${f(loopRatio)}\n`);
      summary[mode] = { ratio, loopRatio, samples: out[mode] };
    }
    if (values.json) await writeFile(values.json, `${JSON.stringify({ when: new Date().toISOString(), rate, duration, rounds, trees, summary }, null, 2)}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await rm(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway-ab failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});

/**
 * Simulator scale benchmark: runs `distillguard simulate` on a (scaled) scenario and reports
 * exchanges per second, bytes written and peak RSS, each also as a ratio to a baseline measured in
 * the same run on the same machine: a process that only `JSON.stringify`s one representative
 * exchange record (taken from the simulator's own output) and writes it the same number of times
 * through the same kind of buffered stream. The ratio says what the simulation itself costs over
 * the bare serialise-and-write floor, and travels better between machines than raw figures.
 *
 *   node --import tsx bench/simulate-scale.ts [--scenario report-scale] [--scale 0.1] [--seed 1]
 *                                             [--workers N] [--cli src|dist] [--json out.json] [--keep]
 *
 * CPU time (user + system, all threads of the child) and peak RSS come from `/usr/bin/time` around
 * the child (its getrusage after exit); without it, they are sampled from /proc/<pid>/stat and
 * /proc/<pid>/status every 200 ms (slightly low: the last 200 ms are missed). CPU time is the figure
 * to compare on a shared machine: wall time depends on what else runs. The extrapolation to scale 1 assumes time, bytes and the per-account
 * part of memory grow linearly with the account count (exchanges do: every account is independent).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Measured {
  seconds: number;
  /** User + system CPU seconds of the child, all threads. */
  cpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  peakRssBytes: number;
  stdout: string;
  stderr: string;
}

const TIME_BIN = '/usr/bin/time';
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** utime and stime (seconds) of a live process, all threads, from /proc/<pid>/stat. */
function procCpu(pid: number): [number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may contain spaces) start at ')'
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [Number(f[11]) / CLOCK_TICKS, Number(f[12]) / CLOCK_TICKS];
  } catch {
    return undefined;
  }
}

/** Runs a command and measures wall time, CPU time (user + system) and peak resident memory. */
function measure(command: string, args: string[], cwd: string): Promise<Measured> {
  const useTime = existsSync(TIME_BIN);
  const timeFile = path.join(os.tmpdir(), `dg-sim-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = useTime
      ? spawn(TIME_BIN, ['-o', timeFile, '-f', '%U %S %M', command, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    let peak = 0;
    let cpu: [number, number] = [0, 0];
    const sample = (): void => {
      if (useTime) return;
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
      } catch {
        // the process has exited between samples
      }
      cpu = procCpu(child.pid!) ?? cpu;
    };
    const timer = setInterval(sample, 200);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${stderr}`));
        return;
      }
      if (useTime) {
        // the last line: earlier ones may be a "Command exited with non-zero status" note
        const line = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!;
        rmSync(timeFile, { force: true });
        const [user, system, maxKb] = line.split(' ').map(Number) as [number, number, number];
        cpu = [user, system];
        peak = maxKb * 1024;
      }
      resolve({ seconds, cpuSeconds: cpu[0] + cpu[1], userSeconds: cpu[0], systemSeconds: cpu[1], peakRssBytes: peak, stdout, stderr });
    });
  });
}

/** Baseline mode (run as a child): write `count` copies of one record as JSON lines. */
async function baseline(recordFile: string, count: number, out: string): Promise<void> {
  const record = JSON.parse(readFileSync(recordFile, 'utf8')) as unknown;
  const stream = createWriteStream(out, { highWaterMark: 8 << 20 });
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${JSON.stringify(record)}\n`;
    if (chunk.length >= 8 << 20) {
      const room = stream.write(chunk);
      chunk = '';
      if (!room) await new Promise<void>((resolve) => stream.once('drain', resolve));
    }
  }
  stream.write(chunk);
  await new Promise<void>((resolve) => stream.end(resolve));
}

/** The line of median length among the first 20,000 of the simulator's output. */
async function representativeRecord(file: string): Promise<string> {
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(file) });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length >= 20_000) break;
  }
  rl.close();
  lines.sort((a, b) => a.length - b.length);
  return lines[Math.floor(lines.length / 2)]!;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

async function main(): Promise<void> {
  const { values } = benchArgs(import.meta.url, {
    options: {
      scenario: { type: 'string', default: 'report-scale' },
      scale: { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string' },
      cli: { type: 'string', default: 'src' },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      record: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.baseline) {
    await baseline(values.record!, Number(values.baseline), values.out!);
    return;
  }
  const scale = Number(values.scale);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dg-sim-bench-'));
  const out = path.join(dir, 'out');
  const cliArgs = values.cli === 'dist'
    ? [path.join(ROOT, 'dist', 'cli', 'main.js')]
    : ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'main.ts')];
  const simArgs = ['simulate', '--scenario', values.scenario!, '--seed', values.seed!, '--scale', String(scale), '--out', out];
  if (values.workers) simArgs.push('--workers', values.workers);
  try {
    const loadAtStart = os.loadavg()[0]!;
    process.stderr.write(`simulate-scale: ${values.scenario} at scale ${scale} (cores: ${os.availableParallelism()}, load average ${loadAtStart.toFixed(1)})\n`);
    const sim = await measure(process.execPath, [...cliArgs, ...simArgs], ROOT);
    const summary = JSON.parse(sim.stdout.trim().split('\n').at(-1)!) as { exchanges: number; exchange_bytes: number; accounts: number };
    const exchangesFile = path.join(out, 'exchanges.jsonl');
    const totalBytes = (await Promise.all(['exchanges', 'accounts', 'labels'].map((n) => stat(path.join(out, `${n}.jsonl`))))).reduce((s, st) => s + st.size, 0);

    const recordFile = path.join(dir, 'record.json');
    writeFileSync(recordFile, await representativeRecord(exchangesFile));
    await rm(exchangesFile);
    const baseOut = path.join(dir, 'baseline.jsonl');
    const base = await measure(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--baseline', String(summary.exchanges), '--record', recordFile, '--out', baseOut], ROOT);
    const baseBytes = (await stat(baseOut)).size;

    const simRate = summary.exchanges / sim.seconds;
    const baseRate = summary.exchanges / base.seconds;
    const simCpuUs = (sim.cpuSeconds * 1e6) / summary.exchanges;
    const baseCpuUs = (base.cpuSeconds * 1e6) / summary.exchanges;
    const result = {
      scenario: values.scenario,
      scale,
      cores: os.availableParallelism(),
      loadAverageAtStart: loadAtStart,
      simulate: {
        accounts: summary.accounts, exchanges: summary.exchanges, seconds: sim.seconds, exchangesPerSecond: simRate, bytes: totalBytes, peakRssBytes: sim.peakRssBytes,
        cpuSeconds: sim.cpuSeconds, userSeconds: sim.userSeconds, systemSeconds: sim.systemSeconds, cpuMicrosPerExchange: simCpuUs,
      },
      baseline: {
        exchanges: summary.exchanges, seconds: base.seconds, exchangesPerSecond: baseRate, bytes: baseBytes, peakRssBytes: base.peakRssBytes,
        cpuSeconds: base.cpuSeconds, userSeconds: base.userSeconds, systemSeconds: base.systemSeconds, cpuMicrosPerExchange: baseCpuUs,
      },
      ratios: {
        throughput: simRate / baseRate, time: sim.seconds / base.seconds, cpu: sim.cpuSeconds / base.cpuSeconds, peakRss: sim.peakRssBytes / base.peakRssBytes, bytes: summary.exchange_bytes / baseBytes,
      },
      extrapolatedToScale1: {
        exchanges: summary.exchanges / scale, seconds: sim.seconds / scale, cpuSeconds: sim.cpuSeconds / scale, bytes: totalBytes / scale,
        // a run on `cores` otherwise idle cores cannot finish faster than its CPU time spread over them
        minutesAtFullCpu: sim.cpuSeconds / scale / os.availableParallelism() / 60,
      },
    };
    const rows: Array<[string, string, string, string]> = [
      ['', 'simulate', 'baseline', 'ratio'],
      ['exchanges/s', simRate.toFixed(0), baseRate.toFixed(0), result.ratios.throughput.toFixed(3)],
      ['seconds', sim.seconds.toFixed(1), base.seconds.toFixed(1), result.ratios.time.toFixed(2)],
      ['CPU seconds', sim.cpuSeconds.toFixed(1), base.cpuSeconds.toFixed(1), result.ratios.cpu.toFixed(2)],
      ['CPU µs/exch.', simCpuUs.toFixed(1), baseCpuUs.toFixed(1), result.ratios.cpu.toFixed(2)],
      ['user / sys s', `${sim.userSeconds.toFixed(1)}/${sim.systemSeconds.toFixed(1)}`, `${base.userSeconds.toFixed(1)}/${base.systemSeconds.toFixed(1)}`, ''],
      ['bytes written', gb(totalBytes), gb(baseBytes), (totalBytes / baseBytes).toFixed(2)],
      ['peak RSS', mb(sim.peakRssBytes), mb(base.peakRssBytes), result.ratios.peakRss.toFixed(2)],
    ];
    const width = [14, 12, 12, 8];
    process.stdout.write(`\n${values.scenario} × ${scale}: ${summary.accounts} accounts, ${summary.exchanges} exchanges\n`);
    for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padStart(width[i]!)).join('  ')}\n`);
    process.stdout.write(
      `extrapolated to scale 1 (linear in accounts): ~${(result.extrapolatedToScale1.exchanges / 1e6).toFixed(1)}M exchanges, ` +
        `~${(result.extrapolatedToScale1.seconds / 60).toFixed(1)} min at this run's wall rate, ` +
        `~${result.extrapolatedToScale1.cpuSeconds.toFixed(0)} CPU-s (${result.extrapolatedToScale1.minutesAtFullCpu.toFixed(1)} min on ${result.cores} idle cores), ` +
        `~${gb(result.extrapolatedToScale1.bytes)}\n`,
    );
    if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    if (!values.keep) await rm(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${dir}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});

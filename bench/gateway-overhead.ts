/**
 * Gateway overhead benchmark: what `distillguard serve` adds on top of the upstream it fronts.
 *
 *   node --import tsx bench/gateway-overhead.ts [--duration 10] [--rates 500,1000] [--json out.json]
 *
 * Three processes: the upstream simulator, the gateway (fresh temp SQLite file, recording on,
 * default settings) and this process, the single load generator (autocannon's programmatic API).
 * For each (non-streaming | streaming) × rate, a discarded warm-up against both targets, then
 * direct and gateway runs interleaved A-B-B-A so machine noise hits both; then an unthrottled
 * max-throughput run (non-streaming). Finally the gateway is stopped with SIGTERM and the rows of
 * its `exchanges` table are compared with the requests sent through it. With `--floor`, reference
 * relays (bench/relay-floors.ts) in front of the same simulator join the rotation, so that the
 * gateway's added latency can be read against what a do-nothing second hop costs on this machine.
 * With `--placement split` (bench/placement.ts) the relays under test run on a CPU of their own and
 * the load generator and simulator on the others, as a proxy is deployed.
 *
 * Two deliberate departures from a naive `autocannon({ overallRate })` call, both documented in
 * docs/PERFORMANCE.md:
 *  - Latency is taken from autocannon's per-response `responseTime` (float ms, from hrtime), not
 *    from its histogram, which stores whole milliseconds (useless for a 1 ms bar).
 *  - autocannon enforces a rate as a per-connection quota refilled once a second, all connections
 *    on the same tick: 100 connections at 1,000 req/s fire all 1,000 requests at the top of each
 *    second and measure queueing in that burst. The load is therefore split into `--lanes`
 *    autocannon instances (same total rate and connections) whose one-second ticks are staggered
 *    evenly across the second. `--lanes 1` reproduces the naive behaviour.
 *
 * The benchmark exits 0 whatever it measures; failures of the bars are printed as FAIL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result as CannonResult } from 'autocannon';
import Database from 'better-sqlite3';
import { pinProcess, splitPlacement } from './placement.js';
import { FLOOR_KINDS, startFloor, type FloorKind, type Floor } from './relay-floors.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHAT_PATH = '/v1/chat/completions';

// ---------------------------------------------------------------------------------------------
// options

interface Options {
  duration: number;
  warmup: number;
  rates: number[];
  modes: Mode[];
  connections: number;
  lanes: number;
  maxConnections: number;
  maxDuration: number;
  json: string | undefined;
  cli: 'dist' | 'src';
  profileGateway: string | undefined;
  /** Extra Node flags for the gateway process (e.g. young-generation sizing), space-separated. */
  gatewayNodeFlags: string[];
  /** A config file for the gateway (`serve --config`), e.g. to compare with live detection off. */
  gatewayConfig: string | undefined;
  keep: boolean;
  quietWait: number;
  /** Discarded seconds of load on a target right before each of its measured segments. */
  segmentWarmup: number;
  /** Do-nothing relays measured in the same rotation, for the floor of a second hop on this machine. */
  floors: FloorKind[];
  /** `split`: relays (gateway, floors) on the last CPU, load generator and simulator on the others. */
  placement: Placement;
}

type Placement = 'shared' | 'split';

function usage(code = 2): never {
  process.stderr.write(`usage: node --import tsx bench/gateway-overhead.ts [options]
  --duration S          measured seconds per target and (mode, rate), split A-B-B-A (default 10)
  --warmup S            discarded warm-up seconds per target and (mode, rate) (default 3)
  --rates R1,R2         fixed request rates, req/s (default 500,1000)
  --modes M1,M2         non-streaming and/or streaming (default both)
  --connections N       connections of the fixed-rate runs (default 100)
  --lanes N             staggered autocannon instances sharing the rate (default 50; 1 = naive)
  --max-connections N   connections of the max-throughput run (default 100)
  --max-duration S      seconds per target of the max-throughput run (default: --duration)
  --json FILE           also write every figure as JSON
  --cli dist|src        run the CLI from dist/ (default when built) or from src/ with tsx
  --profile-gateway DIR run the gateway under node --cpu-prof, profile written to DIR
  --gateway-config FILE a config file for the gateway (serve --config), e.g. detection: {live: false}
  --gateway-node-flags="F…"  extra Node flags for the gateway process only, e.g.
                        "--min-semi-space-size=16 --max-semi-space-size=64" (young-generation sizing)
  --keep                keep the temp folder (database, logs)
  --quiet-wait S        before each measured segment, wait up to S s for other processes on the
                        machine to use < 0.25 cores (default 30; 0 = don't wait)
  --segment-warmup S    discarded seconds of load on a target right before each of its measured
                        segments (default 1; 0 = none): a target idle during the other targets'
                        segments otherwise starts its segment cold (closed upstream connections)
  --floor K1,K2         also measure do-nothing relays in front of the same simulator, in the same
                        rotation: node (bench/relay-floor.mjs: node:http + undici, nothing else)
                        and/or haproxy (needs the haproxy binary). Their added latency is the floor
                        of a second hop on this machine; the gateway's figure is read against it.
  --placement P         shared (default): every process may run on every CPU. split: the relays
                        under test (gateway, floors; all their threads) on the last CPU, the load
                        generator and the simulator on the others, as a proxy is deployed on its
                        own cores (needs taskset from util-linux). Direct runs use the same layout.
`);
  process.exit(code);
}

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    process.stderr.write(`--${name} expects a positive ${integer ? 'whole ' : ''}number, got '${raw}'\n`);
    usage();
  }
  return value;
}

function readOptions(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rates: { type: 'string' },
        modes: { type: 'string' },
        connections: { type: 'string' },
        lanes: { type: 'string' },
        'max-connections': { type: 'string' },
        'max-duration': { type: 'string' },
        json: { type: 'string' },
        cli: { type: 'string' },
        'profile-gateway': { type: 'string' },
        'gateway-node-flags': { type: 'string' },
        'gateway-config': { type: 'string' },
        keep: { type: 'boolean' },
        'quiet-wait': { type: 'string' },
        floor: { type: 'string' },
        'segment-warmup': { type: 'string' },
        placement: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    usage();
  }
  if (parsed.help) usage(0);
  const duration = positive('duration', parsed.duration, 10);
  const rates = (parsed.rates ?? '500,1000').split(',').map((r) => positive('rates', r.trim(), 0, true));
  const modes = (parsed.modes ?? 'non-streaming,streaming').split(',').map((m) => m.trim());
  for (const mode of modes) {
    if (mode !== 'non-streaming' && mode !== 'streaming') {
      process.stderr.write(`--modes expects non-streaming and/or streaming, got '${mode}'\n`);
      usage();
    }
  }
  const floors = (parsed.floor ?? '').split(',').map((kind) => kind.trim()).filter((kind) => kind !== '');
  for (const kind of floors) {
    if (!FLOOR_KINDS.includes(kind as FloorKind)) {
      process.stderr.write(`--floor expects ${FLOOR_KINDS.join(' and/or ')}, got '${kind}'\n`);
      usage();
    }
  }
  const placement = parsed.placement ?? 'shared';
  if (placement !== 'shared' && placement !== 'split') {
    process.stderr.write(`--placement expects shared or split, got '${placement}'\n`);
    usage();
  }
  const cli = parsed.cli ?? (existsSync(path.join(ROOT, 'dist/cli/main.js')) ? 'dist' : 'src');
  if (cli !== 'dist' && cli !== 'src') usage();
  return {
    duration,
    warmup: positive('warmup', parsed.warmup, 3),
    rates,
    modes: modes as Mode[],
    connections: positive('connections', parsed.connections, 100, true),
    lanes: positive('lanes', parsed.lanes, 50, true),
    maxConnections: positive('max-connections', parsed['max-connections'], 100, true),
    maxDuration: positive('max-duration', parsed['max-duration'], duration),
    json: parsed.json,
    cli,
    profileGateway: parsed['profile-gateway'],
    gatewayConfig: parsed['gateway-config'],
    gatewayNodeFlags: (parsed['gateway-node-flags'] ?? '').split(/\s+/).filter((flag) => flag !== ''),
    keep: Boolean(parsed.keep),
    quietWait: parsed['quiet-wait'] === '0' ? 0 : positive('quiet-wait', parsed['quiet-wait'], 30),
    floors: floors as FloorKind[],
    placement,
    segmentWarmup: parsed['segment-warmup'] === '0' ? 0 : positive('segment-warmup', parsed['segment-warmup'], 1),
  };
}

// ---------------------------------------------------------------------------------------------
// child processes

/** The environment of the children: ours without any DISTILLGUARD_* setting, so defaults apply. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('DISTILLGUARD_')) env[name] = value;
  env.DISTILLGUARD_LOG_LEVEL = 'warn';
  return env;
}

/** `node [--import tsx] <cli>` with absolute paths, so the children may run in any folder. */
function cliArgv(options: Options, nodeFlags: string[] = []): string[] {
  if (options.cli === 'dist') return [...nodeFlags, path.join(ROOT, 'dist/cli/main.js')];
  return [...nodeFlags, '--import', import.meta.resolve('tsx'), path.join(ROOT, 'src/cli/main.ts')];
}

/** Children still running, stopped if the benchmark itself is interrupted. */
const running = new Set<ChildProcess>();
/** The temp folder, removed if the benchmark is interrupted (unless --keep). */
let tempToRemove: string | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const proc of running) proc.kill('SIGTERM');
    process.stderr.write(`benchmark interrupted (${signal}); children stopped\n`);
    // give the children a moment to release the database before removing their folder
    setTimeout(() => {
      if (tempToRemove) rmSync(tempToRemove, { recursive: true, force: true });
      process.exit(130);
    }, 500);
  });
}

interface Child {
  name: string;
  proc: ChildProcess;
  url: string;
  log: () => string;
  exited: Promise<number | null>;
}

/** Spawns a CLI server and waits for its "listening on URL" line. */
async function startChild(name: string, argv: string[], cwd: string): Promise<Child> {
  const proc = spawn(process.execPath, argv, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  running.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => {
    running.delete(proc);
    resolve(code);
  }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s:\n${log}`)), 30_000);
    const look = (): void => {
      const match = /listening on (http:\/\/[^\s)]+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        proc.stderr!.off('data', look);
        resolve(match[1]!);
      }
    };
    proc.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${log}`));
    });
  });
  return { name, proc, url, log: () => log, exited };
}

/** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). */
async function stopChild(child: Child, graceMs = 60_000): Promise<{ code: number | null; killed: boolean }> {
  if (child.proc.exitCode !== null) return { code: child.proc.exitCode, killed: false };
  child.proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    child.proc.kill('SIGKILL');
    return { code: await child.exited, killed: true };
  }
  return { code: outcome, killed: false };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number | undefined, mainThreadOnly = false): number {
  if (pid === undefined) return Number.NaN;
  try {
    // /proc/PID/task/PID is the process's first thread: for node, the event loop's thread
    const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12] are utime and stime (the 14th and 15th fields of the line), in clock ticks
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Busy CPU seconds of the whole machine so far (user, nice, system, irq, softirq), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    return ((ticks[0] ?? 0) + (ticks[1] ?? 0) + (ticks[2] ?? 0) + (ticks[5] ?? 0) + (ticks[6] ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU use over a span, in cores (1.0 = one core busy the whole time): the three benchmark
 * processes, and everything else on the machine (`other`: other users' work competes for the cores).
 */
interface CpuUse {
  loadgen: number;
  sim: number;
  gateway: number;
  /** The gateway's event-loop thread alone (without its recording worker, GC and libuv threads). */
  gatewayLoop: number;
  /** The reference relays of --floor, together. */
  floor: number;
  other: number;
}

interface Pids {
  sim: number | undefined;
  gateway: number | undefined;
  floors: number[];
}

function cpuMeter(pids: Pids): () => CpuUse {
  const start = performance.now();
  const own = process.cpuUsage();
  const sim = cpuSecondsOf(pids.sim);
  const gateway = cpuSecondsOf(pids.gateway);
  const floorSeconds = (): number => pids.floors.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0);
  const floor = floorSeconds();
  const gatewayLoop = cpuSecondsOf(pids.gateway, true);
  const machine = machineBusySeconds();
  return () => {
    const seconds = (performance.now() - start) / 1000;
    const ownUsed = process.cpuUsage(own);
    const use = {
      loadgen: (ownUsed.user + ownUsed.system) / 1e6 / seconds,
      sim: (cpuSecondsOf(pids.sim) - sim) / seconds,
      gateway: (cpuSecondsOf(pids.gateway) - gateway) / seconds,
    };
    const busy = (machineBusySeconds() - machine) / seconds;
    const loop = (cpuSecondsOf(pids.gateway, true) - gatewayLoop) / seconds;
    const floorUse = (floorSeconds() - floor) / seconds;
    return { ...use, gatewayLoop: loop, floor: floorUse, other: Math.max(0, busy - use.loadgen - use.sim - use.gateway - floorUse) };
  };
}

/**
 * Waits until the rest of the machine is quiet: other processes (other users' builds and tests)
 * compete with the three benchmark processes for the cores and distort both latency and
 * throughput. Returns the seconds waited, or -1 if the machine never got quiet within `limitS`.
 */
async function waitForQuiet(limitS: number, pids: Pids): Promise<number> {
  if (limitS <= 0 || Number.isNaN(machineBusySeconds())) return 0;
  const start = performance.now();
  for (;;) {
    const meter = cpuMeter(pids);
    await sleep(1000);
    const use = meter();
    const waited = (performance.now() - start) / 1000;
    if (use.other + use.loadgen < 0.25) return waited - 1;
    if (waited >= limitS) return -1;
  }
}

function averageCpu(uses: CpuUse[]): CpuUse {
  const n = Math.max(1, uses.length);
  return {
    loadgen: uses.reduce((a, u) => a + u.loadgen, 0) / n,
    sim: uses.reduce((a, u) => a + u.sim, 0) / n,
    gateway: uses.reduce((a, u) => a + u.gateway, 0) / n,
    gatewayLoop: uses.reduce((a, u) => a + u.gatewayLoop, 0) / n,
    floor: uses.reduce((a, u) => a + u.floor, 0) / n,
    other: uses.reduce((a, u) => a + u.other, 0) / n,
  };
}

// ---------------------------------------------------------------------------------------------
// load

type Mode = 'non-streaming' | 'streaming';
/** `floor:<kind>` are the reference relays of --floor. */
type Target = 'direct' | 'gateway' | `floor:${FloorKind}`;

interface Endpoint {
  url: string;
  key: string;
}

function requestBody(mode: Mode): string {
  return JSON.stringify({
    model: 'sim-gpt',
    messages: [{ role: 'user', content: 'Explain, briefly, why the sky is blue.' }],
    ...(mode === 'streaming' ? { stream: true } : {}),
  });
}

interface LoadSpec {
  endpoint: Endpoint;
  mode: Mode;
  /** Requests per second; undefined = as fast as possible. */
  rate: number | undefined;
  connections: number;
  lanes: number;
  duration: number;
}

interface LoadResult {
  /** Every response's time to full response, ms (float). */
  latencies: number[];
  /** Requests written to a socket (including any in flight when the run stopped). */
  sent: number;
  completed: number;
  achievedRps: number;
  durationS: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  bytesMin: number;
  bytesMax: number;
}

/** Splits `total` into `parts` whole numbers differing by at most one. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result: LoadResult = {
    latencies: [], sent: 0, completed: 0, achievedRps: 0, durationS: 0, non2xx: 0, errors: 0, timeouts: 0,
    statusCodes: {}, bytesMin: Number.POSITIVE_INFINITY, bytesMax: 0,
  };
  // a lane needs at least one request a second per connection; without a rate there is one lane
  const lanes = spec.rate === undefined ? 1 : Math.max(1, Math.min(spec.lanes, spec.rate, spec.connections));
  const laneRates = spec.rate === undefined ? [undefined] : split(spec.rate, lanes);
  const laneConnections = split(spec.connections, lanes);
  const body = requestBody(spec.mode);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${spec.endpoint.key}` };
  const runs: Array<Promise<CannonResult>> = [];
  // achieved rate = responses completed within each lane's nominal window / duration: autocannon
  // refills its per-second quotas on timers that can fire once more just before it stops
  let inWindow = 0;
  for (let lane = 0; lane < lanes; lane += 1) {
    if (lane > 0) await sleep(1000 / lanes);
    const rate = laneRates[lane];
    const windowEnd = performance.now() + spec.duration * 1000;
    const instance = autocannon({
      url: spec.endpoint.url + CHAT_PATH,
      method: 'POST',
      headers,
      body,
      connections: laneConnections[lane]!,
      ...(rate === undefined ? {} : { overallRate: rate }),
      duration: spec.duration,
      timeout: 30,
      // with a rate, autocannon otherwise back-fills its histogram with synthetic values
      ...(rate === undefined ? {} : { ignoreCoordinatedOmission: true }),
      setupClient: (client) => {
        client.on('request', () => {
          result.sent += 1;
        });
      },
    });
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      result.latencies.push(responseTime);
      if (performance.now() <= windowEnd) inWindow += 1;
      result.statusCodes[statusCode] = (result.statusCodes[statusCode] ?? 0) + 1;
      if (resBytes < result.bytesMin) result.bytesMin = resBytes;
      if (resBytes > result.bytesMax) result.bytesMax = resBytes;
    });
    runs.push(Promise.resolve(instance));
  }
  for (const lane of await Promise.all(runs)) {
    result.completed += lane.requests.total;
    result.non2xx += lane.non2xx;
    result.errors += lane.errors;
    result.timeouts += lane.timeouts;
  }
  result.durationS = spec.duration;
  result.achievedRps = inWindow / spec.duration;
  return result;
}

/** Merges runs of the same target (segments of one interleaved measurement). */
function merge(results: LoadResult[]): LoadResult {
  const merged: LoadResult = {
    latencies: [], sent: 0, completed: 0, achievedRps: 0, durationS: 0, non2xx: 0, errors: 0, timeouts: 0,
    statusCodes: {}, bytesMin: Number.POSITIVE_INFINITY, bytesMax: 0,
  };
  for (const r of results) {
    for (const value of r.latencies) merged.latencies.push(value);
    merged.sent += r.sent;
    merged.completed += r.completed;
    merged.achievedRps += r.achievedRps * r.durationS;
    merged.durationS += r.durationS;
    merged.non2xx += r.non2xx;
    merged.errors += r.errors;
    merged.timeouts += r.timeouts;
    for (const [code, count] of Object.entries(r.statusCodes)) merged.statusCodes[code] = (merged.statusCodes[code] ?? 0) + count;
    merged.bytesMin = Math.min(merged.bytesMin, r.bytesMin);
    merged.bytesMax = Math.max(merged.bytesMax, r.bytesMax);
  }
  merged.achievedRps = merged.durationS > 0 ? merged.achievedRps / merged.durationS : 0;
  return merged;
}

interface Summary {
  requests: number;
  achievedRps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  responseBytes: [number, number];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(r: LoadResult): Summary {
  const sorted = Float64Array.from(r.latencies).sort();
  const values = Array.from(sorted);
  return {
    requests: r.completed,
    achievedRps: r.achievedRps,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.at(-1) ?? Number.NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: r.statusCodes,
    responseBytes: [Number.isFinite(r.bytesMin) ? r.bytesMin : 0, r.bytesMax],
  };
}

// ---------------------------------------------------------------------------------------------
// the benchmark

interface Row {
  mode: Mode;
  rate: number | 'max';
  direct: Summary;
  gateway: Summary;
  addedP50: number;
  addedP99: number;
  throughputRatio: number;
  /** Average CPU use of each process while each target was measured, in cores. */
  cpu: Record<'direct' | 'gateway', CpuUse>;
  /** The reference relays of --floor, measured in the same rotation. */
  floors: FloorRow[];
}

interface FloorRow {
  kind: FloorKind;
  summary: Summary;
  addedP50: number;
  addedP99: number;
  /** The relay's own CPU per request, ms. */
  cpuMsPerRequest: number;
}

const f = (value: number, digits = 2): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** One request per target and mode, checked by hand before any load. */
async function sanityCheck(endpoint: Endpoint, mode: Mode): Promise<void> {
  const response = await fetch(endpoint.url + CHAT_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.key}` },
    body: requestBody(mode),
  });
  const text = await response.text();
  const ok = response.status === 200 && (mode === 'streaming' ? text.trimEnd().endsWith('data: [DONE]') : text.includes('"choices"'));
  if (!ok) throw new Error(`sanity check failed for ${endpoint.url} (${mode}): HTTP ${response.status}: ${text.slice(0, 300)}`);
}

async function main(): Promise<void> {
  const options = readOptions();
  const temp = await mkdtemp(path.join(os.tmpdir(), 'distillguard-bench-'));
  const dbPath = path.join(temp, 'bench.db');
  if (!options.keep) tempToRemove = temp;
  let sim: Child | undefined;
  let gateway: Child | undefined;
  const floors: Floor[] = [];
  try {
    log(`distillguard gateway overhead benchmark`);
    log(`  machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`);
    log(`  cli: ${options.cli === 'dist' ? 'dist/cli/main.js (built)' : 'src/cli/main.ts via tsx'}; temp: ${temp}`);
    log(`  duration ${options.duration} s per target per (mode, rate), warm-up ${options.warmup} s, rates ${options.rates.join(', ')} req/s, ` +
      `${options.connections} connections in ${options.lanes} staggered lanes; max-throughput ${options.maxConnections} connections × ${options.maxDuration} s`);

    sim = await startChild('upstream-sim', [...cliArgv(options), 'upstream-sim', '--port', '0'], temp);
    const keyRun = spawnSync(process.execPath, [...cliArgv(options), 'keys', 'create', '--db', dbPath, '--account', 'bench'], {
      cwd: temp, env: childEnv(), encoding: 'utf8',
    });
    const key = keyRun.stdout.trim();
    if (keyRun.status !== 0 || !key) throw new Error(`keys create failed (${keyRun.status}): ${keyRun.stderr}`);
    let gatewayNodeFlags: string[] = [...options.gatewayNodeFlags];
    if (gatewayNodeFlags.length > 0) log(`  gateway node flags: ${gatewayNodeFlags.join(' ')}`);
    if (options.profileGateway) {
      const dir = path.resolve(options.profileGateway);
      await mkdir(dir, { recursive: true });
      gatewayNodeFlags = [...gatewayNodeFlags, '--cpu-prof', '--cpu-prof-dir', dir];
      log(`  gateway CPU profile → ${dir}`);
    }
    gateway = await startChild('gateway', [...cliArgv(options, gatewayNodeFlags), 'serve', '--db', dbPath, '--port', '0', '--upstream', sim.url,
      ...(options.gatewayConfig ? ['--config', path.resolve(options.gatewayConfig)] : [])], temp);
    log(`  upstream-sim ${sim.url} (pid ${sim.proc.pid}), gateway ${gateway.url} (pid ${gateway.proc.pid}), db ${dbPath}`);

    const endpoints: Partial<Record<Target, Endpoint>> = {
      direct: { url: sim.url, key: 'bench-direct' },
      gateway: { url: gateway.url, key },
    };
    for (const kind of options.floors) {
      const floor = await startFloor(kind, sim.url, temp, childEnv());
      floors.push(floor);
      running.add(floor.proc);
      endpoints[`floor:${kind}`] = { url: floor.url, key: 'bench-direct' };
      log(`  relay floor ${kind}: ${floor.url} (pid ${floor.pid})`);
    }
    const floorTargets = options.floors.map((kind) => `floor:${kind}` as const);
    if (options.placement === 'split') {
      const { clientCpus, relayCpus } = splitPlacement(os.cpus().length);
      pinProcess(process.pid, clientCpus);
      pinProcess(sim.proc.pid!, clientCpus);
      pinProcess(gateway.proc.pid!, relayCpus);
      for (const floor of floors) pinProcess(floor.pid, relayCpus);
      log(`  placement split: load generator and simulator on CPU ${clientCpus}; gateway${floors.length > 0 ? ' and relay floors' : ''} on CPU ${relayCpus}`);
    }
    const pids: Pids = { sim: sim.proc.pid, gateway: gateway.proc.pid, floors: floors.map((floor) => floor.pid) };
    let gatewaySent = 0;
    let gatewayCompleted = 0;
    const run = async (target: Target, spec: Omit<LoadSpec, 'endpoint'>): Promise<LoadResult> => {
      const result = await runLoad({ ...spec, endpoint: endpoints[target]! });
      if (target === 'gateway') {
        gatewaySent += result.sent;
        gatewayCompleted += result.completed;
      }
      return result;
    };
    for (const mode of ['non-streaming', 'streaming'] as const) {
      await sanityCheck(endpoints.direct!, mode);
      await sanityCheck(endpoints.gateway!, mode);
      for (const target of floorTargets) await sanityCheck(endpoints[target]!, mode);
      gatewaySent += 1;
      gatewayCompleted += 1;
    }

    /** Warm-up both targets (discarded), then A-B-B-A halves of the measured duration. */
    const measure = async (mode: Mode, rate: number | undefined, connections: number, duration: number, warmup: number): Promise<Row> => {
      const label = `${mode} @ ${rate === undefined ? 'max' : `${rate} req/s`}`;
      const base = { mode, rate, connections, lanes: options.lanes };
      // the floors run only at fixed rates: at saturation they would measure throughput, not a floor
      const floorsHere = rate === undefined ? [] : floorTargets;
      const targets: Target[] = ['direct', 'gateway', ...floorsHere];
      if (warmup > 0) {
        log(`  ${label}: warm-up ${warmup} s ${targets.join(' + ')} (discarded)`);
        for (const target of targets) await run(target, { ...base, duration: warmup });
      }
      const order: Target[] = duration >= 2 ? [...targets, ...[...targets].reverse()] : targets;
      const segment = duration >= 2 ? duration / 2 : duration;
      const parts = new Map<Target, LoadResult[]>(targets.map((target) => [target, []]));
      const cpu = new Map<Target, CpuUse[]>(targets.map((target) => [target, []]));
      for (const target of order) {
        const waited = await waitForQuiet(options.quietWait, pids);
        if (waited !== 0) log(`  ${label}: ${waited < 0 ? `machine still busy after ${options.quietWait} s, measuring anyway` : `waited ${f(waited, 0)} s for other processes to quieten`}`);
        if (options.segmentWarmup > 0) await run(target, { ...base, duration: options.segmentWarmup });
        const meter = cpuMeter(pids);
        const result = await run(target, { ...base, duration: segment });
        const used = meter();
        parts.get(target)!.push(result);
        cpu.get(target)!.push(used);
        log(`  ${label}: ${target.padEnd(7)} ${segment} s → ${f(result.achievedRps, 0)} req/s, non-2xx ${result.non2xx}, errors ${result.errors}; ` +
          `CPU cores loadgen ${f(used.loadgen)} sim ${f(used.sim)} gateway ${f(used.gateway)}${floorsHere.length ? ` relays ${f(used.floor)}` : ''} other ${f(used.other)}`);
      }
      const direct = summarize(merge(parts.get('direct')!));
      const gw = summarize(merge(parts.get('gateway')!));
      const floorRows: FloorRow[] = floorsHere.map((target) => {
        const summary = summarize(merge(parts.get(target)!));
        return {
          kind: target.slice('floor:'.length) as FloorKind,
          summary,
          addedP50: summary.p50 - direct.p50,
          addedP99: summary.p99 - direct.p99,
          cpuMsPerRequest: (averageCpu(cpu.get(target)!).floor / summary.achievedRps) * 1000,
        };
      });
      return {
        mode,
        rate: rate ?? 'max',
        direct,
        gateway: gw,
        addedP50: gw.p50 - direct.p50,
        addedP99: gw.p99 - direct.p99,
        throughputRatio: direct.achievedRps > 0 ? gw.achievedRps / direct.achievedRps : Number.NaN,
        cpu: { direct: averageCpu(cpu.get('direct')!), gateway: averageCpu(cpu.get('gateway')!) },
        floors: floorRows,
      };
    };

    const started = Date.now();
    const rows: Row[] = [];
    for (const mode of options.modes) {
      for (const rate of options.rates) rows.push(await measure(mode, rate, options.connections, options.duration, options.warmup));
    }
    const maxRow = await measure('non-streaming', undefined, options.maxConnections, options.maxDuration, Math.min(options.warmup, 2));

    // stop the gateway (SIGTERM drains and writes every record), then count what it stored
    log(`  stopping the gateway with SIGTERM…`);
    const stopped = await stopChild(gateway);
    const gatewayLog = gateway.log();
    gateway = undefined;
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    const stored = (db.prepare('SELECT COUNT(*) AS n FROM exchanges').get() as { n: number }).n;
    const byStatus = db.prepare('SELECT status, COUNT(*) AS n FROM exchanges GROUP BY status ORDER BY status').all() as Array<{ status: number; n: number }>;
    const failures = db.prepare(`SELECT status, json_extract(record, '$.response.error.code') AS code,
      MIN(json_extract(record, '$.response.error.message')) AS message, COUNT(*) AS n
      FROM exchanges WHERE status NOT IN (200, 499) GROUP BY status, code ORDER BY n DESC`).all() as Array<{ status: number; code: string | null; message: string | null; n: number }>;
    db.close();
    await stopChild(sim, 10_000);
    sim = undefined;
    const elapsed = (Date.now() - started) / 1000;

    // ------------------------------------------------------------------ report
    log('');
    log(`Fixed-rate runs (${options.duration} s per target, interleaved A-B-B-A; latency = time to full response, ms)`);
    const header = ['mode', 'rate', 'rps direct', 'rps gw', 'p50 direct', 'p50 gw', 'p99 direct', 'p99 gw', 'added p50', 'added p99', 'gw/direct', 'non-2xx d/g', 'errors d/g'];
    const table: string[][] = [header];
    for (const r of rows) {
      table.push([
        r.mode, String(r.rate), f(r.direct.achievedRps, 0), f(r.gateway.achievedRps, 0),
        f(r.direct.p50, 3), f(r.gateway.p50, 3), f(r.direct.p99, 3), f(r.gateway.p99, 3),
        f(r.addedP50, 3), f(r.addedP99, 3), f(r.throughputRatio, 3),
        `${r.direct.non2xx}/${r.gateway.non2xx}`, `${r.direct.errors + r.direct.timeouts}/${r.gateway.errors + r.gateway.timeouts}`,
      ]);
    }
    const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const [index, row] of table.entries()) {
      log(`  ${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`);
      if (index === 0) log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    }
    if (options.floors.length > 0) {
      log('');
      log('Relay floors: do-nothing relays in front of the same simulator, measured in the same rotation (ms)');
      log('  the floor is what a second hop costs on this machine; "gateway beyond" = gateway p99 − relay p99');
      for (const r of rows) {
        for (const fl of r.floors) {
          log(`  ${r.mode.padEnd(13)} ${String(r.rate).padEnd(4)}  ${fl.kind.padEnd(7)} p50 ${f(fl.summary.p50, 3)}  p99 ${f(fl.summary.p99, 3)}  ` +
            `added p50 ${f(fl.addedP50, 3)}  added p99 ${f(fl.addedP99, 3)}  gateway beyond: p50 ${f(r.gateway.p50 - fl.summary.p50, 3)}, p99 ${f(r.gateway.p99 - fl.summary.p99, 3)}  ` +
            `relay CPU ${f(fl.cpuMsPerRequest, 3)} ms/request; non-2xx ${fl.summary.non2xx}, errors ${fl.summary.errors + fl.summary.timeouts}`);
        }
      }
    }
    log('');
    log(`CPU use while measured, in cores of the ${os.cpus().length} (load generator / simulator / gateway, + other processes on the machine)`);
    for (const r of [...rows, maxRow]) {
      const c = (u: CpuUse): string => `${f(u.loadgen)} / ${f(u.sim)} / ${f(u.gateway)} = ${f(u.loadgen + u.sim + u.gateway)}, + other ${f(u.other)}`;
      const perRequest = (cores: number, rps: number): string => f((cores / rps) * 1000, 3);
      log(`  ${r.mode.padEnd(13)} ${String(r.rate).padEnd(4)}  direct ${c(r.cpu.direct)}   via gateway ${c(r.cpu.gateway)}   ` +
        `CPU ms/request: simulator ${perRequest(r.cpu.direct.sim, r.direct.achievedRps)}, gateway ${perRequest(r.cpu.gateway.gateway, r.gateway.achievedRps)} ` +
        `(event-loop thread ${perRequest(r.cpu.gateway.gatewayLoop, r.gateway.achievedRps)})`);
    }
    log('');
    log(`Max throughput (non-streaming, ${options.maxConnections} connections, no rate limit, ${options.maxDuration} s per target)`);
    log(`  direct ${f(maxRow.direct.achievedRps, 0)} req/s (p50 ${f(maxRow.direct.p50)} ms, p99 ${f(maxRow.direct.p99)} ms), ` +
      `gateway ${f(maxRow.gateway.achievedRps, 0)} req/s (p50 ${f(maxRow.gateway.p50)} ms, p99 ${f(maxRow.gateway.p99)} ms), ` +
      `ratio gateway/direct ${f(maxRow.throughputRatio, 3)}; non-2xx ${maxRow.direct.non2xx}/${maxRow.gateway.non2xx}, ` +
      `errors ${maxRow.direct.errors + maxRow.direct.timeouts}/${maxRow.gateway.errors + maxRow.gateway.timeouts}`);
    log('');
    const recordsOk = stored === gatewaySent;
    log(`Recording (gateway stopped with SIGTERM: exit ${stopped.code}${stopped.killed ? ', had to be killed' : ''})`);
    log(`  requests sent through the gateway ${gatewaySent} (completed ${gatewayCompleted}, ${gatewaySent - gatewayCompleted} cut off when a run stopped), ` +
      `rows in exchanges ${stored} (by status: ${byStatus.map((s) => `${s.status}×${s.n}`).join(', ')}) → ${recordsOk ? 'EQUAL' : 'MISMATCH'}`);
    log('  (499 = the load generator closed the connection when a run ended, recorded as client_disconnected)');
    for (const failure of failures) log(`  recorded failures: ${failure.n} × HTTP ${failure.status} ${failure.code ?? ''}: ${failure.message ?? ''}`);

    const allRows = [...rows, maxRow];
    const badResponses = allRows.reduce((sum, r) => sum + r.direct.non2xx + r.gateway.non2xx + r.direct.errors + r.gateway.errors + r.direct.timeouts + r.gateway.timeouts +
      r.floors.reduce((inner, fl) => inner + fl.summary.non2xx + fl.summary.errors + fl.summary.timeouts, 0), 0);
    const bar1Row = rows.find((r) => r.mode === 'non-streaming' && r.rate === 1000);
    const bar1 = bar1Row ? bar1Row.addedP99 <= 1 : undefined;
    // The issue states the throughput bar beside the fixed-rate runs (500 and 1,000 req/s): the
    // lowest ratio over them is the bar. The saturation run is reported too: on two cores shared by
    // three processes it measures how much CPU the gateway adds, not whether it keeps up.
    const fixedRateRatio = Math.min(...rows.map((r) => r.throughputRatio));
    const bar2 = fixedRateRatio >= 0.7;
    const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'N/A (1000 not in --rates)' : ok ? 'PASS' : 'FAIL');
    log('');
    log('Bars');
    log(`  p99 added latency ≤ 1 ms at 1000 req/s non-streaming (placement ${options.placement}): ${bar1Row ? `${f(bar1Row.addedP99, 3)} ms` : '-'} → ${verdict(bar1)}`);
    log(`  throughput ratio gateway/direct ≥ 0.70 (lowest over the fixed-rate runs): ${f(fixedRateRatio, 3)} → ${verdict(bar2)}`);
    log(`  (saturation run, for information: gateway/direct ${f(maxRow.throughputRatio, 3)})`);
    log(`  non-2xx + errors = 0: ${badResponses} → ${verdict(badResponses === 0)}`);
    log(`  records stored = requests sent through the gateway: ${stored} vs ${gatewaySent} → ${verdict(recordsOk)}`);
    log(`  (benchmark wall time ${f(elapsed, 0)} s)`);
    if (stopped.code !== 0 || stopped.killed) log(`  gateway log tail:\n${gatewayLog.slice(-2000)}`);

    if (options.json) {
      const out = {
        when: new Date().toISOString(),
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: os.totalmem() / 2 ** 30, node: process.version, platform: `${os.platform()} ${os.release()}` },
        options,
        fixedRate: rows,
        maxThroughput: maxRow,
        recording: { gatewaySent, gatewayCompleted, stored, byStatus, failures, equal: recordsOk, gatewayExit: stopped },
        bars: {
          addedP99At1000NonStreamingMs: bar1Row?.addedP99 ?? null, addedP99Pass: bar1 ?? null,
          throughputRatio: fixedRateRatio, throughputPass: bar2, saturationRatio: maxRow.throughputRatio, badResponses, recordsEqual: recordsOk,
        },
      };
      await writeFile(path.resolve(options.json), `${JSON.stringify(out, null, 2)}\n`);
      log(`  JSON written to ${path.resolve(options.json)}`);
    }
  } finally {
    for (const floor of floors) await floor.stop();
    if (gateway) await stopChild(gateway, 10_000);
    if (sim) await stopChild(sim, 10_000);
    if (options.keep) log(`  kept ${temp}`);
    else await rm(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? String(error)}\n`);
}).finally(() => {
  process.exitCode = 0;
});

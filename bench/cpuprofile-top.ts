/**
 * Summarises a V8 .cpuprofile (e.g. from `bench/gateway-overhead.ts --profile-gateway DIR`):
 * the functions with the most self time, the files/packages with the most self time, and the
 * project functions (dist/ or src/) with the most inclusive time.
 *
 *   node --import tsx bench/cpuprofile-top.ts FILE.cpuprofile [--top 25] [--busy]
 * (--busy: percentages of the busy time, leaving out idle samples)
 */
import { readFileSync } from 'node:fs';
import { benchArgs } from './args.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = benchArgs(import.meta.url, { options: { top: { type: 'string' }, busy: { type: 'boolean' } }, allowPositionals: true });
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: node --import tsx bench/cpuprofile-top.ts FILE.cpuprofile [--top N] [--busy]\n');
  process.exit(2);
}
const top = Number(values.top ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// self time per node, from the samples and their time deltas (µs)
const selfUs = new Map<number, number>();
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i]!;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
// --busy: shares of the time the thread was doing something, leaving out (idle)
const idleIds = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
if (values.busy) for (const id of idleIds) selfUs.delete(id);
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

/** Short location: project path from dist/ or src/, package name from node_modules, or node:internal. */
function where(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split('/');
    return `${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]} ${rest.slice(rest[0]!.startsWith('@') ? 2 : 1).join('/')}`;
  }
  const project = /\/(dist|src)\/(.*)$/.exec(url);
  if (project) return `${project[1]}/${project[2]}`;
  return url;
}

function label(frame: CallFrame): string {
  return `${frame.functionName || '(anonymous)'}  ${where(frame)}:${frame.lineNumber + 1}`;
}

const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
for (const [id, us] of selfUs) {
  const frame = byId.get(id)!.callFrame;
  selfByFunction.set(label(frame), (selfByFunction.get(label(frame)) ?? 0) + us);
  const w = where(frame);
  const key = w.includes(' ') ? w.split(' ')[0]! : w;
  selfByFile.set(key, (selfByFile.get(key) ?? 0) + us);
}

// inclusive time of project functions: each sample counts once per distinct project frame on its stack
const inclusive = new Map<string, number>();
for (let i = 0; i < profile.samples.length; i += 1) {
  if (values.busy && idleIds.has(profile.samples[i]!)) continue;
  const seen = new Set<string>();
  let id: number | undefined = profile.samples[i]!;
  while (id !== undefined) {
    const frame = byId.get(id)!.callFrame;
    const w = where(frame);
    if (w.startsWith('dist/') || w.startsWith('src/')) seen.add(label(frame));
    id = parent.get(id);
  }
  for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const pct = (us: number): string => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${key}\n`);
};
process.stdout.write(`${file}: ${(totalUs / 1e6).toFixed(1)} s sampled${values.busy ? ' (busy, idle left out)' : ''}\n`);
print('self time by function', selfByFunction);
print('self time by file / package', selfByFile);
print('inclusive time of project functions', inclusive);

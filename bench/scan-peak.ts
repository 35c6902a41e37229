/**
 * Peak resident memory of `distillguard scan` itself, two builds side by side on the same input:
 * the memory bar ("the 16-million-exchange scenario peaks at or below 2 GiB RSS") measured with the
 * real command, node's defaults and no tuning flags.
 *
 *   node --import tsx bench/scan-peak.ts --before /path/to/before-checkout --dir /tmp/rs [--after .] [--every 20] [--extra "--young-gen-mb 0"]
 *
 * Both checkouts must be built (`npx tsc -p tsconfig.build.json`). The two scans start together, so
 * that both see the same load (a peak depends on it: docs/PERFORMANCE.md, "Memory"); each one's
 * peak RSS so far (`VmHWM` of /proc/PID/status) is sampled every `--every` seconds and read at its
 * progress marks (every million exchanges), and its whole-command peak is its process's maximum
 * resident set as the kernel reports it to its parent (`/usr/bin/time -f %M`, Debian's `time`).
 * Prints a table of both by mark, the whole-command peaks, their ratio, and CPU.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs } from './args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = benchArgs(import.meta.url, {
  options: { before: { type: 'string' }, after: { type: 'string', default: ROOT }, dir: { type: 'string' }, every: { type: 'string', default: '20' }, extra: { type: 'string', default: '' } },
});
if (!values.before || !values.dir) throw new Error('--before CHECKOUT and --dir SIMULATE_OUTPUT are required');
if (!existsSync('/usr/bin/time')) throw new Error('needs /usr/bin/time (Debian package "time") for the whole-command peak');

interface Run { label: string; marks: Map<string, number>; peakMib: number; userS: number; sysS: number; wallS: number; exchanges: string }

const tmp = mkdtempSync(path.join(os.tmpdir(), 'scan-peak-'));

function hwmMib(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSyncSafe(`/proc/${pid}/status`));
  return match ? Number(match[1]) / 1024 : 0;
}

function scan(checkout: string, label: string): Promise<Run> {
  const args = ['-f', 'dg-time %M %U %S %e', process.execPath, path.join(checkout, 'dist/cli/main.js'), 'scan',
    '--exchanges', path.join(values.dir!, 'exchanges.jsonl'), '--accounts', path.join(values.dir!, 'accounts.jsonl'),
    '--out', path.join(tmp, label), '--no-validate', ...values.extra!.split(' ').filter(Boolean)];
  const child = spawn('/usr/bin/time', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const run: Run = { label, marks: new Map(), peakMib: 0, userS: 0, sysS: 0, wallS: 0, exchanges: '' };
  let sampled = 0;
  const sample = setInterval(() => {
    const node = Number(readFileSyncSafe(`/proc/${child.pid}/task/${child.pid}/children`).trim().split(/\s+/)[0]);
    if (node > 0) sampled = Math.max(sampled, hwmMib(node));
  }, Number(values.every) * 1000);
  let pending = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.search(/[\n\r]/)) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const mark = /exchanges: ([\d,]+) read/.exec(line);
      if (mark) {
        run.marks.set(mark[1]!, sampled);
        run.exchanges = mark[1]!;
      }
      const time = /^dg-time (\d+) ([\d.]+) ([\d.]+) ([\d.]+)/.exec(line);
      if (time) [run.peakMib, run.userS, run.sysS, run.wallS] = [Number(time[1]) / 1024, Number(time[2]), Number(time[3]), Number(time[4])];
    }
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      clearInterval(sample);
      if (code === 0 && run.peakMib > 0) resolve(run);
      else reject(new Error(`${label}: the scan exited with code ${code}`));
    });
  });
}

/** A file's text, or '' when it cannot be read (a /proc entry of a process that has ended). */
function readFileSyncSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const [before, after] = await Promise.all([scan(values.before, 'before'), scan(values.after!, 'after')]);
const mib = (n: number | undefined): string => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
process.stdout.write('| exchanges read | before: peak RSS so far (MiB) | after |\n|---|---|---|\n');
for (const [mark, value] of before.marks) process.stdout.write(`| ${mark} | ${mib(value)} | ${mib(after.marks.get(mark))} |\n`);
process.stdout.write(`| whole command, maxRSS | ${mib(before.peakMib)} | ${mib(after.peakMib)} |\n`);
process.stdout.write(`peak RSS after/before: ${(after.peakMib / before.peakMib).toFixed(2)}\n`);
process.stdout.write(`CPU user + sys (s): before ${before.userS.toFixed(0)} + ${before.sysS.toFixed(0)}, after ${after.userS.toFixed(0)} + ${after.sysS.toFixed(0)} (after/before ${((after.userS + after.sysS) / (before.userS + before.sysS)).toFixed(2)}); wall ${before.wallS.toFixed(0)} s, ${after.wallS.toFixed(0)} s\n`);

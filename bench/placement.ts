/**
 * CPU placement for bench/gateway-overhead.ts `--placement split`: the relay under test (gateway or
 * reference relay) on a CPU of its own, the load generator and the simulator on the others. That is
 * how a proxy is deployed (its own cores or machine, never sharing a core with its clients or its
 * upstream); on a small VM it also removes the scheduler's run-queue waits between the three
 * processes from the comparison (docs/PERFORMANCE.md, "Where the p99 tail comes from").
 */
import { spawnSync } from 'node:child_process';

/** CPU lists in taskset syntax for each side of a split placement. */
export interface SplitPlacement {
  /** The load generator and the simulator. */
  clientCpus: string;
  /** The gateway and the reference relays. */
  relayCpus: string;
}

/** The last CPU for the relays, every other one for the clients; needs at least two CPUs. */
export function splitPlacement(cpuCount: number): SplitPlacement {
  if (!Number.isInteger(cpuCount) || cpuCount < 2) throw new Error(`--placement split needs at least 2 CPUs, this machine has ${cpuCount}`);
  return { clientCpus: cpuCount === 2 ? '0' : `0-${cpuCount - 2}`, relayCpus: String(cpuCount - 1) };
}

/** Pins every thread of `pid`, and the threads it starts later, to the CPU list `cpus` (taskset syntax). */
export function pinProcess(pid: number, cpus: string): void {
  const result = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`taskset could not pin pid ${pid} to CPU ${cpus}: ${result.error?.message ?? result.stderr.trim()} (taskset comes with util-linux)`);
  }
}

/** The CPU list a thread may run on, as the kernel reports it (`Cpus_allowed_list`). */
export function allowedCpus(pid: number): string {
  const result = spawnSync('taskset', ['--cpu-list', '--pid', String(pid)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new Error(`taskset could not read pid ${pid}: ${result.error?.message ?? result.stderr.trim()}`);
  // "pid 123's current affinity list: 0,1"
  return result.stdout.trim().split(': ').at(-1) ?? '';
}

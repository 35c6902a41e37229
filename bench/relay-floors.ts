/**
 * Reference relays for bench/gateway-overhead.ts: proxies that do nothing but forward, put in
 * front of the same simulator and measured in the same rotation as the gateway. What they add over
 * direct is the floor of a second hop on this machine (two more process wake-ups and two more
 * loopback round trips per request), which no gateway can go under.
 *
 * - `node`: bench/relay-floor.mjs, node:http + one undici Pool, nothing else.
 * - `haproxy`: HAProxy (C, event-driven) in HTTP mode with keep-alive and connection reuse, one
 *   thread. Needs the `haproxy` binary (`apt-get install haproxy`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FLOOR_KINDS = ['node', 'haproxy'] as const;
export type FloorKind = (typeof FLOOR_KINDS)[number];

/** A running reference relay. */
export interface Floor {
  kind: FloorKind;
  url: string;
  pid: number;
  /** The relay's process, for a caller that must kill it on an interrupt. */
  proc: ChildProcess;
  stop(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A port that was free a moment ago (haproxy needs one in its config file). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on the port. */
async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`relay exited with ${proc.exitCode} before listening:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`relay did not listen on ${port} within 15 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function haproxyConfig(port: number, upstream: URL): string {
  return [
    'global',
    '  nbthread 1',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  option http-keep-alive',
    '  http-reuse always',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-keep-alive 60s',
    'frontend relay',
    `  bind 127.0.0.1:${port}`,
    '  default_backend simulator',
    'backend simulator',
    `  server simulator ${upstream.hostname}:${upstream.port}`,
    '',
  ].join('\n');
}

/** Starts a reference relay in front of `upstreamUrl`; `dir` holds its config file. */
export async function startFloor(kind: FloorKind, upstreamUrl: string, dir: string, env: NodeJS.ProcessEnv): Promise<Floor> {
  let argv: string[];
  let command: string;
  let port: number;
  if (kind === 'haproxy') {
    const found = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
    if (found.error || found.status !== 0) throw new Error('--floor haproxy needs the haproxy binary (apt-get install haproxy)');
    port = await freePort();
    const config = path.join(dir, 'haproxy.cfg');
    await writeFile(config, haproxyConfig(port, new URL(upstreamUrl)));
    command = 'haproxy';
    argv = ['-db', '-f', config];
  } else {
    port = await freePort();
    command = process.execPath;
    argv = [path.join(HERE, 'relay-floor.mjs'), '--upstream', upstreamUrl, '--port', String(port)];
  }
  const proc = spawn(command, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-10_000);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  await waitForPort(port, proc, () => output);
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid!,
    proc,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { REPLAY_DEFAULTS } from '../../replay/defaults.js';
import type { Speed } from '../../replay/scheduler.js';
import { formatProgress, formatSummary } from '../../replay/stats.js';
import { parseIntegerFlag } from '../common.js';

interface ReplayFlags {
  gateway: string;
  exchanges: string;
  accounts?: string;
  adminToken: string;
  speed: Speed;
  concurrency: number;
  limit?: number;
  keysOut?: string;
  streamAsRecorded: boolean;
  json?: string;
  progress: boolean;
}

function parseSpeed(raw: string): Speed {
  if (raw === 'max') return 'max';
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('--speed expects a positive number (the speed-up factor) or max.');
  }
  return value;
}

function parseGateway(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError('--gateway expects the gateway\'s base URL, e.g. http://127.0.0.1:8080.');
  }
  return raw;
}

/** `distillguard replay`: sends a simulated scenario through a running gateway with the official SDKs. */
export function replayCommand(): Command {
  return new Command('replay')
    .description('send a simulated scenario (spec v1 exchanges.jsonl[.gz]) through a running gateway with the official OpenAI and Anthropic SDKs, one API key per account, at the scenario\'s pace sped up')
    .requiredOption('--gateway <url>', 'base URL of the running gateway', parseGateway)
    .requiredOption('--exchanges <file>', 'exchanges.jsonl or exchanges.jsonl.gz (spec v1), read in time order, streaming')
    .option('--accounts <file>', 'accounts.jsonl[.gz] (spec v1), imported through the admin API first; without it, accounts are created at their first exchange')
    .addOption(new Option('--admin-token <token>', 'the gateway\'s admin token (prefer the environment variable: flags show in the process list)')
      .env('DISTILLGUARD_ADMIN_TOKEN').makeOptionMandatory())
    .addOption(new Option('--speed <factor>', 'speed-up of scenario time, or max for as fast as the concurrency allows')
      .default(REPLAY_DEFAULTS.speed).argParser(parseSpeed))
    .addOption(new Option('--concurrency <n>', 'most requests in flight').default(REPLAY_DEFAULTS.concurrency).argParser(parseIntegerFlag('--concurrency', 1, 10_000)))
    .addOption(new Option('--limit <n>', 'replay only the first N exchanges').argParser(parseIntegerFlag('--limit', 0)))
    .option('--keys-out <file>', 'also write the issued keys as JSON lines {account_id, key_id, secret} (mode 0600; for debugging)')
    .option('--no-stream-as-recorded', 'send every request without streaming (by default a request streams when its record did)')
    .option('--json <file>', 'also write the final figures as JSON')
    .option('--no-progress', 'no progress lines on stderr')
    .addHelpText('after', `
The gateway must trust this host as a proxy, or it ignores the client facts replay sends
(X-Forwarded-For, x-client-asn, x-client-tls-fingerprint, x-client-device-id, x-client-country)
and records this host's address for every exchange: start it with --trusted-proxy <this host>
(server.trustedProxies in the config, DISTILLGUARD_TRUSTED_PROXIES).

Each exchange is rebuilt for its endpoint (openai.chat, openai.responses, anthropic.messages; other
endpoints are skipped and counted) with the recorded model, messages, tools, reasoning, max_tokens,
temperature, stream flag and User-Agent. A tool message with no tool call before it is sent as a
user message "Tool result: …"; Anthropic requests merge consecutive same-role messages.

Progress goes to stderr about every second, the summary to stdout. Failed requests are counted,
not fatal: the exit code is 1 only when the gateway cannot be reached, refuses the admin token, or
an input file is malformed (file:line). Ctrl-C stops, prints the figures so far and exits 130.

Example:
  export DISTILLGUARD_ADMIN_TOKEN=$(openssl rand -hex 32)
  distillguard upstream-sim --port 9000 &
  distillguard serve --db dg.db --upstream http://127.0.0.1:9000 --trusted-proxy 127.0.0.1 &
  distillguard replay --gateway http://127.0.0.1:8080 --exchanges scenario/exchanges.jsonl.gz \\
      --accounts scenario/accounts.jsonl --speed 600 --json replay.json`)
    .action(async (flags: ReplayFlags) => {
      const controller = new AbortController();
      const interrupt = (): void => {
        // a second Ctrl-C does not wait for anything
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write('replay: stopping (requests in flight are cancelled; Ctrl-C again to quit at once)…\n');
        controller.abort();
      };
      process.on('SIGINT', interrupt);
      process.on('SIGTERM', interrupt);
      try {
        // loaded here, not at the top: the SDKs would double the start-up time of every other command
        const { runReplay } = await import('../../replay/replay.js');
        const figures = await runReplay({
          gateway: flags.gateway,
          exchanges: flags.exchanges,
          ...(flags.accounts ? { accounts: flags.accounts } : {}),
          adminToken: flags.adminToken,
          speed: flags.speed,
          concurrency: flags.concurrency,
          ...(flags.limit === undefined ? {} : { limit: flags.limit }),
          ...(flags.keysOut ? { keysOut: flags.keysOut } : {}),
          streamAsRecorded: flags.streamAsRecorded,
          signal: controller.signal,
          ...(flags.progress ? { onProgress: (p) => process.stderr.write(`${formatProgress(p)}\n`) } : {}),
          onWarning: (message) => process.stderr.write(`replay: warning: ${message}\n`),
        });
        process.stdout.write(`${formatSummary(figures)}\n`);
        if (flags.json) await writeFile(flags.json, `${JSON.stringify(figures, null, 2)}\n`);
        if (figures.interrupted) process.exitCode = 130;
      } finally {
        process.off('SIGINT', interrupt);
        process.off('SIGTERM', interrupt);
      }
    });
}

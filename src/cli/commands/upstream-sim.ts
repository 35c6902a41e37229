import { Command, Option } from 'commander';
import { startUpstreamSimulator } from '../../upstream-sim/index.js';
import { parseIntegerFlag, parseNumberFlag } from '../common.js';

interface SimFlags {
  host: string;
  port: number;
  latencyMs?: number;
  tokensPerSecond?: number;
  outputTokens?: number;
  fault5xx?: number;
  fault429?: number;
  faultTimeout?: number;
  faultDisconnect?: number;
  seed?: number;
  requireKey?: string;
}

/** `distillguard upstream-sim`: the local OpenAI/Anthropic-compatible model simulator. */
export function upstreamSimCommand(): Command {
  const rate = (flag: string) => parseNumberFlag(flag, 0, 1);
  return new Command('upstream-sim')
    .description('run the distillguard upstream simulator: a local, deterministic, OpenAI- and Anthropic-compatible model stand-in (not a real model)')
    .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('-p, --port <port>', 'port to listen on').default(9000).argParser(parseIntegerFlag('--port', 0, 65535)))
    .addOption(new Option('--latency-ms <ms>', 'delay before the first byte').argParser(parseIntegerFlag('--latency-ms', 0, 600_000)))
    .addOption(new Option('--tokens-per-second <n>', 'streaming pace (0 = as fast as possible)').argParser(parseNumberFlag('--tokens-per-second', 0)))
    .addOption(new Option('--output-tokens <n>', 'typical answer length').argParser(parseIntegerFlag('--output-tokens', 1, 100_000)))
    .addOption(new Option('--fault-5xx <rate>', 'share of requests answered 5xx (0..1)').argParser(rate('--fault-5xx')))
    .addOption(new Option('--fault-429 <rate>', 'share of requests answered 429 with retry-after').argParser(rate('--fault-429')))
    .addOption(new Option('--fault-timeout <rate>', 'share of requests never answered').argParser(rate('--fault-timeout')))
    .addOption(new Option('--fault-disconnect <rate>', 'share of requests cut off (mid-stream when streaming)').argParser(rate('--fault-disconnect')))
    .addOption(new Option('--seed <n>', 'seed of the random faults').argParser(parseIntegerFlag('--seed')))
    .addOption(new Option('--require-key <key>', 'refuse requests without this upstream key').env('DISTILLGUARD_UPSTREAM_API_KEY'))
    .addHelpText('after', `
Prompt directives trigger behaviour per request, through any gateway:
  [[sim:fault=500]] [[sim:fault=429,retry=3]] [[sim:fault=timeout]] [[sim:fault=disconnect]]
  [[sim:tokens=N]] [[sim:latency=MS]]`)
    .action(async (flags: SimFlags) => {
      const sim = await startUpstreamSimulator({
        host: flags.host,
        port: flags.port,
        ...(flags.latencyMs === undefined ? {} : { latencyMs: flags.latencyMs }),
        ...(flags.tokensPerSecond === undefined ? {} : { tokensPerSecond: flags.tokensPerSecond }),
        ...(flags.outputTokens === undefined ? {} : { defaultOutputTokens: flags.outputTokens }),
        ...(flags.requireKey ? { requiredApiKey: flags.requireKey } : {}),
        faults: {
          rate5xx: flags.fault5xx ?? 0,
          rate429: flags.fault429 ?? 0,
          rateTimeout: flags.faultTimeout ?? 0,
          rateDisconnect: flags.faultDisconnect ?? 0,
          seed: flags.seed ?? 1,
        },
      });
      process.stderr.write(`distillguard upstream simulator (not a real model) listening on ${sim.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => void sim.close().then(resolve);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}

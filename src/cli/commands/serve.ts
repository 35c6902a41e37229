import { Command, Option } from 'commander';
import { startGateway } from '../../gateway/server.js';
import { commandConfig, parseIntegerFlag, withDbOptions } from '../common.js';

interface ServeFlags {
  config?: string;
  db?: string;
  host?: string;
  port?: number;
  upstream?: string;
  trustedProxy?: string[];
  logLevel?: string;
  policy?: string;
  redis?: string;
}

/** `distillguard serve`: the gateway, with the admin API, health and metrics. */
export function serveCommand(): Command {
  const command = new Command('serve')
    .description('run the OpenAI/Anthropic-compatible gateway that records every exchange')
    .addOption(new Option('--host <address>', 'address to listen on (default 127.0.0.1)'))
    .addOption(new Option('-p, --port <port>', 'port to listen on (default 8080)').argParser(parseIntegerFlag('--port', 0, 65535)))
    .addOption(new Option('--upstream <url>', 'one OpenAI- and Anthropic-compatible upstream for every model'))
    .addOption(new Option('--trusted-proxy <cidr...>', 'proxy address or CIDR whose X-Forwarded-For is honoured (repeatable)'))
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .addOption(new Option('--policy <file>', 'enforcement policy (YAML, docs/POLICY.md); reloaded on change and on SIGHUP'))
    .addOption(new Option('--redis <url>', 'share rate limits and decisions with other replicas through this Redis (redis://host:port)'))
    .addHelpText('after', `
The upstream API key is read from DISTILLGUARD_UPSTREAM_API_KEY (or each upstream's apiKeyEnv).
The admin API (/admin/v1) is enabled by DISTILLGUARD_ADMIN_TOKEN.
A malformed --policy stops the start with file:line; a malformed edit later is rejected (logged) and the
previous policy stays in force.
SIGTERM or SIGINT stops gracefully: in-flight requests finish and every record is written.

Example:
  distillguard serve --db distillguard.db --port 8080 --upstream http://127.0.0.1:9000`);
  withDbOptions(command);
  command.action(async (flags: ServeFlags) => {
    const config = commandConfig(flags, {
      ...(flags.host || flags.port !== undefined || flags.trustedProxy
        ? { server: { ...(flags.host ? { host: flags.host } : {}), ...(flags.port !== undefined ? { port: flags.port } : {}), ...(flags.trustedProxy ? { trustedProxies: flags.trustedProxy } : {}) } }
        : {}),
      ...(flags.upstream ? { upstreams: [{ baseUrl: flags.upstream }] } : {}),
      ...(flags.logLevel ? { logging: { level: flags.logLevel } } : {}),
      ...(flags.policy || flags.redis
        ? { enforcement: {
          ...(flags.policy ? { policyFile: flags.policy } : {}),
          ...(flags.redis ? { bus: 'redis', rateLimitStore: 'redis', redis: { url: flags.redis } } : {}),
        } }
        : {}),
    });
    const gateway = await startGateway(config);
    process.stderr.write(`distillguard gateway listening on ${gateway.url} (db: ${config.store.path})\n`);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string): void => {
        process.stderr.write(`distillguard: ${signal} received, draining…\n`);
        gateway.stop().then(resolve, (error: unknown) => {
          process.stderr.write(`distillguard: shutdown failed: ${String(error)}\n`);
          process.exitCode = 1;
          resolve();
        });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
  });
  return command;
}

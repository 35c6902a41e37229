import { Command, Option } from 'commander';
import { join } from 'node:path';
import { DEMO_POLICY_FILE, DEMO_SCENARIO, runLiveDemo } from '../../demo/live-demo.js';
import { dashboardCheck, liveDemoInstructions, quickstartInstructions, startQuickstart } from '../../demo/quickstart.js';
import type { Speed } from '../../replay/scheduler.js';
import { parseIntegerFlag } from '../common.js';

function parseSpeed(raw: string): Speed {
  if (raw === 'max') return 'max';
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--speed expects a positive number or "max", got ${JSON.stringify(raw)}`);
  return value;
}

/** `distillguard demo`: the quick start's main job. */
export function demoCommand(): Command {
  return new Command('demo')
    .description('start the upstream simulator and the gateway with the dashboard on a SQLite file, then replay a simulated day '
      + '(customers and a hydra campaign) so that the campaign is detected and blocked live')
    .addOption(new Option('--dir <dir>', 'folder for the database and the simulated scenario (the database starts empty each run)').default('.demo'))
    .addOption(new Option('-p, --port <port>', 'gateway port (a free one if taken)').default(8080).argParser(parseIntegerFlag('--port', 0, 65535)))
    .addOption(new Option('--sim-port <port>', 'simulator port (a free one if taken)').default(9000).argParser(parseIntegerFlag('--sim-port', 0, 65535)))
    .addOption(new Option('--scenario <name|file>', 'scenario to replay').default(DEMO_SCENARIO))
    .addOption(new Option('--seed <n>', 'scenario seed').default(1).argParser(parseIntegerFlag('--seed', 0, 2 ** 31 - 1)))
    .addOption(new Option('--speed <factor|max>', 'speed-up of the scenario clock (360: a day in 4 minutes)').default(360 as Speed).argParser(parseSpeed))
    .option('--once', 'run the self-check (one request, its record, the dashboard route), print the instructions and exit (for scripts and CI)')
    .action(async (flags: { dir: string; port: number; simPort: number; scenario: string; seed: number; speed: Speed; once?: boolean }) => {
      const quickstart = await startQuickstart({
        dir: flags.dir, port: flags.port, simPort: flags.simPort, fresh: true,
        policyFile: DEMO_POLICY_FILE,
        // the replay runs in this process and connects from loopback: its client facts must be honoured
        trustedProxies: ['127.0.0.1', '::1'],
      });
      const dashboard = await dashboardCheck(quickstart);
      process.stdout.write(quickstartInstructions(quickstart));
      process.stdout.write(liveDemoInstructions(quickstart, dashboard));
      const healthy = quickstart.selfCheck.status === 200 && quickstart.selfCheck.recorded && dashboard.ok;
      if (!healthy) process.exitCode = 1;
      if (flags.once || !healthy) {
        await quickstart.stop();
        return;
      }

      const interrupted = new AbortController();
      let stopping: Promise<void> | undefined;
      const stop = (): Promise<void> => {
        stopping ??= (async () => {
          process.stderr.write('\nstopping: draining the recording queue…\n');
          interrupted.abort();
          await quickstart.stop();
        })();
        return stopping;
      };
      const stopped = new Promise<void>((resolve) => {
        const onSignal = (): void => { void stop().then(resolve); };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      const print = (line: string): void => { process.stdout.write(`${line}\n`); };
      try {
        const { figures } = await runLiveDemo(quickstart, {
          dir: join(flags.dir, 'scenarios'), scenario: flags.scenario, seed: flags.seed, speed: flags.speed, print, signal: interrupted.signal,
        });
        if (!figures.interrupted) {
          print(`demo: the simulated day is replayed (${figures.sent} requests in ${(figures.durationMs / 1000).toFixed(0)} s). `
            + `The gateway keeps running: explore the dashboard at ${quickstart.gateway.url}/dashboard/, send your own requests, Ctrl-C to stop.`);
        }
      } catch (error) {
        if (!interrupted.signal.aborted) {
          process.exitCode = 1;
          process.stderr.write(`demo: the replay stopped: ${(error as Error).message}\n`);
          await stop();
          return;
        }
      }
      await stopped;
    });
}

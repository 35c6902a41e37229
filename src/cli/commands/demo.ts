import { Command, Option } from 'commander';
import { quickstartInstructions, startQuickstart } from '../../demo/quickstart.js';
import { parseIntegerFlag } from '../common.js';

/** `distillguard demo`: the quick start's main job. */
export function demoCommand(): Command {
  return new Command('demo')
    .description('start the upstream simulator and the gateway on a SQLite file, with a demo account and key')
    .addOption(new Option('--dir <dir>', 'folder for the database').default('.demo'))
    .addOption(new Option('-p, --port <port>', 'gateway port (a free one if taken)').default(8080).argParser(parseIntegerFlag('--port', 0, 65535)))
    .addOption(new Option('--sim-port <port>', 'simulator port (a free one if taken)').default(9000).argParser(parseIntegerFlag('--sim-port', 0, 65535)))
    .option('--once', 'run the self-check, print the instructions and exit (for scripts and CI)')
    .action(async (flags: { dir: string; port: number; simPort: number; once?: boolean }) => {
      const quickstart = await startQuickstart({ dir: flags.dir, port: flags.port, simPort: flags.simPort });
      process.stdout.write(quickstartInstructions(quickstart));
      const healthy = quickstart.selfCheck.status === 200 && quickstart.selfCheck.recorded;
      if (!healthy) process.exitCode = 1;
      if (flags.once) {
        await quickstart.stop();
        return;
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.stderr.write('\nstopping: draining the recording queue…\n');
          void quickstart.stop().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

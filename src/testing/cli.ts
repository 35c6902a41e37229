/** Runs the `distillguard` CLI from source in a child process, for end-to-end tests. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', 'cli', 'main.ts');
// resolved here, because tests run the CLI from a temporary working folder
const TSX = import.meta.resolve('tsx');

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `distillguard ...args` in `cwd`; never throws on a non-zero exit, it returns the code. */
export async function runCli(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: options.cwd, env: { ...process.env, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliResult;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

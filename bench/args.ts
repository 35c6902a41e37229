/**
 * Command-line options for the bench scripts: `node:util` parseArgs plus the two conventions every
 * script should honour. `--help` / `-h` prints the script's own header comment (its usage, written
 * once, where the next engineer reads it) and exits 0; an unknown or malformed option prints what
 * was wrong, names the script and points at `--help`, and exits 2 instead of a stack trace.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The first block comment of a source file, without its comment markers. */
export function headerComment(source: string): string {
  const match = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (match === null) return '';
  return match[1]!
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/**
 * parseArgs for a bench script. `scriptUrl` is the script's `import.meta.url`: its header comment
 * is the `--help` text. `exit` is injectable for tests.
 */
export function benchArgs<T extends ParseArgsConfig>(
  scriptUrl: string,
  config: T,
  argv: string[] = process.argv.slice(2),
  exit: (code: number) => never = (code) => process.exit(code),
): ReturnType<typeof parseArgs<T>> {
  const file = fileURLToPath(scriptUrl);
  const name = `bench/${path.basename(file)}`;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${headerComment(readFileSync(file, 'utf8')) || name}\n`);
    return exit(0);
  }
  try {
    // The spread adds only `args`, which does not change the shape of the result.
    return parseArgs({ ...config, args: argv }) as ReturnType<typeof parseArgs<T>>;
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\nRun it with --help for its options.\n`);
    return exit(2);
  }
}

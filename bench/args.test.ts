import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchArgs, headerComment } from './args.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
const exit = (code: number): never => {
  throw new Exited(code);
};

/** Runs `fn` with process.stdout/stderr writes captured. */
function captured(fn: () => void): { stdout: string; stderr: string; exited?: number } {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => out.push(chunk) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(chunk) > 0) as typeof process.stderr.write;
  let exited: number | undefined;
  try {
    fn();
  } catch (error) {
    if (!(error instanceof Exited)) throw error;
    exited = error.code;
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
  return { stdout: out.join(''), stderr: err.join(''), exited };
}

describe('bench/args', () => {
  const options = { dir: { type: 'string' }, rounds: { type: 'string', default: '3' } } as const;

  it('parses the options it is given', () => {
    const { values } = benchArgs(import.meta.url, { options }, ['--dir', '/tmp/x'], exit);
    assert.equal(values.dir, '/tmp/x');
    assert.equal(values.rounds, '3');
  });

  it('--help prints the script header comment and exits 0', () => {
    const result = captured(() => benchArgs(new URL('./args.ts', import.meta.url).href, { options }, ['--help'], exit));
    assert.equal(result.exited, 0);
    assert.match(result.stdout, /^Command-line options for the bench scripts/);
    assert.doesNotMatch(result.stdout, /\/\*\*|\*\//);
  });

  it('an unknown option names the script, says what is wrong, points at --help and exits 2', () => {
    const result = captured(() => benchArgs(import.meta.url, { options }, ['--bogus'], exit));
    assert.equal(result.exited, 2);
    assert.match(result.stderr, /^bench\/args\.test\.ts: Unknown option '--bogus'/);
    assert.match(result.stderr, /--help/);
  });

  it('headerComment strips the comment markers and keeps indentation of usage lines', () => {
    const text = headerComment('/**\n * What it does.\n *\n *   node run.ts --x\n */\nconst a = 1;\n/** other */');
    assert.equal(text, 'What it does.\n\n  node run.ts --x');
    assert.equal(headerComment('const a = 1;'), '');
  });
});

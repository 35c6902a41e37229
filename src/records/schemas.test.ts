import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { SCHEMA_DIR, SCHEMA_FILES } from './validate.js';

// The spec lives beside the package (`/work/shared/spec` for /work/main); override with DISTILLGUARD_SPEC_DIR.
const specDir = process.env.DISTILLGUARD_SPEC_DIR ?? fileURLToPath(new URL('../../../shared/spec/', import.meta.url));
const shippedDir = fileURLToPath(SCHEMA_DIR);

describe('shipped schemas', () => {
  it('every spec kind has its schema in schemas/', () => {
    for (const file of Object.values(SCHEMA_FILES)) assert.ok(existsSync(`${shippedDir}/${file}`), file);
  });

  it('are byte-identical to the spec', (t) => {
    if (!existsSync(specDir)) {
      t.skip(`spec folder ${specDir} not found: cannot compare the shipped schemas with it`);
      return;
    }
    const spec = readdirSync(specDir).filter((f) => f.endsWith('.schema.json')).sort();
    const shipped = readdirSync(shippedDir).filter((f) => f.endsWith('.schema.json')).sort();
    assert.deepEqual(shipped, spec, 'the same schema files');
    for (const f of spec) {
      assert.ok(readFileSync(`${specDir}/${f}`).equals(readFileSync(`${shippedDir}/${f}`)), `schemas/${f} differs from ${specDir}/${f}`);
    }
  });
});

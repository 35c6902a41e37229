import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitOf, splitOfExample } from './dataset.js';

describe('dataset splits', () => {
  it('keeps rows marked calibrate: false out of the calibration split, and leaves every other split alone', () => {
    const texts = Array.from({ length: 400 }, (_, i) => `follow-up number ${i}, shorter please`);
    const calib = texts.filter((text) => splitOf(text, undefined) === 'calib');
    assert.ok(calib.length > 10, 'some texts hash into calib');
    for (const text of texts) {
      const plain = splitOfExample({ text, source: 'test' });
      const kept = splitOfExample({ text, source: 'test', calibrate: false });
      assert.equal(plain, splitOf(text, undefined));
      assert.equal(kept, plain === 'calib' ? 'train' : plain, text);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../config/schema.js';
import { detectionConfigOf, engineConfigOf } from './settings.js';

describe('engine settings from a configuration', () => {
  it('carries every detection setting, structured-clone safe, and gives the engine its allowlist as a Set', () => {
    const config = defaultConfig();
    config.detection = { ...config.detection, flagThreshold: 0.7, classifierThreshold: 0.8, allowlist: ['acct_app'], publicText: false, sharedEgressAccounts: 40 };
    config.retention = { ...config.retention, keepText: false };
    const portable = detectionConfigOf(config);
    assert.deepEqual(portable, { flagThreshold: 0.7, classifierThreshold: 0.8, allowlist: ['acct_app'], keepSamples: false, publicText: false, sharedEgressAccounts: 40 });
    assert.deepEqual(structuredClone(portable), portable, 'it crosses a worker boundary unchanged');
    const engine = engineConfigOf(portable);
    assert.deepEqual(engine.allowlist, new Set(['acct_app']));
    assert.equal(engine.publicText, false);
    assert.equal(engine.flagThreshold, 0.7);
    assert.equal(engine.sharedEgressAccounts, 40);
  });

  it('leaves the classifier threshold to the models when the configuration sets none', () => {
    const portable = detectionConfigOf(defaultConfig());
    assert.equal('classifierThreshold' in portable, false);
    assert.equal(portable.publicText, true);
    assert.deepEqual(engineConfigOf({}).allowlist, new Set());
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES } from './i18n.js';
import { createPromptLibrary, createRng, type AttackPromptKind, type BenignPromptKind, type Language } from './index.js';

const lib = createPromptLibrary();
const APP_SLOTS = [
  'order', 'days', 'product', 'plan', 'country', 'email', 'features', 'colour', 'audience', 'verdict', 'detail', 'ingredient',
  'ingredient2', 'ingredient3', 'minutes', 'hour', 'person', 'weekday', 'month', 'year', 'amount',
];

describe('production app families', () => {
  it('keep one system prompt and vary the templated user message', () => {
    const ids = new Set<string>();
    for (let a = 0; a < 40; a++) {
      const family = lib.appFamily(createRng(`app/${a}`));
      ids.add(family.id.split('#')[0] as string);
      const rng = createRng(`app-calls/${a}`);
      const prompts = Array.from({ length: 200 }, () => family.instantiate(rng));
      const systems = new Set(prompts.map((p) => p.system));
      assert.equal(systems.size, 1, `${family.id}: the system prompt is fixed`);
      assert.ok((prompts[0]?.system ?? '').length > 40, `${family.id}: has a system prompt`);
      assert.ok(prompts.every((p) => p.user.length > 0 && p.language === 'en' && !APP_SLOTS.some((s) => p.user.includes(`{${s}}`))), `${family.id}: filled slots`);
      assert.ok(new Set(prompts.map((p) => p.user)).size > 20, `${family.id}: varied messages`);
    }
    assert.ok(ids.size >= 6, `several kinds of app (${[...ids].join(', ')})`);
  });

  it('serve users in other languages', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const family = lib.appFamily(createRng(`app-${lang}`), { language: lang });
      const p = family.instantiate(createRng(1));
      assert.equal(p.language, lang);
      assert.ok(p.user.length > 0 && !p.user.includes('{'), `${lang}: ${p.user}`);
    }
  });

  it('are deterministic and differ between apps', () => {
    const users = (seed: string): string[] => {
      const family = lib.appFamily(createRng(seed));
      const rng = createRng('calls');
      return Array.from({ length: 20 }, () => family.instantiate(rng).user);
    };
    assert.deepEqual(users('a'), users('a'));
    assert.notDeepEqual(users('a'), users('b'));
  });
});

describe('speed', () => {
  it('costs at most 5 microseconds a prompt on average, across benign kinds, campaigns and apps', (t) => {
    const benign: BenignPromptKind[] = [
      'chat', 'coding', 'writing', 'homework_math', 'benchmark_gsm8k', 'benchmark_math', 'benchmark_humaneval', 'benchmark_mbpp',
      'benchmark_bbh', 'benchmark_ifeval', 'document_qa', 'agent_step', 'multilingual_chat',
    ];
    const attacks: AttackPromptKind[] = [
      'cot_extraction', 'grader_rubric', 'censorship_rewrite', 'capability_sweep_code', 'agentic_sweep', 'expert_persona', 'jailbreak_extraction',
    ];
    const languages: Language[] = ['en', 'zh', 'es'];
    const families = [
      ...attacks.map((k) => lib.campaignFamily(k, createRng(`speed/${k}`), { languages, paraphrases: 6 })),
      lib.appFamily(createRng('speed/app')),
    ];
    const rng = createRng('speed');
    const n = 20_000;
    let chars = 0;
    const measure = (label: string, fn: () => string): number => {
      for (let i = 0; i < 2000; i++) chars += fn().length; // warm-up
      const t0 = performance.now();
      for (let i = 0; i < n; i++) chars += fn().length;
      const us = ((performance.now() - t0) * 1000) / n;
      t.diagnostic(`${label}: ${us.toFixed(2)} µs`);
      return us;
    };
    const times = [
      ...benign.map((k) => measure(k, () => lib.benign(k, rng).user)),
      ...families.map((f) => measure(f.id, () => f.instantiate(rng).user)),
    ];
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    t.diagnostic(`mean ${mean.toFixed(2)} µs over ${times.length} generators`);
    assert.ok(chars > 0);
    assert.ok(mean <= 5, `mean ${mean.toFixed(2)} µs`);
  });
});

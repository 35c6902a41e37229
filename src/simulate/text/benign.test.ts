import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COT_PARAPHRASES } from './attacks/cot-extraction.js';
import { HOMEWORK_INTROS, LANGUAGES, SHOW_WORK } from './i18n.js';
import { createPromptLibrary, createRng, type BenignPromptKind, type Capability, type Language, type Prompt } from './index.js';
import { EVERYDAY, INTENT_CAPABILITIES } from './multilingual.js';
import { parseTemplate } from './template.js';

const lib = createPromptLibrary();

const KINDS: Record<BenignPromptKind, readonly Capability[]> = {
  chat: ['chat', 'code', 'math', 'reasoning', 'science', 'writing', 'data_analysis', 'translation', 'safety_sensitive', 'law', 'medicine', 'finance'],
  coding: ['code'],
  writing: ['writing'],
  homework_math: ['math'],
  benchmark_gsm8k: ['math'],
  benchmark_math: ['math'],
  benchmark_humaneval: ['code'],
  benchmark_mbpp: ['code'],
  benchmark_bbh: ['reasoning'],
  benchmark_ifeval: ['writing'],
  document_qa: ['data_analysis', 'code'],
  agent_step: ['agentic'],
  multilingual_chat: [...new Set(INTENT_CAPABILITIES)],
};

/** Words that mark a request for the model's own reasoning trace, per language. */
const COT_CUES: Record<Language, readonly string[]> = {
  en: ['internal', 'hidden', 'verbatim', 'chain of thought', 'scratchpad', 'thought process', 'reasoning trace', '<think>', 'monologue', 'thinking', 'word for word', 'private reasoning', 'reasoning tokens', 'raw trace', 'original wording'],
  zh: ['思维链', '推理过程', '思考过程', '草稿', '内心独白', '推理轨迹'],
  es: ['razonamiento', 'cadena de pensamiento', 'proceso de pensamiento', 'monólogo'],
  de: ['Denkprozess', 'Gedankenkette', 'Scratchpad', 'Reasoning', 'Monolog'],
  fr: ['raisonnement', 'chaîne de pensée', 'processus de réflexion', 'monologue'],
  ru: ['рассужден', 'цепочк', 'мыслей', 'монолог'],
  ja: ['推論', '思考', 'スクラッチパッド', '独白'],
  ko: ['추론', '사고', '스크래치패드', '독백'],
  ar: ['تفكير', 'أفكار', 'استدلال'],
  pt: ['raciocínio', 'cadeia de pensamento', 'processo de pensamento', 'monólogo'],
  hi: ['तर्क', 'विचार', 'सोचने', 'स्क्रैचपैड'],
  vi: ['suy luận', 'suy nghĩ', 'độc thoại'],
};

function checkPrompt(p: Prompt, where: string): void {
  assert.ok(p.user.trim().length > 0, `${where}: empty user text`);
  assert.ok(LANGUAGES.includes(p.language), `${where}: language ${p.language}`);
  assert.equal(typeof p.wantsReasoning, 'boolean', `${where}: wantsReasoning`);
  assert.ok(!/\[INSERT PROMPT HERE\]|\{INSERT PROMPT HERE\}/.test(p.user), `${where}: leftover jailbreak slot`);
}

describe('benign prompts', () => {
  it('every kind returns non-empty text with its capability, in English by default', () => {
    const rng = createRng('benign-kinds');
    for (const [kind, caps] of Object.entries(KINDS) as [BenignPromptKind, readonly Capability[]][]) {
      for (let i = 0; i < 300; i++) {
        const p = lib.benign(kind, rng);
        checkPrompt(p, kind);
        assert.ok(caps.includes(p.capability), `${kind}: capability ${p.capability}`);
        if (kind !== 'multilingual_chat') assert.equal(p.language, 'en', kind);
      }
    }
  });

  it('multilingual_chat writes real sentences in the requested language, for every language', () => {
    const rng = createRng('multilingual');
    for (const lang of LANGUAGES.filter((l) => l !== 'en') as Exclude<Language, 'en'>[]) {
      assert.equal(EVERYDAY[lang].length, INTENT_CAPABILITIES.length, `${lang}: one request per intent`);
      assert.equal(new Set(EVERYDAY[lang]).size, EVERYDAY[lang].length);
      for (let i = 0; i < 50; i++) {
        const p = lib.benign('multilingual_chat', rng, { language: lang });
        assert.equal(p.language, lang);
        assert.ok(EVERYDAY[lang].some((s) => p.user.includes(s)), `${lang}: ${p.user}`);
      }
    }
    const seen = new Set(Array.from({ length: 300 }, () => lib.benign('multilingual_chat', rng).language));
    assert.ok(seen.size >= 8 && !seen.has('en'), 'without a language it picks among the other languages');
  });

  it('chat, writing, homework and coding honour a requested language', () => {
    const rng = createRng('localised');
    for (const kind of ['chat', 'writing', 'homework_math', 'coding'] as const) {
      for (const lang of LANGUAGES) {
        const p = lib.benign(kind, rng, { language: lang });
        assert.equal(p.language, lang, `${kind}/${lang}`);
      }
    }
    assert.equal(lib.benign('writing', rng, { language: 'de' }).capability, 'writing');
  });

  it('benchmark kinds use the benchmarks\' own formats', () => {
    const rng = createRng('bench');
    const bbh = Array.from({ length: 200 }, () => lib.benign('benchmark_bbh', rng).user);
    assert.ok(bbh.filter((u) => u.endsWith("A: Let's think step by step.")).length > 100, 'BBH chain-of-thought prompts');
    assert.ok(bbh.every((u) => /\nQ: /.test(u) || u.includes('Q: ')));
    const gsm = Array.from({ length: 200 }, () => lib.benign('benchmark_gsm8k', rng).user);
    assert.ok(gsm.some((u) => (u.match(/\nQ: /g) ?? []).length >= 7 && u.endsWith('\nA:')), 'GSM8K 8-shot');
    assert.ok(gsm.some((u) => u.endsWith("Let's think step by step.")), 'GSM8K zero-shot CoT');
    const he = Array.from({ length: 100 }, () => lib.benign('benchmark_humaneval', rng).user);
    assert.ok(he.every((u) => /def \w+\(/.test(u) && /"""|'''/.test(u)), 'HumanEval function stubs');
    const mbpp = lib.benign('benchmark_mbpp', rng).user;
    assert.match(mbpp, /You are an expert Python programmer, and here is your task: [\s\S]+Your code should pass these tests:\n\nassert /);
    const math = Array.from({ length: 50 }, () => lib.benign('benchmark_math', rng).user);
    assert.ok(math.some((u) => u.startsWith('Problem:\n')) && math.some((u) => u.includes('Answer: $ANSWER')));
  });

  it('agent_step is a tool-using step of an agent product', () => {
    const rng = createRng('agent');
    let results = 0;
    for (let i = 0; i < 200; i++) {
      const p = lib.benign('agent_step', rng);
      assert.ok(p.system && p.system.length > 50, 'agent system prompt');
      assert.ok(p.tools && p.tools.length >= 2, 'declared tools');
      if (p.user.startsWith('Result of ')) {
        results++;
        const tool = p.user.slice('Result of '.length, p.user.indexOf(':'));
        assert.ok(p.tools.includes(tool), `tool result from an undeclared tool ${tool}`);
        assert.doesNotThrow(() => JSON.parse(p.user.slice(p.user.indexOf('\n') + 1)), 'tool results are JSON');
      }
    }
    assert.ok(results > 50 && results < 180, 'both requests and tool results');
  });

  it('homework "show your work" never uses the chain-of-thought extraction phrasings', () => {
    // By construction the two live in different modules; check that they stay disjoint.
    for (const lang of LANGUAGES) {
      for (const phrase of [...SHOW_WORK[lang], ...HOMEWORK_INTROS[lang]]) {
        for (const cue of COT_CUES[lang]) {
          assert.ok(!phrase.toLowerCase().includes(cue.toLowerCase()), `${lang} homework phrase "${phrase}" uses extraction cue "${cue}"`);
        }
      }
    }
    const segments = LANGUAGES.flatMap((l) => COT_PARAPHRASES[l].flatMap((t) => parseTemplate(t).lits.map((s) => s.trim()).filter((s) => s.length >= 12)));
    const rng = createRng('homework');
    let showWork = 0;
    for (let i = 0; i < 3000; i++) {
      const lang = LANGUAGES[i % LANGUAGES.length] as Language;
      const p = lib.benign('homework_math', rng, { language: lang });
      if (SHOW_WORK[lang].some((s) => p.user.endsWith(s))) showWork++;
      for (const seg of segments) assert.ok(!p.user.includes(seg), `homework prompt contains extraction text "${seg}"`);
    }
    assert.ok(showWork > 600 && showWork < 1500, `about a third ask to show the work (${showWork})`);
  });

  it('is deterministic: the same seed gives the same prompts', () => {
    const run = (seed: string): Prompt[] => {
      const rng = createRng(seed);
      return (Object.keys(KINDS) as BenignPromptKind[]).flatMap((k) => Array.from({ length: 20 }, () => lib.benign(k, rng)));
    };
    assert.deepEqual(run('same'), run('same'));
    assert.notDeepEqual(run('same'), run('other'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENTIC_PARAPHRASES } from './attacks/agentic-sweep.js';
import { CENSORSHIP_PARAPHRASES } from './attacks/censorship.js';
import { CODE_SWEEP_PARAPHRASES } from './attacks/code-sweep.js';
import { COT_PARAPHRASES } from './attacks/cot-extraction.js';
import { PERSONA_PARAPHRASES } from './attacks/expert-persona.js';
import { GRADER_PARAPHRASES } from './attacks/grader.js';
import { ATTACK_SPECS } from './attacks/index.js';
import { JAILBREAK_ASKS } from './attacks/jailbreak-extraction.js';
import { LOCAL_MODIFIERS } from './attacks/local-modifiers.js';
import { LANGUAGES } from './i18n.js';
import { createPromptLibrary, createRng, type AttackPromptKind, type Capability, type Language, type Prompt, type TemplateFamily } from './index.js';
import { parseTemplate } from './template.js';

const lib = createPromptLibrary();
const KINDS = Object.keys(ATTACK_SPECS) as AttackPromptKind[];
const OTHER = LANGUAGES.filter((l) => l !== 'en');

const PARAPHRASES: Record<AttackPromptKind, Record<Language, readonly string[]>> = {
  cot_extraction: COT_PARAPHRASES,
  grader_rubric: GRADER_PARAPHRASES,
  censorship_rewrite: CENSORSHIP_PARAPHRASES,
  capability_sweep_code: CODE_SWEEP_PARAPHRASES,
  agentic_sweep: AGENTIC_PARAPHRASES,
  expert_persona: PERSONA_PARAPHRASES,
  jailbreak_extraction: JAILBREAK_ASKS,
};

/** Slot names of our templates that never occur in corpus text (short ones like {n} do, in LaTeX). */
const SLOT_NAMES = [
  ...new Set([
    ...Object.values(PARAPHRASES).flatMap((byLang) => Object.values(byLang).flat().flatMap((t) => parseTemplate(t).names)),
    ...Object.values(LOCAL_MODIFIERS).flat().flatMap((t) => parseTemplate(t).names),
    'person', 'person2', 'city', 'city2', 'weekday', 'month', 'repo', 'ticker', 'currency', 'news', 'order', 'amount',
    'module', 'module2', 'product', 'plan', 'days', 'country', 'verdict', 'detail', 'ingredient', 'colour', 'features', 'email',
  ]),
].filter((n) => n.length > 2);

/** Literal text of each paraphrase of a language (its longest piece), to recognise which one was used. */
function skeletonOf(kind: AttackPromptKind, lang: Language, user: string): number {
  const list = PARAPHRASES[kind][lang];
  return list.findIndex((t) => {
    const longest = parseTemplate(t).lits.reduce((a, b) => (b.trim().length > a.length ? b.trim() : a), '');
    return user.includes(longest);
  });
}

function checkPrompt(p: Prompt, where: string): void {
  assert.ok(p.user.trim().length > 0, `${where}: empty`);
  for (const name of SLOT_NAMES) assert.ok(!p.user.includes(`{${name}}`) && !(p.system ?? '').includes(`{${name}}`), `${where}: leftover {${name}}`);
  assert.ok(!/\[INSERT PROMPT HERE\]|\{INSERT PROMPT HERE\}/.test(p.user), `${where}: leftover jailbreak slot`);
}

function distinct(family: TemplateFamily, seed: string, n = 1000): number {
  const rng = createRng(seed);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const p = family.instantiate(rng);
    seen.add(`${p.system ?? ''}\u0000${p.user}`);
  }
  return seen.size;
}

describe('campaign template families', () => {
  it('every kind has at least 12 English paraphrases and translations in every other language', () => {
    for (const kind of KINDS) {
      const byLang = PARAPHRASES[kind];
      assert.equal(ATTACK_SPECS[kind].paraphrases, byLang);
      assert.ok(new Set(byLang.en).size >= 12, `${kind}: ${byLang.en.length} English paraphrases`);
      for (const lang of OTHER) assert.ok((byLang[lang]?.length ?? 0) >= 2, `${kind}: no ${lang} translations`);
    }
    for (const lang of OTHER) assert.ok(COT_PARAPHRASES[lang].length >= 5, `cot_extraction: ${lang}`);
  });

  it('returns prompts with the right language, capability and no leftover placeholders, for every kind and language', () => {
    for (const kind of KINDS) {
      const family = lib.campaignFamily(kind, createRng(`langs/${kind}`), { languages: [...LANGUAGES], paraphrases: 3 });
      const rng = createRng(`draws/${kind}`);
      const langs = new Set<Language>();
      for (let i = 0; i < 600; i++) {
        const p = family.instantiate(rng);
        checkPrompt(p, kind);
        langs.add(p.language);
        assert.ok(skeletonOf(kind, p.language, p.user) >= 0, `${kind}/${p.language}: not one of the ${p.language} paraphrases:\n${p.user.slice(0, 300)}`);
        if (kind === 'cot_extraction') assert.equal(p.wantsReasoning, true);
        if (kind === 'censorship_rewrite') assert.equal(p.capability, 'safety_sensitive');
        if (kind === 'capability_sweep_code') assert.equal(p.capability, 'code');
        if (kind === 'agentic_sweep') {
          assert.equal(p.capability, 'agentic');
          assert.ok(p.tools && p.tools.length >= 4 && p.system?.includes(p.tools[0] as string), 'tools declared in the request and the system prompt');
        }
      }
      assert.equal(langs.size, LANGUAGES.length, `${kind}: all requested languages used`);
    }
  });

  it('fills slots from the requested capabilities', () => {
    const cases: [AttackPromptKind, Capability[]][] = [
      ['cot_extraction', ['math']], ['cot_extraction', ['law', 'medicine']], ['expert_persona', ['finance']],
      ['grader_rubric', ['code']], ['jailbreak_extraction', ['reasoning']],
    ];
    for (const [kind, caps] of cases) {
      const family = lib.campaignFamily(kind, createRng(`caps/${kind}/${caps}`), { languages: ['en'], paraphrases: 4, capabilities: caps });
      const rng = createRng('c');
      const seen = new Set(Array.from({ length: 200 }, () => family.instantiate(rng).capability));
      assert.deepEqual([...seen].sort(), [...caps].sort(), kind);
    }
    const persona = lib.campaignFamily('expert_persona', createRng('persona-law'), { languages: ['en'], paraphrases: 13, capabilities: ['law'] });
    const p = persona.instantiate(createRng(1));
    assert.match(p.user, /lawyer|attorney|law professor|litigation|counsel/i, 'the persona matches the domain');
  });

  it('varies on nearly every call: 1,000 instantiations give at least 990 distinct prompts', () => {
    const configs: [Language[], number][] = [[['en'], 1], [['en'], 6], [['zh'], 1], [['en', 'es', 'ru', 'ar'], 3]];
    for (const kind of KINDS) {
      for (const [languages, paraphrases] of configs) {
        const family = lib.campaignFamily(kind, createRng(`variety/${kind}/${languages}/${paraphrases}`), { languages, paraphrases });
        const n = distinct(family, `v/${kind}`);
        assert.ok(n >= 990, `${kind} ${languages} x${paraphrases}: ${n} distinct of 1000`);
      }
    }
  });

  it('keeps a recognisable skeleton: a family uses exactly its chosen paraphrases', () => {
    for (const kind of KINDS) {
      for (const paraphrases of [1, 4]) {
        const family = lib.campaignFamily(kind, createRng(`skeleton/${kind}/${paraphrases}`), { languages: ['en'], paraphrases });
        const rng = createRng('s');
        const used = new Set(Array.from({ length: 400 }, () => skeletonOf(kind, 'en', family.instantiate(rng).user)));
        assert.ok(!used.has(-1), kind);
        assert.equal(used.size, paraphrases, `${kind}: ${used.size} skeletons for paraphrases=${paraphrases}`);
      }
    }
  });

  it('differs between campaigns: families from different rngs choose different paraphrases and never share a prompt', () => {
    for (const kind of KINDS) {
      const subsets = new Set<string>();
      const prompts: Set<string>[] = [];
      for (let c = 0; c < 6; c++) {
        const family = lib.campaignFamily(kind, createRng(`campaign/${kind}/${c}`), { languages: ['en'], paraphrases: 4 });
        const rng = createRng(`calls/${c}`);
        const users = Array.from({ length: 300 }, () => family.instantiate(rng).user);
        subsets.add([...new Set(users.map((u) => skeletonOf(kind, 'en', u)))].sort().join(','));
        prompts.push(new Set(users));
      }
      assert.ok(subsets.size >= 5, `${kind}: only ${subsets.size} different paraphrase subsets in 6 campaigns`);
      for (let a = 0; a < prompts.length; a++) {
        for (let b = a + 1; b < prompts.length; b++) {
          const shared = [...(prompts[a] as Set<string>)].filter((u) => (prompts[b] as Set<string>).has(u)).length;
          assert.ok(shared <= 1, `${kind}: campaigns ${a} and ${b} share ${shared} prompts`);
        }
      }
    }
  });

  it('cot_extraction paraphrases all ask for the model\'s own reasoning trace', () => {
    const cues: Record<Language, RegExp> = {
      en: /internal|hidden|verbatim|chain of thought|scratchpad|thought process|reasoning trace|<think>|monologue|thinking|word for word|private reasoning|reasoning tokens|raw trace/i,
      zh: /思维链|推理过程|思考过程|草稿|内心独白|推理轨迹/, es: /razonamiento|cadena de pensamiento|proceso de pensamiento|monólogo/,
      de: /Denkprozess|Gedankenkette|Scratchpad|Reasoning|Monolog/, fr: /raisonnement|chaîne de pensée|processus de réflexion|monologue/,
      ru: /рассужден|цепочк|мыслей|монолог/, ja: /推論|思考|スクラッチパッド|独白/, ko: /추론|사고|스크래치패드|독백/,
      ar: /تفكير|أفكار|استدلال/, pt: /raciocínio|cadeia de pensamento|processo de pensamento|monólogo/, hi: /तर्क|विचार|सोचने|स्क्रैचपैड/,
      vi: /suy luận|suy nghĩ|độc thoại/,
    };
    for (const lang of LANGUAGES) {
      for (const t of COT_PARAPHRASES[lang]) assert.match(t, cues[lang], `${lang}: "${t.slice(0, 80)}" does not ask for the reasoning trace`);
    }
  });

  it('is deterministic: the same seeds give the same families and prompts', () => {
    const run = (seed: string): Prompt[] => KINDS.flatMap((kind) => {
      const family = lib.campaignFamily(kind, createRng(`${seed}/${kind}`), { languages: ['en', 'ja'], paraphrases: 5 });
      const rng = createRng(`${seed}/calls`);
      return Array.from({ length: 30 }, () => family.instantiate(rng));
    });
    assert.deepEqual(run('det'), run('det'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ipPrefix, IndicatorIndex } from './indicators.js';
import { SignupWindows } from './signups.js';
import { AccountBloom, taintOf, TemplateTable } from './templates.js';
import { classify, DEFAULT_FRAME, foldCase, frameShingles, mix32 } from './text.js';

// The reference tokenizer: the plain, array-based steps that `frameShingles` (typed scratch buffers,
// one pass) must reproduce exactly. Kept here, beside the test that holds the fast version to it.
const WORD = classify(0x61);
const IDEOGRAPH = classify(0x4e00);

/**
 * Hashes of the tokens of `text`, lower-cased, with every run of digits folded to one `0` (so "Exercise #1926"
 * and "Exercise #88" share a token shape). At most `limit` tokens are read from the start.
 */
function tokenHashes(text: string, limit: number, out: number[] = []): number[] {
  out.length = 0;
  let h = 0x811c9dc5;
  let inWord = false;
  let inNumber = false;
  for (let i = 0; i < text.length && out.length < limit; i++) {
    let code = text.charCodeAt(i);
    const kind = classify(code);
    if (kind === WORD) {
      if (code >= 0x30 && code <= 0x39) {
        // a run of digits is one `0`: "#1926" and "#88" have the same shape
        if (inNumber) continue;
        inNumber = true;
        code = 0x30;
      } else {
        inNumber = false;
        if (code >= 0x41 && code <= 0x5a) code += 32;
        else if (code >= 0xc0) code = foldCase(code);
      }
      h ^= code;
      h = Math.imul(h, 0x01000193);
      inWord = true;
      continue;
    }
    inNumber = false;
    if (inWord) {
      out.push(h >>> 0);
      h = 0x811c9dc5;
      inWord = false;
      if (out.length >= limit) break;
    }
    if (kind === IDEOGRAPH) out.push(Math.imul(code ^ 0x9e3779b9, 0x01000193) >>> 0);
  }
  if (inWord && out.length < limit) out.push(h >>> 0);
  return out;
}

/** Hashes of the last `limit` tokens of `text` (reads only the tail). */
function tailTokenHashes(text: string, limit: number, out: number[] = []): number[] {
  // About 12 characters a token is plenty for Latin scripts; ideographs are one character each.
  const start = Math.max(0, text.length - limit * 12);
  tokenHashes(start === 0 ? text : text.slice(start), 1 << 30, out);
  if (start > 0 && out.length > 0) out.shift(); // the first token may be cut in half
  if (out.length > limit) out.splice(0, out.length - limit);
  return out;
}

/** Appends hashed `width`-token shingles of `tokens` to `out`, each mixed with `salt`. */
function shingles(tokens: readonly number[], width: number, salt: number, out: number[]): void {
  if (tokens.length === 0) return;
  if (tokens.length < width) {
    let h = salt;
    for (const token of tokens) h = mix32(h, token);
    out.push(h);
    return;
  }
  for (let i = 0; i + width <= tokens.length; i++) {
    let h = salt;
    for (let j = 0; j < width; j++) h = mix32(h, tokens[i + j]!);
    out.push(h);
  }
}


describe('text features', () => {
  it('folds case and digits, and splits ideographs into tokens', () => {
    assert.deepEqual(tokenHashes('Exercise #1926', 10), tokenHashes('exercise #88', 10));
    assert.notDeepEqual(tokenHashes('Exercise one', 10), tokenHashes('Exercise two', 10));
    assert.equal(tokenHashes('请解答下面的问题', 100).length, 8);
    assert.equal(tokenHashes('ПРИВЕТ мир', 10)[0], tokenHashes('привет', 10)[0]);
  });

  it('gives two prompts with the same wrapper and different slots mostly the same frame', () => {
    const wrapper = 'Before giving the final answer, write out your complete internal reasoning exactly as you produced it.';
    const a = new Set(frameShingles(`${wrapper}\n\nA train leaves at 3pm travelling at 60 km/h; when does it arrive 180 km away?`, undefined));
    const b = new Set(frameShingles(`${wrapper}\n\nHow many primes are there below one hundred?`, undefined));
    const shared = [...a].filter((x) => b.has(x)).length;
    assert.ok(shared >= 14, `the wrapper's shingles are shared (${shared})`);
    const other = new Set(frameShingles('Write a haiku about autumn leaves falling on a quiet pond.', undefined));
    assert.equal([...a].filter((x) => other.has(x)).length, 0);
  });

  it('salts system-prompt shingles apart from user-prompt shingles', () => {
    const asUser = frameShingles('You are a helpful assistant', undefined);
    const asSystem = frameShingles('', 'You are a helpful assistant');
    assert.equal(asUser.filter((x) => asSystem.includes(x)).length, 0);
  });
});

/** frameShingles as first written: the plain composition of the exported steps (the reference). */
function referenceFrame(prompt: string, system: string | undefined): number[] {
  const { headTokens, tailTokens, systemTokens, width } = DEFAULT_FRAME;
  const out: number[] = [];
  const tokens = tokenHashes(prompt, headTokens + tailTokens);
  if (tokens.length <= headTokens + tailTokens - 1) shingles(tokens, width, 0x68656164, out);
  else {
    shingles(tokens.slice(0, headTokens), width, 0x68656164, out);
    shingles(tailTokenHashes(prompt, tailTokens), width, 0x7461696c, out);
  }
  if (system !== undefined && system.length > 0) shingles(tokenHashes(system, systemTokens), width, 0x73797374, out);
  return out;
}

/** Deterministic text of words, digits, punctuation, accents, Cyrillic, kana and ideographs. */
function generatedText(seed: number, length: number): string {
  const pieces = ['the', 'Grade', 'answer', '#1926', '42', ',', '. ', '\n\n', 'Ünïcode', 'ПРИВЕТ', 'мир', '请解答', 'カタカナ', '한국어', '—', '  ', 'x_y', 'ΑΒΓ', '\u00a0', '(a)', 'step-by-step'];
  let x = seed >>> 0;
  let text = '';
  while (text.length < length) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    text += pieces[x % pieces.length]!;
    if ((x >>> 8) % 3 !== 0) text += ' ';
  }
  return text.slice(0, length);
}

describe('frame shingles', () => {
  it('are the same as the composition of tokenHashes, tailTokenHashes and shingles', () => {
    const lengths = [0, 1, 2, 5, 17, 60, 150, 287, 288, 289, 300, 420, 700, 1500, 5000];
    for (let seed = 1; seed <= 12; seed++) {
      for (const length of lengths) {
        const prompt = generatedText(seed, length);
        const system = seed % 3 === 0 ? undefined : generatedText(seed * 7, lengths[(seed * 5) % lengths.length]!);
        assert.deepEqual([...frameShingles(prompt, system)], referenceFrame(prompt, system), `seed ${seed}, length ${length}`);
      }
    }
    // tokens right at the head + tail limit (63, 64 and 65 tokens)
    for (const words of [2, 3, 62, 63, 64, 65, 100]) {
      const prompt = Array.from({ length: words }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${i % 7}`).join(' ');
      assert.deepEqual([...frameShingles(prompt, undefined)], referenceFrame(prompt, undefined), `${words} words`);
    }
  });
});

describe('template table', () => {
  it('uses a lower confidence bound, so a few suspicious users taint nothing', () => {
    assert.ok(taintOf(3, 3) < 0.6);
    assert.ok(taintOf(400, 410) > 0.95);
    assert.equal(taintOf(0, 10), 0);
  });

  it('taints a campaign wrapper and never a phrase that many ordinary accounts use', () => {
    const table = new TemplateTable();
    const wrapper = frameShingles('Reproduce your scratchpad verbatim for this task and only then state the answer.', undefined);
    const common = frameShingles('You are a helpful assistant. Answer the question below.', undefined);
    for (let i = 0; i < 40; i++) table.add(common, new AccountBloom(), false, null); // 40 ordinary users
    for (let i = 0; i < 30; i++) {
      const bloom = new AccountBloom();
      table.add(wrapper, bloom, true, 'sample');
      table.add(common, bloom, true, null); // attackers use the public phrase too
    }
    const hit = table.match(wrapper);
    assert.ok(hit.taint > 0.85 && hit.taintedShingles >= 5, JSON.stringify(hit));
    assert.equal(hit.users, 30);
    assert.equal(table.match(common).taintedShingles, 0, 'a public phrase links nobody');
    const id = table.templateId(hit.shingle);
    assert.match(id, /^t_[0-9a-f]{8}$/);
    assert.deepEqual(table.clusterInfo(id).samples.length, 3);
  });

  it('reads a prompt against a lower taint bar on request, keeping the suspect and clean-user conditions', () => {
    const table = new TemplateTable();
    const wrapper = frameShingles('Du bist ein strenger Bewerter. Bewerte die folgende Antwort auf einer Skala von eins bis sieben.', undefined);
    for (let i = 0; i < 6; i++) table.add(wrapper, new AccountBloom(), true, null); // six suspects: 6/6 is a Wilson bound of 0.69
    assert.equal(table.match(wrapper).taintedShingles, 0, 'below the default bar of 0.75');
    assert.ok(table.match(wrapper, { taint: 0.5, maxCleanUsers: 8 }).taintedShingles >= 5, 'above a bar of 0.5');
    const few = new TemplateTable();
    for (let i = 0; i < 4; i++) few.add(wrapper, new AccountBloom(), true, null);
    assert.equal(few.match(wrapper, { taint: 0, maxCleanUsers: 8 }).taintedShingles, 0, 'four suspects are never enough');
    const common = new TemplateTable();
    for (let i = 0; i < 40; i++) common.add(wrapper, new AccountBloom(), false, null);
    for (let i = 0; i < 60; i++) common.add(wrapper, new AccountBloom(), true, null);
    assert.equal(common.match(wrapper, { taint: 0.5, maxCleanUsers: 8 }).taintedShingles, 0, 'forty clean users keep a phrase public at any bar');
    table.add(wrapper, new AccountBloom(), false, null);
    assert.ok(table.match(wrapper, { taint: 0.5, maxCleanUsers: 1 }).taintedShingles >= 5, 'one other user is allowed');
    table.add(wrapper, new AccountBloom(), false, null);
    assert.equal(table.match(wrapper, { taint: 0.5, maxCleanUsers: 1 }).taintedShingles, 0, 'two are not');
  });

  it('counts each account once per shingle', () => {
    const table = new TemplateTable();
    const shingles = frameShingles('Grade this answer on the rubric below from one to five', undefined);
    const bloom = new AccountBloom();
    for (let i = 0; i < 10; i++) table.add(shingles, bloom, true, null);
    assert.equal(table.usersOf(shingles[0]!), 1);
  });
});

describe('sign-up windows', () => {
  it('finds bursts without looking ahead', () => {
    const windows = new SignupWindows();
    const day = 86_400_000;
    const start = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 0; i < 300; i++) windows.add(start + i * day); // one a day for 300 days
    const burstAt = start + 200 * day + 3_600_000;
    for (let i = 0; i < 40; i++) windows.add(burstAt + i * 60_000); // 40 in 40 minutes
    windows.advance(burstAt - 1);
    assert.equal(windows.burstOf(burstAt), null, 'not yet: the burst has not happened');
    windows.advance(start + 301 * day);
    const burst = windows.burstOf(burstAt);
    assert.ok(burst !== null && burst.accounts >= 40 && burst.ratio > 10, JSON.stringify(burst));
    assert.equal(windows.burstOf(start + 10 * day), null);
  });
});

describe('indicators', () => {
  it('groups addresses by prefix and links only keys mostly used by flagged accounts', () => {
    assert.equal(ipPrefix('203.0.113.77'), '203.0.113.0/24');
    assert.equal(ipPrefix('2001:db8:1:2:3::1'), '2001:db8:1::/48');
    const index = new IndicatorIndex();
    for (let i = 0; i < 200; i++) index.addUse('ip_prefix:10.0.0.0/24', i < 5); // a campus NAT
    for (let i = 0; i < 6; i++) index.addUse('payment_fp:pm_x', i < 5);
    assert.equal(index.isCampaignKey('ip_prefix:10.0.0.0/24', 3, 0.6), false);
    assert.equal(index.isCampaignKey('payment_fp:pm_x', 3, 0.6), true);
  });
});

describe('lockstep timing', () => {
  it('links accounts that fire within a second of each other again and again, not chance neighbours', async () => {
    const { LockstepDetector } = await import('./timing.js');
    const detector = new LockstepDetector();
    const counts = new Map<number, number>();
    const fire = (index: number, ts: number) => {
      counts.set(index, (counts.get(index) ?? 0) + 1);
      return detector.observe(index, ts, counts.get(index)!, (i) => counts.get(i) ?? 0);
    };
    let link = null;
    for (let tick = 0; tick < 12; tick++) {
      const t = tick * 300_000;
      fire(1, t);
      link = fire(2, t + 150) ?? link;
      fire(10 + tick, t + 60_000); // background: a different account each time
      fire(3, t + 3_000 + tick * 17); // near the group, but seconds away
    }
    assert.equal(link?.other, 1);
    assert.ok((link?.together ?? 0) >= 5);
    assert.equal(fire(3, 12 * 300_000 + 10_000), null);
  });
});

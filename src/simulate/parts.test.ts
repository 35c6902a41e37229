import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { ExchangeRecord } from '../records/types.js';
import { clientIdentity, emailDomain, emailFamilyOf, uaFamilyOf, UA_FAMILIES } from './clients.js';
import { EventHeap } from './heap.js';
import { networkTable } from './infra.js';
import { ProgressBar } from './progress.js';
import { Weighted } from './random.js';
import { nextGroupTick, type GroupSchedule } from './rhythm.js';
import { analysePrompt, composeAnswer, composeReasoning, createWordRng, escapeJson } from './response.js';
import { messageWithJson, REASONING_JSON, serializeExchange, StringCache, TEXT_JSON, type ResponseWithJson } from './serialize.js';
import { base36Time, isoTime } from './timefmt.js';
import { createRng } from './text/index.js';

describe('simulate parts', () => {
  it('EventHeap pops by time, then by index', () => {
    const rng = createRng(1);
    const heap = new EventHeap(500);
    const items = Array.from({ length: 500 }, (_, i) => ({ i, t: rng.int(50) }));
    for (const { i, t } of items) heap.push(i, t);
    const popped: Array<[number, number]> = [];
    while (heap.size > 0) {
      const t = heap.peekTime();
      popped.push([t, heap.pop()]);
    }
    const expected = items.map(({ i, t }) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    assert.deepEqual(popped, expected);
  });

  it('group schedules: round-robin members take turns, lockstep members fire together, idle hours are skipped', () => {
    const base: GroupSchedule = { seed: 42, period: 10_000, phase: 0, activeHourShare: 1, size: 4, roundRobin: true };
    const firstTicks = [0, 1, 2, 3].map((m) => nextGroupTick(base, m, -1, 1e9));
    assert.deepEqual(firstTicks, [0, 10_000, 20_000, 30_000]);
    assert.equal(nextGroupTick(base, 1, 10_000, 1e9), 50_000);
    const lockstep = { ...base, roundRobin: false };
    assert.deepEqual([0, 1, 2].map((m) => nextGroupTick(lockstep, m, 5_000, 1e9)), [10_000, 10_000, 10_000]);
    const sometimes = { ...lockstep, activeHourShare: 0.3 };
    let t = -1;
    const hours = new Set<number>();
    for (let k = 0; k < 2000; k++) {
      t = nextGroupTick(sometimes, 0, t, 400 * 3_600_000);
      if (t === Infinity) break;
      hours.add(Math.floor(t / 3_600_000));
    }
    assert.ok(hours.size > 0 && hours.size < 400, `${hours.size} active hours`);
    assert.equal(nextGroupTick(base, 0, 0, 5_000), Infinity, 'nothing after the end');
  });

  it('serialises exchange records exactly as JSON.stringify does', () => {
    const cache = new StringCache();
    const full: ExchangeRecord = {
      id: 'ex_abc', ts: '2026-02-02T00:00:00.000Z', account_id: 'acct_1', key_id: 'key_1', surface: 'console',
      client: { ip: '1.2.3.4', asn: 64512, country: 'DE', user_agent: 'Mozilla/5.0 "quoted"', tls_fp: 't13d', device_id: 'dev_1' },
      model: 'm"1', endpoint: 'anthropic.messages',
      request: { system: 'Be \\ terse\n', messages: [{ role: 'user', content: 'héllo “quotes” \u0001 😀' }, { role: 'assistant', content: 'a\tb' }], tools: ['search', 'run'], reasoning: true, max_tokens: 100, temperature: 0.7, stream: true },
      response: { status: 200, text: 'line\n"x"', reasoning: 'why\u2028', finish_reason: 'end_turn', refusal: true },
      usage: { input_tokens: 1, output_tokens: 2, reasoning_tokens: 1 },
      latency_ms: 12,
    };
    assert.equal(serializeExchange(full, cache), JSON.stringify(full));
    assert.equal(serializeExchange(full, cache), JSON.stringify(full), 'the same with cached pieces');
    const minimal: ExchangeRecord = {
      id: 'ex_2', ts: '2026-02-02T00:00:00.000Z', account_id: 'acct_2', client: { ip: '5.6.7.8' }, model: 'm', endpoint: 'openai.chat',
      request: { messages: [] }, response: { status: 429 }, usage: { input_tokens: 0, output_tokens: 0 },
    };
    assert.equal(serializeExchange(minimal, cache), JSON.stringify(minimal));
  });

  it('serialises texts from their known JSON forms exactly as JSON.stringify does', () => {
    const cache = new StringCache();
    const text = 'the "answer"\n\nwith \\ and \u2028';
    const reasoning = 'think\tfirst';
    const answer = messageWithJson('assistant', text, escapeJson(text));
    const response: ResponseWithJson = { status: 200, text, reasoning, finish_reason: 'stop' };
    response[TEXT_JSON] = escapeJson(text);
    response[REASONING_JSON] = escapeJson(reasoning);
    const record: ExchangeRecord = {
      id: 'ex_3', ts: '2026-02-02T00:00:00.000Z', account_id: 'acct_3', client: { ip: '5.6.7.8' }, model: 'm', endpoint: 'openai.chat',
      request: { messages: [{ role: 'user', content: 'q' }, answer, { role: 'user', content: 'more' }] }, response, usage: { input_tokens: 1, output_tokens: 2 },
    };
    assert.equal(serializeExchange(record, cache), JSON.stringify(record));
    // the serialiser trusts the JSON it is handed: prove it is used, not recomputed
    response[TEXT_JSON] = 'substituted';
    assert.match(serializeExchange(record, cache), /"text":"substituted"/);
  });

  it('composes answers and reasoning together with their exact JSON-escaped forms', () => {
    const prompts = [
      'Explain how "TCP slow start" works, and why it matters for {latency} on mobile networks.',
      'Write a Python function that parses a CSV file and returns the rows as dictionaries.',
      'Calculate 12 * (3 + 4) - 5 and explain each step.',
      'A farmer has 17 sheep and buys 8 more; how many sheep are there in total?',
      '请一步一步地解释你的推理过程：为什么天空是蓝色的？',
      'Implement a SQL query that finds the top customers by revenue in postgres.',
      '',
    ];
    let n = 0;
    for (const prompt of prompts) {
      const topic = analysePrompt(prompt);
      assert.deepEqual(topic.wordsJson, topic.words.map(escapeJson));
      for (const tokens of [10, 60, 180, 400]) {
        for (let seed = 1; seed <= 5; seed++) {
          for (const composed of [composeAnswer(createWordRng(seed), topic, tokens), composeReasoning(createWordRng(seed), topic, tokens)]) {
            assert.equal(`"${composed.json}"`, JSON.stringify(composed.text));
            n++;
          }
        }
      }
    }
    assert.equal(n, prompts.length * 4 * 5 * 2);
  });

  it('formats times exactly as toISOString and toString(36) do', () => {
    const rng = createRng(11);
    const times = [0, 1, 999, 86_399_999, 86_400_000, 1_679_615, 1_679_616, 951_782_400_000, 1_770_000_000_000, 253_402_300_799_999, 253_402_300_800_000, -1, -86_400_001];
    for (let i = 0; i < 20_000; i++) times.push(1_760_000_000_000 + rng.int(0x7fffffff) * 16);
    // in order too, as the generators call them
    for (let t = 1_770_000_000_000; t < 1_770_000_000_000 + 5 * 86_400_000; t += 977_777) times.push(t);
    for (const t of times) {
      assert.equal(isoTime(t), new Date(t).toISOString(), `isoTime(${t})`);
      if (t >= 0) assert.equal(base36Time(t), t.toString(36), `base36Time(${t})`);
    }
  });

  it('Weighted.cover gives a population every catalogue entry before drawing', () => {
    const w = new Weighted<string>({ a: 5, b: 1, c: 0, d: 2 });
    const rng = createRng(3);
    assert.deepEqual([0, 1, 2].map((m) => w.cover(rng, m)), ['a', 'd', 'b']);
    assert.ok(['a', 'b', 'd'].includes(w.cover(rng, 10)));
  });

  it('draws addresses from ordinary unicast space, with ASN and country of their prefix', () => {
    const table = networkTable();
    assert.ok(table.ofKind('residential').length >= 200, 'hundreds of residential ISPs');
    for (const asn of table.asns) {
      assert.ok(asn.asn >= 64512 && asn.asn <= 65534, 'private-use ASNs');
      for (let h = 0; h < 20; h++) {
        const a = table.address(asn, (h * 2654435761) >>> 0);
        const [o1, o2] = a.ip.split('.').map(Number) as [number, number];
        assert.ok(![0, 10, 100, 127, 169, 172, 192, 198, 203].includes(o1) && o1 < 224, `${a.ip} is in a reserved block`);
        assert.ok(!(o1 === 172 && o2 >= 16 && o2 < 32));
        assert.equal(a.asn, asn.asn);
        assert.ok(asn.prefixes.some((p) => p.country === a.country));
      }
    }
  });

  it('recognises the families of its own catalogue values', () => {
    for (const family of UA_FAMILIES) {
      for (let h = 0; h < 50; h++) assert.equal(uaFamilyOf(clientIdentity(family, h * 7919).userAgent), family);
    }
    for (const family of ['freemail', 'disposable', 'corporate', 'university', 'personal'] as const) {
      for (let h = 0; h < 50; h++) assert.equal(emailFamilyOf(emailDomain(family, h * 7919, { asn: 64600 + h, country: 'US' })), family);
    }
  });

  it('prints progress as periodic lines off a terminal and as one redrawn line on one', () => {
    const capture = (tty: boolean): string => {
      let text = '';
      const stream = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } }) as unknown as NodeJS.WriteStream;
      stream.isTTY = tty;
      const bar = new ProgressBar({ stream, intervalMs: 0 });
      bar.update(0.25, 1000);
      bar.update(0.5, 2000);
      bar.done(4000, 1e9);
      return text;
    };
    const plain = capture(false);
    assert.match(plain, /^simulate: 25\.0% of simulated time, 1000 exchanges, .*ETA/m);
    assert.equal(plain.split('\n').filter(Boolean).length, 3);
    assert.ok(!plain.includes('\r'));
    const tty = capture(true);
    assert.match(tty, /\rsimulate: \[#{12}\.{12}\] 50\.0% of simulated time/);
  });
});

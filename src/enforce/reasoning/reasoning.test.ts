import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createParser } from 'eventsource-parser';
import type { UpstreamProtocol } from '../../config/schema.js';
import type { SseEvent } from '../../gateway/enforcement-hook.js';
import { startUpstreamSimulator, type UpstreamSim } from '../../upstream-sim/index.js';
import { reasoningRewriter } from './index.js';
import { splitSentences, summariseReasoning } from './summarise.js';

const OPTIONS = { maxSentences: 3, maxChars: 600 };

describe('extractive reasoning summary', () => {
  const trace = [
    'The user asks whether 221 is prime.',
    'First I check small divisors of 221 one by one.',
    'It is odd, so 2 does not divide 221.',
    'The digit sum is 5, so 3 does not divide 221.',
    'It does not end in 0 or 5, so 5 does not divide 221.',
    '221 divided by 7 leaves a remainder, so 7 does not divide 221.',
    '221 divided by 11 leaves a remainder as well.',
    '221 divided by 13 is exactly 17, so 13 divides 221.',
    'Therefore 221 is not prime: 221 = 13 × 17.',
  ].join(' ');

  it('keeps a few of the most central sentences, in their order, with the conclusion', () => {
    const summary = summariseReasoning(trace, OPTIONS);
    const kept = splitSentences(summary);
    assert.ok(kept.length >= 1 && kept.length <= 3, summary);
    const all = splitSentences(trace);
    const positions = kept.map((s) => all.indexOf(s));
    assert.ok(positions.every((p) => p >= 0), 'every kept sentence is verbatim from the trace');
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'original order');
    assert.ok(summary.includes('Therefore 221 is not prime'), 'the conclusion is kept');
    assert.ok(summary.length < trace.length / 2, 'most of the chain is gone');
    assert.equal(summariseReasoning(trace, OPTIONS), summary, 'deterministic');
  });

  it('never exceeds its budgets, and handles empty, tiny and run-on input', () => {
    assert.equal(summariseReasoning('', OPTIONS), '');
    assert.equal(summariseReasoning('   \n\n ', OPTIONS), '');
    assert.equal(summariseReasoning('Just one thought.', OPTIONS), 'Just one thought.');
    const runOn = 'word '.repeat(500).trim();
    const cut = summariseReasoning(runOn, { maxSentences: 2, maxChars: 100 });
    assert.ok(cut.length <= 100 && cut.endsWith('…'), cut);
    for (let n = 1; n <= 60; n += 7) {
      const text = Array.from({ length: n }, (_, i) => `Sentence ${i} talks about topic ${i % 4} and detail ${i}.`).join(' ');
      const summary = summariseReasoning(text, { maxSentences: 4, maxChars: 250 });
      assert.ok(summary.length <= 250);
      assert.ok(splitSentences(summary).length <= Math.max(1, Math.min(4, Math.floor(n / 3))), `n=${n}: ${summary}`);
    }
    assert.deepEqual(splitSentences('思考一。思考二！Third one? Fourth.\nFifth'), ['思考一。', '思考二！', 'Third one?', 'Fourth.', 'Fifth']);
  });
});

/** Fetches a real event stream from the upstream simulator, as parsed events. */
async function upstreamEvents(sim: UpstreamSim, path: string, body: unknown): Promise<SseEvent[]> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body),
  });
  const events: SseEvent[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
  parser.feed(await response.text());
  return events;
}

async function upstreamJson(sim: UpstreamSim, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${sim.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

function rewrite(protocol: UpstreamProtocol, mode: 'summary' | 'none', events: SseEvent[]): SseEvent[] {
  const rewriter = reasoningRewriter(protocol, mode, OPTIONS).createStreamRewriter()!;
  return [...events.flatMap((e) => rewriter.onEvent(e)), ...rewriter.end()];
}

const json = (e: SseEvent): Record<string, unknown> => JSON.parse(e.data) as Record<string, unknown>;

describe('reasoning rewriters on real upstream streams and bodies', () => {
  let sim: UpstreamSim;
  before(async () => { sim = await startUpstreamSimulator({}); });
  after(async () => { await sim.close(); });

  it('OpenAI chat: withholds every reasoning delta, or sends one summary delta before the answer', async () => {
    const request = { model: 'sim-reasoner', reasoning_effort: 'high', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Is 221 prime?' }] };
    const events = await upstreamEvents(sim, '/v1/chat/completions', request);
    const reasoningOf = (list: SseEvent[]): string[] => list.filter((e) => e.data !== '[DONE]')
      .map((e) => ((json(e).choices as Array<{ delta: Record<string, string> }>)[0]?.delta?.reasoning_content)).filter((r): r is string => r !== undefined);
    const contentOf = (list: SseEvent[]): string => list.filter((e) => e.data !== '[DONE]')
      .map((e) => (json(e).choices as Array<{ delta: { content?: string } }>)[0]?.delta?.content ?? '').join('');
    const original = reasoningOf(events).join('');
    assert.ok(original.length > 100);

    const withheld = rewrite('openai.chat', 'none', events);
    assert.deepEqual(reasoningOf(withheld), []);
    assert.equal(contentOf(withheld), contentOf(events), 'the answer is untouched');
    assert.equal(withheld.at(-1)?.data, '[DONE]');
    assert.ok(withheld.some((e) => e.data !== '[DONE]' && json(e).usage), 'usage chunk kept');

    const summarised = rewrite('openai.chat', 'summary', events);
    assert.deepEqual(reasoningOf(summarised), [summariseReasoning(original, OPTIONS)]);
    const firstContent = summarised.findIndex((e) => e.data !== '[DONE]' && ((json(e).choices as Array<{ delta: { content?: string } }>)[0]?.delta?.content ?? '') !== '');
    const summaryAt = summarised.findIndex((e) => e.data !== '[DONE]' && (json(e).choices as Array<{ delta: Record<string, string> }>)[0]?.delta?.reasoning_content !== undefined);
    assert.ok(summaryAt >= 0 && summaryAt < firstContent, 'summary goes out before the answer');
    assert.equal(contentOf(summarised), contentOf(events));

    const body = await upstreamJson(sim, '/v1/chat/completions', { ...request, stream: false });
    const message = (body.choices as Array<{ message: Record<string, unknown> }>)[0]!.message;
    const full = message.reasoning_content as string;
    const rewritten = reasoningRewriter('openai.chat', 'summary', OPTIONS).rewriteBody(structuredClone(body))!.body as typeof body;
    assert.equal((rewritten.choices as Array<{ message: Record<string, unknown> }>)[0]!.message.reasoning_content, summariseReasoning(full, OPTIONS));
    const none = reasoningRewriter('openai.chat', 'none', OPTIONS).rewriteBody(structuredClone(body))!.body as typeof body;
    assert.equal('reasoning_content' in (none.choices as Array<{ message: Record<string, unknown> }>)[0]!.message, false);
    assert.equal((none.choices as Array<{ message: Record<string, unknown> }>)[0]!.message.content, message.content);
  });

  it('Anthropic: keeps the thinking block and its signature, with empty or summarised thinking', async () => {
    const request = { model: 'sim-claude', max_tokens: 3000, stream: true, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Prove there are infinitely many primes.' }] };
    const events = await upstreamEvents(sim, '/v1/messages', request);
    const deltas = (list: SseEvent[], type: string): string[] => list.filter((e) => json(e).type === 'content_block_delta' && (json(e).delta as { type: string }).type === type)
      .map((e) => { const d = json(e).delta as Record<string, string>; return d.thinking ?? d.signature ?? d.text ?? ''; });
    const thinking = deltas(events, 'thinking_delta').join('');
    assert.ok(thinking.length > 100);
    const types = (list: SseEvent[]): string[] => list.map((e) => String(json(e).type));

    const withheld = rewrite('anthropic.messages', 'none', events);
    assert.deepEqual(deltas(withheld, 'thinking_delta'), []);
    assert.deepEqual(deltas(withheld, 'signature_delta'), deltas(events, 'signature_delta'), 'the signature survives');
    assert.deepEqual(deltas(withheld, 'text_delta'), deltas(events, 'text_delta'));
    assert.deepEqual(types(withheld).filter((t) => t !== 'content_block_delta'), types(events).filter((t) => t !== 'content_block_delta'), 'block structure unchanged');

    const summarised = rewrite('anthropic.messages', 'summary', events);
    assert.deepEqual(deltas(summarised, 'thinking_delta'), [summariseReasoning(thinking, OPTIONS)]);
    const at = (type: string): number => summarised.findIndex((e) => json(e).type === 'content_block_delta' && (json(e).delta as { type: string }).type === type);
    assert.ok(at('thinking_delta') < at('signature_delta'), 'thinking before its signature');

    const body = await upstreamJson(sim, '/v1/messages', { ...request, stream: false });
    const blocks = body.content as Array<Record<string, string>>;
    const original = blocks.find((b) => b.type === 'thinking')!;
    const rewritten = (reasoningRewriter('anthropic.messages', 'summary', OPTIONS).rewriteBody(structuredClone(body))!.body as typeof body).content as Array<Record<string, string>>;
    const block = rewritten.find((b) => b.type === 'thinking')!;
    assert.equal(block.thinking, summariseReasoning(original.thinking!, OPTIONS));
    assert.equal(block.signature, original.signature);
    assert.deepEqual(rewritten.filter((b) => b.type === 'text'), blocks.filter((b) => b.type === 'text'));
  });

  it('OpenAI Responses: drops summary events, re-emits one summary part, and keeps sequence numbers gapless', async () => {
    const request = { model: 'sim-reasoner', stream: true, reasoning: { effort: 'medium', summary: 'detailed' }, input: 'Why does ice float?' };
    const events = await upstreamEvents(sim, '/v1/responses', request);
    const final = (list: SseEvent[]): Record<string, unknown> => json(list.find((e) => json(e).type === 'response.completed')!).response as Record<string, unknown>;
    const reasoningItem = (response: Record<string, unknown>): Record<string, unknown> => (response.output as Array<Record<string, unknown>>).find((o) => o.type === 'reasoning')!;
    const originalSummary = (reasoningItem(final(events)).summary as Array<{ text: string }>).map((s) => s.text).join('\n');
    assert.ok(originalSummary.length > 20);
    const sequences = (list: SseEvent[]): number[] => list.map((e) => json(e).sequence_number as number);

    for (const mode of ['none', 'summary'] as const) {
      const out = rewrite('openai.responses', mode, events);
      assert.deepEqual(sequences(out), out.map((_, i) => i), `${mode}: gapless`);
      const summaryDeltas = out.filter((e) => json(e).type === 'response.reasoning_summary_text.delta').map((e) => json(e).delta);
      const expected = mode === 'none' ? '' : summariseReasoning(originalSummary, OPTIONS);
      assert.deepEqual(summaryDeltas, mode === 'none' ? [] : [expected]);
      const item = reasoningItem(final(out));
      assert.deepEqual(item.summary, mode === 'none' ? [] : [{ type: 'summary_text', text: expected }]);
      const done = out.find((e) => json(e).type === 'response.output_item.done' && (json(e).item as { type: string }).type === 'reasoning')!;
      assert.deepEqual((json(done).item as { summary: unknown }).summary, item.summary);
      const text = out.filter((e) => json(e).type === 'response.output_text.delta').map((e) => json(e).delta).join('');
      assert.equal(text, events.filter((e) => json(e).type === 'response.output_text.delta').map((e) => json(e).delta).join(''));
    }
    const body = await upstreamJson(sim, '/v1/responses', { ...request, stream: false });
    const none = reasoningRewriter('openai.responses', 'none', OPTIONS).rewriteBody(structuredClone(body))!.body as Record<string, unknown>;
    assert.deepEqual(reasoningItem(none).summary, []);
    assert.equal(reasoningItem(none).id, reasoningItem(body).id, 'the item (and its id) stays');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dispatcher } from 'undici';
import { UpstreamCall } from './upstream-call.js';

type Handler = Dispatcher.DispatchHandler & {
  onConnect(abort: (reason?: Error) => void): void;
  onHeaders(status: number, raw: Buffer[], resume: () => void, text: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[]): void;
  onError(error: Error): void;
};

/** A dispatcher that hands the handler to the test, which then plays the upstream's part. */
function fakeDispatcher(): { dispatcher: Dispatcher; handler: () => Handler; options: () => Dispatcher.DispatchOptions } {
  let handler: Handler | undefined;
  let options: Dispatcher.DispatchOptions | undefined;
  const dispatcher = {
    dispatch(opts: Dispatcher.DispatchOptions, h: Handler) {
      options = opts;
      handler = h;
      return true;
    },
  } as unknown as Dispatcher;
  return { dispatcher, handler: () => handler!, options: () => options! };
}

const raw = (headers: Record<string, string>): Buffer[] =>
  Object.entries(headers).flatMap(([name, value]) => [Buffer.from(name), Buffer.from(value)]);

describe('UpstreamCall', () => {
  it('resolves on the headers, keeps the ones the gateway reads, and gathers the body', async () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    const started = call.start(fake.dispatcher, { method: 'POST', path: '/v1/chat/completions', body: '{}' });
    assert.equal(fake.options().path, '/v1/chat/completions');
    const h = fake.handler();
    h.onConnect(() => assert.fail('not aborted'));
    h.onHeaders(200, raw({ 'Content-Type': 'application/json', 'X-Other': 'x', 'Retry-After': '3' }), () => {}, 'OK');
    await started;
    assert.equal(call.statusCode, 200);
    assert.deepEqual(call.headers, { 'content-type': 'application/json', 'retry-after': '3' });
    h.onData(Buffer.from('{"a":'));
    const body = call.body();
    h.onData(Buffer.from('1}'));
    h.onComplete([]);
    assert.equal((await body).toString(), '{"a":1}');
  });

  it('keeps only the first bytes of a bounded body, and reads the rest', async () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    const started = call.start(fake.dispatcher, { method: 'POST', path: '/' });
    const h = fake.handler();
    h.onConnect(() => {});
    h.onHeaders(500, [], () => {}, 'Internal');
    await started;
    h.onData(Buffer.from('abcdef'));
    const body = call.body(4);
    assert.equal(h.onData(Buffer.from('ghij')), true);
    h.onComplete([]);
    assert.equal((await body).toString(), 'abcd');
  });

  it('rejects the start with undici\'s own error when the request fails before the headers', async () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    const started = call.start(fake.dispatcher, { method: 'POST', path: '/' });
    const error = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    fake.handler().onError(error);
    await assert.rejects(started, (thrown) => thrown === error);
  });

  it('aborts at once when cancelled before undici assigned a connection', () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    void call.start(fake.dispatcher, { method: 'POST', path: '/' }).catch(() => {});
    call.abort();
    assert.equal(call.aborted, true);
    let reason: Error | undefined;
    fake.handler().onConnect((r) => {
      reason = r;
    });
    assert.equal((reason as { code?: string } | undefined)?.code, 'UND_ERR_ABORTED');
  });

  it('pipes what arrived before the sink, then each chunk, with backpressure and the end', async () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    const started = call.start(fake.dispatcher, { method: 'POST', path: '/' });
    const h = fake.handler();
    let resumed = 0;
    h.onConnect(() => {});
    h.onHeaders(200, raw({ 'content-type': 'text/event-stream' }), () => {
      resumed += 1;
    }, 'OK');
    h.onData(Buffer.from('early '));
    await started;
    const seen: string[] = [];
    let ended: Error | undefined | null = null;
    call.pipe({
      onChunk: (chunk) => {
        seen.push(chunk.toString());
        return seen.length < 2;
      },
      onEnd: (error) => {
        ended = error;
      },
    });
    assert.deepEqual(seen, ['early ']);
    assert.equal(h.onData(Buffer.from('late')), false, 'the sink asked for a pause');
    call.resume();
    assert.equal(resumed, 1);
    h.onComplete([]);
    assert.deepEqual(seen, ['early ', 'late']);
    assert.equal(ended, undefined);
  });

  it('reports a body that breaks off to the sink', async () => {
    const fake = fakeDispatcher();
    const call = new UpstreamCall();
    const started = call.start(fake.dispatcher, { method: 'POST', path: '/' });
    const h = fake.handler();
    h.onConnect(() => {});
    h.onHeaders(200, [], () => {}, 'OK');
    await started;
    let ended: Error | undefined;
    call.pipe({ onChunk: () => true, onEnd: (error) => { ended = error; } });
    const broken = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    h.onError(broken);
    assert.equal(ended, broken);
  });
});

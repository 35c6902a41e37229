import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { eventually, startHarness, type Harness } from '../testing/gateway-harness.js';

/** A raw HTTP exchange over a socket, for requests no client library would send. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => { data += chunk.toString('utf8'); });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => { socket.destroy(); resolve(data); }, 2_000);
  });
}

describe('gateway: every error path, in each API\'s own format', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ configure: (c) => { c.server.bodyLimitBytes = 64 * 1024; c.server.trustedProxies = ['127.0.0.1']; } }); });
  after(async () => { await h.close(); });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${h.gateway.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${h.apiKey}`, ...headers } });

  it('answers a missing, unknown or revoked key with 401 in the OpenAI format and records it', async () => {
    // the SDK refuses to send without a key, so the missing-key case goes out raw
    const noKey = await post('/v1/chat/completions', JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x' }] }), { authorization: '' });
    assert.equal(noKey.status, 401);
    const noKeyBody = await noKey.json() as { error: { code: string; type: string; message: string } };
    assert.equal(noKeyBody.error.code, 'auth_missing_key');
    assert.equal(noKeyBody.error.type, 'authentication_error');
    assert.match(noKeyBody.error.message, /Authorization: Bearer/);
    const badKey = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: 'dgk_not_a_real_key', maxRetries: 0 });
    await assert.rejects(badKey.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x' }] }),
      (e: unknown) => e instanceof OpenAI.AuthenticationError && (e.error as { code?: string } | undefined)?.code === 'auth_invalid_key');
    const record = await h.lastRecord();
    assert.equal(record.response.status, 401);
    assert.equal(record.account_id, '');
    assert.equal(record.key_id, undefined);
    assert.deepEqual(record.response.error, { code: 'auth_invalid_key', message: 'Incorrect API key provided.' });

    const key = await h.gateway.admin.createKey(h.accountId, 'test');
    await h.gateway.admin.revokeKey(key.keyId, 'test');
    const revoked = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    await assert.rejects(revoked.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x' }] }),
      (e: unknown) => e instanceof OpenAI.AuthenticationError && /revoked/.test(e.message));
  });

  it('answers bad keys with 401 in the Anthropic format, via x-api-key', async () => {
    const bad = new Anthropic({ baseURL: h.gateway.url, apiKey: 'dgk_nope', maxRetries: 0 });
    await assert.rejects(bad.messages.create({ model: 'sim-claude', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      (e: unknown) => e instanceof Anthropic.AuthenticationError && (e.error as { type: string; error: { type: string } }).error.type === 'authentication_error');
    const response = await post('/v1/messages', '{}', { authorization: '', 'x-api-key': '' });
    assert.equal(response.status, 401);
    assert.deepEqual(Object.keys(await response.json() as object).sort(), ['error', 'request_id', 'type']);
  });

  it('refuses a disabled account, and serves it again once enabled', async () => {
    const key = await h.gateway.admin.createKey('acct_disabled', 'test', { createAccount: true });
    await h.gateway.admin.setAccountStatus('acct_disabled', 'disabled', 'test');
    const client = new OpenAI({ baseURL: `${h.gateway.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x' }] }), /disabled/);
    await h.gateway.admin.setAccountStatus('acct_disabled', 'active', 'test');
    const ok = await client.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x' }] });
    assert.ok(ok.choices[0]!.message.content);
  });

  it('answers invalid JSON, wrong content types, non-objects and bad fields with clear 400s', async () => {
    const cases: Array<{ path: string; body: string; headers?: Record<string, string>; code: string; message: RegExp; param?: string }> = [
      { path: '/v1/chat/completions', body: '{"model": "sim-gpt", "messages": [', code: 'request_invalid_json', message: /not valid JSON/ },
      { path: '/v1/chat/completions', body: '', code: 'request_invalid_json', message: /empty/ },
      { path: '/v1/chat/completions', body: 'model=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, code: 'request_unsupported_media_type', message: /Content-Type: application\/json/ },
      { path: '/v1/chat/completions', body: 'hello', headers: { 'content-type': 'text/plain' }, code: 'request_unsupported_media_type', message: /JSON/ },
      { path: '/v1/chat/completions', body: '[1,2]', code: 'request_invalid_body', message: /JSON object/ },
      { path: '/v1/chat/completions', body: '{"messages":[]}', code: 'request_invalid_body', message: /model/, param: 'model' },
      { path: '/v1/chat/completions', body: '{"model":"sim-gpt","messages":[{"role":"wizard","content":"x"}]}', code: 'request_invalid_body', message: /role must be/, param: 'messages[0].role' },
      { path: '/v1/chat/completions', body: '{"model":"sim-gpt","messages":[{"role":"user","content":"x"}],"stream":"yes"}', code: 'request_invalid_body', message: /stream/, param: 'stream' },
      { path: '/v1/responses', body: '{"model":"sim-gpt","input":42}', code: 'request_invalid_body', message: /input/, param: 'input' },
    ];
    for (const c of cases) {
      const response = await post(c.path, c.body, c.headers);
      assert.equal(response.status, 400, `${c.body} → 400`);
      const body = await response.json() as { error: { code: string; message: string; param: string | null; type: string } };
      assert.equal(body.error.code, c.code, c.body);
      assert.match(body.error.message, c.message);
      assert.equal(body.error.type, 'invalid_request_error');
      if (c.param) assert.equal(body.error.param, c.param);
    }
    const anthropic = await post('/v1/messages', '{"model":"sim-claude","messages":[{"role":"user","content":"x"}]}');
    assert.equal(anthropic.status, 400);
    const anthropicBody = await anthropic.json() as { type: string; error: { type: string; message: string } };
    assert.equal(anthropicBody.type, 'error');
    assert.equal(anthropicBody.error.type, 'invalid_request_error');
    assert.match(anthropicBody.error.message, /max_tokens/);
    const record = await h.lastRecord();
    assert.equal(record.response.status, 400);
    assert.equal(record.account_id, h.accountId, 'a bad body from a good key is still attributed');
    assert.equal(record.model, 'sim-claude');
  });

  it('answers an oversized body with a 400 in the caller\'s format, and stays up', async () => {
    const huge = JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }] });
    const response = await post('/v1/chat/completions', huge);
    assert.equal(response.status, 400);
    assert.equal((await response.json() as { error: { code: string } }).error.code, 'request_too_large');
    const anthropic = await post('/v1/messages', huge);
    assert.equal(((await anthropic.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    const ok = await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'still alive?' }] });
    assert.ok(ok.choices[0]!.message.content);
  });

  it('refuses header injection and malformed HTTP without crashing', async () => {
    const injected = await rawHttp(h.gateway.port,
      `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${h.apiKey}\r\nX-Evil: a\rb\r\nContent-Length: 2\r\n\r\n{}`);
    assert.match(injected, /^HTTP\/1\.1 400/);
    assert.match(injected, /"error"/);
    const smuggle = await rawHttp(h.gateway.port,
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    assert.match(smuggle, /^HTTP\/1\.1 400/);
    const ok = await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'alive' }] });
    assert.ok(ok.choices[0]!.message.content);
  });

  it('forwards only the gateway\'s own headers upstream', async () => {
    await post('/v1/chat/completions', JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'headers' }] }), {
      'x-api-key': 'client-supplied', cookie: 'session=1', 'x-forwarded-host': 'evil', 'openai-organization': 'org-x',
    });
    const upstream = h.sim.requests.at(-1)!;
    for (const name of ['x-api-key', 'cookie', 'x-forwarded-host', 'openai-organization', 'x-forwarded-for']) {
      assert.equal(upstream.headers[name], undefined, `${name} is not forwarded`);
    }
  });

  it('maps upstream 5xx, 429, timeouts and not-served models', async () => {
    await assert.rejects(h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'boom [[sim:fault=500]]' }] }),
      (e: unknown) => e instanceof OpenAI.APIError && e.status === 502 && /failed \(HTTP 500\)/.test(e.message));
    let record = await h.lastRecord();
    assert.equal(record.response.status, 502);
    assert.equal((record.response.error as { code?: string } | undefined)?.code, 'upstream_error');

    await assert.rejects(h.anthropic.messages.create({ model: 'sim-claude', max_tokens: 10, messages: [{ role: 'user', content: 'slow down [[sim:fault=429,retry=7]]' }] }),
      (e: unknown) => e instanceof Anthropic.RateLimitError && e.headers?.get('retry-after') === '7');
    record = await h.lastRecord();
    assert.equal(record.response.status, 429);

    const started = Date.now();
    await assert.rejects(h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'hang [[sim:fault=timeout]]' }] }),
      (e: unknown) => e instanceof OpenAI.APIError && e.status === 504);
    assert.ok(Date.now() - started >= 2_500, 'waited for the configured headers timeout');
    record = await h.lastRecord();
    assert.equal(record.response.status, 504);
    assert.equal((record.response.error as { code?: string } | undefined)?.code, 'upstream_timeout');
  });

  it('answers a non-streamed disconnect with 502 and a mid-stream disconnect with an error event', async () => {
    await assert.rejects(h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'cut [[sim:fault=disconnect]]' }] }),
      (e: unknown) => e instanceof OpenAI.APIError && e.status === 502);
    assert.equal((await h.lastRecord()).response.status, 502);

    const openaiStream = await h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'cut [[sim:fault=disconnect]]' }], stream: true });
    let received = '';
    await assert.rejects((async () => { for await (const chunk of openaiStream) received += chunk.choices[0]?.delta.content ?? ''; })(),
      (e: unknown) => e instanceof OpenAI.APIError && /stream/.test(e.message));
    let record = await h.lastRecord();
    assert.equal(record.response.status, 200, 'the status line had already gone out');
    assert.equal(record.response.finish_reason, 'error');
    assert.match(String((record.response.error as { code?: string } | undefined)?.code), /upstream_(unavailable|stream_interrupted)/);
    assert.equal(record.response.text, received, 'what the client got before the cut is recorded');

    const anthropicStream = h.anthropic.messages.stream({ model: 'sim-claude', max_tokens: 500, messages: [{ role: 'user', content: 'cut [[sim:fault=disconnect]]' }] });
    await assert.rejects(anthropicStream.finalMessage(), (e: unknown) => e instanceof Anthropic.APIError);
    record = await h.lastRecord();
    assert.equal(record.endpoint, 'anthropic.messages');
    assert.equal(record.response.finish_reason, 'error');

    const responsesStream = h.openai.responses.stream({ model: 'sim-gpt', input: 'cut [[sim:fault=disconnect]]' });
    await assert.rejects(responsesStream.finalResponse());
  });

  it('cancels the upstream request when the client disconnects, and records 499', async () => {
    const controller = new AbortController();
    const before = h.sim.requests.length;
    const pending = h.openai.chat.completions.create({ model: 'sim-gpt', messages: [{ role: 'user', content: 'wait [[sim:fault=timeout]]' }] }, { signal: controller.signal });
    await eventually(() => h.sim.requests.length > before);
    controller.abort();
    await assert.rejects(pending);
    await eventually(async () => (await h.lastRecord()).response.status === 499);
    const record = await h.lastRecord();
    assert.equal(record.response.finish_reason, 'client_disconnected');
    assert.ok((record.latency_ms ?? 0) < 2_500, 'the gateway did not wait for the upstream timeout');
  });

  it('takes the client address from X-Forwarded-For only from trusted proxies', async () => {
    await post('/v1/chat/completions', JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'xff' }] }), {
      'x-forwarded-for': '198.51.100.23', 'x-client-asn': '64500', 'x-client-tls-fingerprint': 't13d1516h2_8daaf6152771', 'x-client-country': 'DE',
    });
    const record = await h.lastRecord();
    assert.equal(record.client.ip, '198.51.100.23');
    assert.equal(record.client.asn, 64500);
    assert.equal(record.client.tls_fp, 't13d1516h2_8daaf6152771');
    assert.equal(record.client.country, 'DE');
  });

  it('answers unknown routes with 404 in the right format and keeps health and metrics up', async () => {
    const missing = await fetch(`${h.gateway.url}/v1/embeddings`, { method: 'POST' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    const health = await fetch(`${h.gateway.url}/healthz`);
    assert.equal(health.status, 200);
    const metrics = await (await fetch(`${h.gateway.url}/metrics`)).text();
    assert.match(metrics, /distillguard_requests_total\{endpoint="openai.chat",status="200"\} \d+/);
    assert.match(metrics, /distillguard_requests_total\{endpoint="openai.chat",status="401"\} \d+/);
    assert.match(metrics, /distillguard_recording_queue_depth \d+/);
    assert.match(metrics, /distillguard_upstream_errors_total\{upstream="default",kind="http_500"\} 1/);
  });
});

describe('gateway: routing and untrusted X-Forwarded-For', () => {
  it('answers a model no upstream serves with 404 model_not_served', async () => {
    const h = await startHarness({ configure: (c) => { c.upstreams[0]!.models = ['sim-*']; c.upstreams[0]!.protocols = ['openai.chat', 'anthropic.messages']; } });
    try {
      await assert.rejects(h.openai.chat.completions.create({ model: 'gpt-unknown', messages: [{ role: 'user', content: 'x' }] }),
        (e: unknown) => e instanceof OpenAI.NotFoundError && (e.error as { code: string }).code === 'model_not_served');
      await assert.rejects(h.openai.responses.create({ model: 'sim-gpt', input: 'x' }),
        (e: unknown) => e instanceof OpenAI.NotFoundError && /openai.responses/.test(e.message));
      const record = await h.lastRecord();
      assert.equal(record.response.status, 404);
      assert.equal(record.endpoint, 'openai.responses');
    } finally {
      await h.close();
    }
  });

  it('ignores X-Forwarded-For and client headers when no proxy is trusted', async () => {
    const h = await startHarness();
    try {
      await fetch(`${h.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.apiKey}`, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.23', 'x-client-asn': '64500' },
        body: JSON.stringify({ model: 'sim-gpt', messages: [{ role: 'user', content: 'spoof' }] }),
      });
      const record = await h.lastRecord();
      assert.equal(record.client.ip, '127.0.0.1');
      assert.equal(record.client.asn, undefined);
    } finally {
      await h.close();
    }
  });
});

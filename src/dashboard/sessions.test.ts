import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCookie, sessionCookie } from './auth.js';
import { LoginThrottle, MemorySessionStore } from './sessions.js';

describe('MemorySessionStore', () => {
  it('issues unguessable tokens, finds live sessions, expires and ends them', () => {
    let now = 1_000_000;
    const sessions = new MemorySessionStore({ ttlMs: 60_000, now: () => now });
    const a = sessions.create('admin:alice');
    const b = sessions.create('admin:bob');
    assert.notEqual(a.token, b.token);
    assert.ok(a.token.length >= 43, '256 random bits, base64url');
    assert.equal(sessions.get(a.token)?.actor, 'admin:alice');
    assert.equal(sessions.get(a.token + 'x'), undefined);
    sessions.end(b.token);
    assert.equal(sessions.get(b.token), undefined);
    now += 60_000;
    assert.equal(sessions.get(a.token), undefined, 'expired at its ttl');
  });

  it('keeps at most maxSessions, ending the oldest first', () => {
    const sessions = new MemorySessionStore({ maxSessions: 2 });
    const first = sessions.create('admin:a');
    const second = sessions.create('admin:b');
    const third = sessions.create('admin:c');
    assert.equal(sessions.get(first.token), undefined);
    assert.equal(sessions.get(second.token)?.actor, 'admin:b');
    assert.equal(sessions.get(third.token)?.actor, 'admin:c');
  });
});

describe('LoginThrottle', () => {
  it('refuses an address after maxFailures in the window, until the window passes', () => {
    let now = 0;
    const throttle = new LoginThrottle(3, 10_000, () => now);
    for (let i = 0; i < 3; i++) {
      assert.equal(throttle.retryAfterMs('10.0.0.1'), 0);
      throttle.fail('10.0.0.1');
      now += 1000;
    }
    assert.equal(throttle.retryAfterMs('10.0.0.1'), 7000, 'until the first failure leaves the window');
    assert.equal(throttle.retryAfterMs('10.0.0.2'), 0, 'other addresses are not affected');
    now += 7000;
    assert.equal(throttle.retryAfterMs('10.0.0.1'), 0);
  });

  it('forgets an address after a success', () => {
    const throttle = new LoginThrottle(2, 10_000, () => 0);
    throttle.fail('a');
    throttle.succeed('a');
    throttle.fail('a');
    assert.equal(throttle.retryAfterMs('a'), 0);
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /dashboard, Secure on https', () => {
    assert.equal(sessionCookie('tok', 60, false), 'dg_dashboard_session=tok; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=60');
    assert.match(sessionCookie('tok', 60, true), /; Secure$/);
  });

  it('is read from a Cookie header among others', () => {
    assert.equal(readCookie('a=1; dg_dashboard_session=xyz; b=2', 'dg_dashboard_session'), 'xyz');
    assert.equal(readCookie('a=1', 'dg_dashboard_session'), undefined);
    assert.equal(readCookie(undefined, 'dg_dashboard_session'), undefined);
  });
});

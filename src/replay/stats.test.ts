import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCounts, formatDuration, formatProgress, formatSummary, LatencyHistogram, ReplayStats } from './stats.js';

describe('replay figures', () => {
  it('estimates latency percentiles within 5 % from a fixed-size histogram', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.add(ms);
    const p50 = h.quantile(0.5)!;
    const p95 = h.quantile(0.95)!;
    assert.ok(Math.abs(p50 - 500) / 500 <= 0.05, `p50 ${p50}`);
    assert.ok(Math.abs(p95 - 950) / 950 <= 0.05, `p95 ${p95}`);
    assert.equal(h.max, 1000);
    assert.equal(new LatencyHistogram().quantile(0.5), undefined);
  });

  it('counts outcomes by status and kind, and the rate of the last interval', () => {
    const stats = new ReplayStats(0);
    stats.dispatched(0);
    stats.dispatched(120);
    stats.dispatched(30);
    stats.settle({ ok: true, latencyMs: 5 });
    stats.settle({ ok: false, latencyMs: 7, kind: '429', message: 'slow down' });
    stats.skip('endpoint:x');
    assert.deepEqual({ sent: stats.sent, ok: stats.ok, inFlight: stats.inFlight, lag: stats.lagMs, maxLag: stats.maxLagMs }, { sent: 3, ok: 1, inFlight: 1, lag: 30, maxLag: 120 });
    assert.deepEqual(stats.errors, { 429: 1 });
    assert.equal(stats.skippedTotal, 1);
    assert.equal(stats.takeRate(2_000), 1.5);
    assert.equal(stats.takeRate(3_000), 0);
  });

  it('formats the progress line and the summary', () => {
    assert.equal(formatDuration(1234), '1.23 s');
    assert.equal(formatDuration(125_000), '2 min 05 s');
    assert.equal(formatCounts({ 502: 1, 429: 3 }), '429×3, 502×1');
    assert.equal(formatCounts({}), 'none');
    assert.equal(
      formatProgress({ read: 12, sent: 10, ok: 8, inFlight: 1, errors: { 429: 1 }, skipped: 1, rate: 4.25, lagMs: 0, etaMs: 61_000, total: 30 }),
      'replay: 12/30 exchanges · sent 10 · ok 8 · errors 1 (429×1) · skipped 1 · in flight 1 · 4.3/s · lag 0.00 s · ETA 1 min 01 s',
    );
    const summary = formatSummary({
      gateway: 'http://gw', speed: 60, concurrency: 64, read: 3, sent: 2, ok: 2, errors: {}, skipped: { 'endpoint:x': 1 },
      accounts: { imported: 0, importedNew: 0, createdOnFirstUse: 2, keysIssued: 2, refused: 0 },
      durationMs: 1000, scenarioSpanMs: 60_000, maxLagMs: 0, latencyMs: { p50: 3, p95: 9, p99: 9, max: 9 }, interrupted: false,
    });
    assert.match(summary, /^replay finished: 3 exchanges read, 2 sent through http:\/\/gw in 1\.00 s \(speed 60×, scenario span 1 min 00 s\)/);
    assert.match(summary, /ok 2 · errors none · skipped endpoint:x×1/);
    assert.match(summary, /2 created at first use, 2 keys issued/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeEvaluation } from './compute.js';
import { HAND_LABELS, HAND_SCAN_ACCOUNTS, HAND_SCAN_CAMPAIGNS } from './hand-case.js';
import { renderHtmlReport } from './render-html.js';
import { renderJsonReport } from './render-json.js';
import { bar, formatTable, renderTerminalReport } from './render-terminal.js';
import { cdfChart, columnChart, escapeXml, horizontalBarChart, niceStep } from './svg.js';
import type { AccountExchangeStats, EvaluationReport } from './types.js';

function report(): EvaluationReport {
  const stats = new Map<string, AccountExchangeStats>([
    ['a1', { count: 5, firstMs: Date.parse('2026-04-01T00:00:00.000Z'), beforeFirstFlag: 3 }],
    ['b1', { count: 4, firstMs: Date.parse('2026-04-01T00:01:40.000Z'), beforeFirstFlag: 2 }],
  ]);
  return computeEvaluation(HAND_LABELS, HAND_SCAN_ACCOUNTS, HAND_SCAN_CAMPAIGNS, stats);
}

describe('terminal report', () => {
  it('draws bars in eighths of a cell', () => {
    assert.equal(bar(0, 10), '');
    assert.equal(bar(1, 10), '██████████');
    assert.equal(bar(0.5, 10), '█████');
    assert.equal(bar(0.05, 10), '▌', 'four eighths');
    assert.equal(bar(0.0625, 10), '▋', 'five eighths');
    assert.equal(bar(2, 4), '████', 'clamped at 1');
  });

  it('aligns table columns', () => {
    const lines = formatTable(['name', 'n'], [['a', '1'], ['long name', '100']], ['left', 'right']);
    assert.deepEqual(lines, ['name         n', '─────────  ───', 'a            1', 'long name  100']);
  });

  it('shows the headline figures, the archetype chart and the delay histogram', () => {
    const text = renderTerminalReport(report());
    assert.match(text, /precision 0\.800 {3}recall 0\.667 {3}F1 0\.727 {3}benign FPR 20\.00% \(1 of 5\)/);
    assert.match(text, /solo\s+1\s+0\s+1\s+1\s+100\.0%\s+█{30}\n/);
    assert.match(text, /student\s+2\s+2\s+0\s+1\s+50\.0%\s+█{15}\n/);
    assert.match(text, /purity 75\.0% \(member-weighted, headline\) · mean over campaigns 83\.3%/);
    assert.match(text, /15m – 1h\s+1\s+█+/);
    assert.match(text, /Warnings\n/);
    // only a1 and b1 have exchanges in this report's stats
    assert.match(text, /4 distillation accounts sent no request; recall over the 2 that did: 1\.000\n/);
    assert.ok(!text.includes('NaN'));
  });
});

describe('JSON report', () => {
  it('round-trips every figure', () => {
    const r = report();
    assert.deepEqual(JSON.parse(renderJsonReport(r)), JSON.parse(JSON.stringify(r)));
  });
});

describe('HTML report', () => {
  it('is one self-contained page with the four kinds of plots and the report embedded', () => {
    const r = report();
    const html = renderHtmlReport(r);
    assert.match(html, /^<!doctype html>/);
    assert.equal((html.match(/<svg /g) ?? []).length, 5);
    for (const title of ['Flag rate per archetype', 'Detection delay (accounts per bin)', 'Detection delay, cumulative share', 'Leakage per campaign', 'Score distribution by label']) {
      assert.ok(html.includes(title), title);
    }
    // nothing fetched from the network: the only URL is the SVG namespace
    const urls = [...html.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
    assert.ok(urls.every((u) => u === 'http://www.w3.org/2000/svg'), urls.join(' '));
    assert.doesNotMatch(html, /<script(?! type="application\/json")/);
    const embedded = /<script type="application\/json" id="eval-report">(.*?)<\/script>/s.exec(html);
    assert.ok(embedded);
    assert.deepEqual(JSON.parse(embedded[1]!), JSON.parse(JSON.stringify(r)));
  });

  it('escapes names that look like markup', () => {
    const r = computeEvaluation(
      [{ account_id: 'x', label: 'benign', campaign: null, archetype: '<script>alert(1)</script>' }],
      [{ account_id: 'x', score: 0.5, flagged: true, first_flagged_at: null, campaign_id: null }],
      [],
      new Map(),
    );
    const html = renderHtmlReport(r);
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });
});

describe('SVG charts', () => {
  it('escapes text and picks round tick steps', () => {
    assert.equal(escapeXml(`a<b & "c" 'd'>`), 'a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;');
    assert.equal(niceStep(3, true), 1);
    assert.equal(niceStep(37, true), 10);
    assert.equal(niceStep(0.25, false), 0.1);
    assert.equal(niceStep(0, true), 1);
  });

  it('draws one bar per item and n/a for a null value', () => {
    const svg = horizontalBarChart([
      { label: 'a', value: 0.5, text: '50%', color: '#000' },
      { label: 'b', value: null, text: 'n/a', color: '#000' },
    ], { title: 't' });
    assert.equal((svg.match(/<rect /g) ?? []).length, 1);
    assert.ok(svg.includes('>n/a</text>'));
  });

  it('draws a column per category and series, and a step line for a CDF', () => {
    const svg = columnChart(['x', 'y', 'z'], [{ name: 's', color: '#000', values: [1, 2, 3] }, { name: 't', color: '#111', values: [0, 0, 1] }], { title: 't', integer: true });
    assert.equal((svg.match(/<rect x=/g) ?? []).length, 6 + 2, 'six columns and two legend swatches');
    assert.match(cdfChart([0, 100, 900], { title: 'cdf' }), /<path d="M[^"]+"/);
    assert.match(cdfChart([], { title: 'cdf' }), /no delays measured/);
  });
});

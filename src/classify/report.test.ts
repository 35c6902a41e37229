import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isDistillguardError } from '../errors.js';
import { spread } from './evaluate.js';
import { FIGURES_END, FIGURES_START, renderFigures, writeFiguresSection, type EvalReport } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'dg-classify-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const report: EvalReport = {
  command: 'distillguard train --eval', seed: '1', modelBytes: 1_900_000, bars: { jailbreak: 0.975, cot_extraction: 0.95 },
  folds: [
    { head: 'jailbreak', positive: 'jailbreak/a', negative: 'ifeval', positives: 10, negatives: 20, purged: 2, threshold: 0.9, tpr: 1, fpr: 0 },
    { head: 'jailbreak', positive: 'jailbreak/b', negative: 'hh-rlhf', positives: 10, negatives: 20, purged: 0, threshold: 0.9, tpr: 0.5, fpr: 0.05 },
  ],
  test: {
    binary: {
      jailbreak: { auc: 0.99, tpr: 0.9, fpr: 0.01, positives: 5, negatives: 5, threshold: 0.8 },
      cot_extraction: { auc: 0.99, tpr: 0.9, fpr: 0.01, positives: 5, negatives: 5, threshold: 0.8 },
      grader: { auc: 0.99, tpr: 0.9, fpr: 0.01, positives: 5, negatives: 5, threshold: 0.8 },
    },
    capabilityAccuracy: 0.9, capabilityRows: 10, languageAccuracy: 1, languageRows: 10,
  },
};

describe('evaluation report', () => {
  it('reports the spread over folds, and how many folds meet the bar', () => {
    assert.deepEqual(spread([1, 0.5, NaN, 0.75]), { min: 0.5, median: 0.75, max: 1, mean: 0.75 });
    const md = renderFigures(report);
    assert.match(md, /\| jailbreak \| ≥ 97\.5% \| 2 \| 50\.0% \| 75\.0% \| 75\.0% \| 100\.0% \| 1\/2 \|/);
    assert.match(md, /\| jailbreak\/b \| 10 \| 0 \| 50\.0% \| hh-rlhf \| 20 \| 5\.0% \|/);
  });

  it('rewrites only the text between the figure markers, and says when they are missing', () => {
    const path = join(dir, 'doc.md');
    writeFileSync(path, `# Title\nintro\n${FIGURES_START}\nold figures\n${FIGURES_END}\nafter\n`);
    writeFiguresSection(path, 'new figures');
    assert.equal(readFileSync(path, 'utf8'), `# Title\nintro\n${FIGURES_START}\nnew figures\n${FIGURES_END}\nafter\n`);
    writeFileSync(path, '# no markers\n');
    assert.throws(() => writeFiguresSection(path, 'x'), (e) => isDistillguardError(e) && /figures:start/.test(e.message));
  });
});

/**
 * Reads the ground-truth labels (spec v1 label lines) for the evaluation: every line validated,
 * and an account labelled twice is an error, since it would be counted twice in every metric.
 */
import { DistillguardError } from '../errors.js';
import { readRecords } from '../records/reader.js';
import { sourceName, type RecordSource } from '../records/sources.js';
import type { LabelInput } from './types.js';

/** Reads labels.jsonl[.gz]; throws DistillguardError at file:line on a malformed or repeated line. */
export async function readLabels(source: RecordSource): Promise<LabelInput[]> {
  const labels: LabelInput[] = [];
  const lineOf = new Map<string, number>();
  const name = sourceName(source);
  for await (const { record, line } of readRecords(source, { kind: 'label' })) {
    const seen = lineOf.get(record.account_id);
    if (seen !== undefined) {
      throw new DistillguardError('RECORD_INCONSISTENT', `account_id ${JSON.stringify(record.account_id)} is already labelled on line ${seen}`, {
        location: { file: name, line },
        hint: 'give each account exactly one label line',
      });
    }
    lineOf.set(record.account_id, line);
    labels.push({ account_id: record.account_id, label: record.label, campaign: record.campaign, archetype: record.archetype });
  }
  return labels;
}

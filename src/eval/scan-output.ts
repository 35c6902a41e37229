/**
 * Reads and checks a scan output folder (`accounts.jsonl`, `campaigns.jsonl`, spec v1 verdict)
 * before anything is computed from it: every line is validated against the schema (the records
 * reader stops at the first bad one with file:line and the reason), then the two files are checked
 * against each other. Contradictions that would make a metric wrong are errors; oddities that only
 * make one less informative are returned as warnings.
 */
import { join } from 'node:path';
import { DistillguardError } from '../errors.js';
import { readRecords } from '../records/reader.js';
import { MAX_EXAMPLES, type EvalWarning, type ScanAccountInput, type ScanCampaignInput } from './types.js';

/** The two file names a scan writes into its output folder. */
export const SCAN_FILES = { accounts: 'accounts.jsonl', campaigns: 'campaigns.jsonl' } as const;

/** A checked scan output, trimmed to what the evaluation needs. */
export interface ScanOutput {
  accounts: ScanAccountInput[];
  campaigns: ScanCampaignInput[];
  warnings: EvalWarning[];
  files: { accounts: string; campaigns: string };
}

function inconsistent(message: string, file: string, line: number, hint: string): DistillguardError {
  return new DistillguardError('RECORD_INCONSISTENT', message, { location: { file, line }, hint });
}

/**
 * Reads `dir/accounts.jsonl` and `dir/campaigns.jsonl` (a `.gz` beside either name is not looked
 * for: the scan writes plain files).
 *
 * Errors (DistillguardError at file:line, nothing computed):
 * - any line that is not valid JSON or does not follow the spec v1 verdict schema (RECORD_*);
 * - an account_id on two lines of accounts.jsonl, a campaign_id on two lines of campaigns.jsonl;
 * - a campaign member that is not in accounts.jsonl;
 * - an account whose campaign_id is not in campaigns.jsonl.
 *
 * Warnings: an account listed as a member of a campaign other than its own campaign_id.
 */
export async function readScanOutput(dir: string): Promise<ScanOutput> {
  const files = { accounts: join(dir, SCAN_FILES.accounts), campaigns: join(dir, SCAN_FILES.campaigns) };

  const accounts: ScanAccountInput[] = [];
  const accountLine = new Map<string, number>();
  for await (const { record, line } of readRecords(files.accounts, { kind: 'verdict-account' })) {
    const seen = accountLine.get(record.account_id);
    if (seen !== undefined) {
      throw inconsistent(`account_id ${JSON.stringify(record.account_id)} is already on line ${seen}`, files.accounts, line,
        'a scan writes exactly one line per account; the output is corrupt or two scans were concatenated');
    }
    accountLine.set(record.account_id, line);
    // only what the metrics use: the reasons of every account would cost memory for nothing
    accounts.push({
      account_id: record.account_id,
      score: record.score,
      flagged: record.flagged,
      first_flagged_at: record.first_flagged_at,
      campaign_id: record.campaign_id,
    });
  }

  const campaigns: ScanCampaignInput[] = [];
  const campaignLine = new Map<string, number>();
  const memberOf = new Map<string, string[]>();
  for await (const { record, line } of readRecords(files.campaigns, { kind: 'verdict-campaign' })) {
    const seen = campaignLine.get(record.campaign_id);
    if (seen !== undefined) {
      throw inconsistent(`campaign_id ${JSON.stringify(record.campaign_id)} is already on line ${seen}`, files.campaigns, line,
        'a scan writes exactly one line per detected campaign');
    }
    campaignLine.set(record.campaign_id, line);
    for (const member of record.accounts) {
      if (!accountLine.has(member)) {
        throw inconsistent(`campaign ${JSON.stringify(record.campaign_id)} lists member ${JSON.stringify(member)}, which is not in ${SCAN_FILES.accounts}`,
          files.campaigns, line, `every campaign member must have its own line in ${SCAN_FILES.accounts}`);
      }
      let list = memberOf.get(member);
      if (!list) memberOf.set(member, (list = []));
      list.push(record.campaign_id);
    }
    campaigns.push({ campaign_id: record.campaign_id, accounts: record.accounts });
  }

  const mismatched: string[] = [];
  for (const a of accounts) {
    if (a.campaign_id !== null && !campaignLine.has(a.campaign_id)) {
      throw inconsistent(`account ${JSON.stringify(a.account_id)} names campaign_id ${JSON.stringify(a.campaign_id)}, which is not in ${SCAN_FILES.campaigns}`,
        files.accounts, accountLine.get(a.account_id)!, `every campaign_id an account names must have its own line in ${SCAN_FILES.campaigns}`);
    }
    const listedIn = memberOf.get(a.account_id) ?? [];
    if (listedIn.some((c) => c !== a.campaign_id)) mismatched.push(a.account_id);
  }
  const warnings: EvalWarning[] = [];
  if (mismatched.length > 0) {
    warnings.push({
      code: 'campaign_membership_mismatch',
      message: `accounts listed as members of a campaign other than their own campaign_id (purity follows ${SCAN_FILES.campaigns})`,
      count: mismatched.length,
      examples: mismatched.slice(0, MAX_EXAMPLES),
    });
  }
  return { accounts, campaigns, warnings, files };
}

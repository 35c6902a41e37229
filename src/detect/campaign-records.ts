/**
 * Turns the campaign graph into spec v1 campaign records, with the extra fields the dashboard and
 * the threat-intelligence export read: capabilities, exchanges, member_indicators, template_clusters.
 */

import type { CampaignRecord } from '../records/types.js';
import type { AccountState } from './account-state.js';
import type { CampaignGraph } from './campaigns.js';
import { logit, sigmoid } from './evidence.js';
import { describeKey, type IndicatorIndex } from './indicators.js';
import type { TemplateTable } from './templates.js';

/** Indicator types worth listing for a campaign (the cohort window is evidence, not an indicator to share). */
const LISTED_TYPES = new Set(['ip_prefix', 'ua_tls', 'device', 'payment_fp', 'signup_ip', 'org', 'template']);

/** Keys named in a campaign's summary: `CampaignGraph.campaigns(SUMMARY_LINKS)` is all a record needs. */
export const SUMMARY_LINKS = 3;

/** Every campaign as a record, at once (the dashboard and the live engine: a few campaigns at a time). */
export function buildCampaignRecords(
  campaigns: ReturnType<CampaignGraph['campaigns']>,
  stateOf: (accountId: string) => AccountState | undefined,
  templates: TemplateTable,
  indicators: IndicatorIndex,
): CampaignRecord[] {
  return [...campaignRecordsOf(campaigns, stateOf, templates, indicators)];
}

/**
 * The campaign records one at a time, in the order of `campaigns`: a scan writes each before the
 * next is built: at report scale every campaign's record at once (each member's indicators, tens of
 * thousands of members) would sit beside the whole engine at its peak (docs/PERFORMANCE.md, "Memory").
 */
export function* campaignRecordsOf(
  campaigns: ReturnType<CampaignGraph['campaigns']>,
  stateOf: (accountId: string) => AccountState | undefined,
  templates: TemplateTable,
  indicators: IndicatorIndex,
): IterableIterator<CampaignRecord> {
  for (const campaign of campaigns) yield campaignRecordOf(campaign, stateOf, templates, indicators);
}

function campaignRecordOf(
  campaign: ReturnType<CampaignGraph['campaigns']>[number],
  stateOf: (accountId: string) => AccountState | undefined,
  templates: TemplateTable,
  indicators: IndicatorIndex,
): CampaignRecord {
  let firstSeen = Infinity;
  let exchanges = 0;
  let logitSum = 0;
  const capabilityCounts = new Map<string, number>();
  const memberIndicators: Record<string, string[]> = {};
  const templateUse = new Map<string, { accounts: number; exchanges: number }>();
  const keyMembers = new Map<string, number>();
  let cot = 0;
  let grader = 0;
  let reasoningTokens = 0;
  const asns = new Set<number>();
  const countries = new Set<string>();
  for (const accountId of campaign.members) {
    const state = stateOf(accountId);
    if (!state) continue;
    firstSeen = Math.min(firstSeen, state.firstTs);
    exchanges += state.exchanges;
    logitSum += logit(Math.max(state.score, 0.5));
    cot += state.hits.cot_extraction;
    grader += state.hits.grader;
    reasoningTokens += state.reasoningTokens;
    for (const asn of state.asns) asns.add(asn);
    for (const country of state.countries) countries.add(country);
    for (const [capability, n] of state.capabilities) capabilityCounts.set(capability, (capabilityCounts.get(capability) ?? 0) + n);
    const keys: string[] = [];
    for (const key of state.keys) {
      const type = key.slice(0, key.indexOf(':'));
      if (!LISTED_TYPES.has(type)) continue;
      const stats = indicators.get(key);
      if (!stats || stats.flagged < 2 || stats.flagged / stats.accounts < 0.5) continue;
      keys.push(key);
      keyMembers.set(key, (keyMembers.get(key) ?? 0) + 1);
    }
    for (const [id, n] of state.templates) {
      keys.push(`template:${id}`);
      const use = templateUse.get(id) ?? { accounts: 0, exchanges: 0 };
      use.accounts++;
      use.exchanges += n;
      templateUse.set(id, use);
    }
    memberIndicators[accountId] = keys;
  }
  const members = campaign.members.length;
  const score = sigmoid(logitSum / Math.max(1, members) + Math.log(members) / 2);
  const capabilities = [...capabilityCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c).slice(0, 5);
  const templateClusters = [...templateUse].sort((a, b) => b[1].accounts - a[1].accounts || (a[0] < b[0] ? -1 : 1)).slice(0, 20)
    .map(([id, use]) => ({
      template_id: id, accounts: use.accounts, exchanges: use.exchanges, samples: templates.clusterInfo(id).samples,
      // the wrapper's frame shingles (32-bit hashes, text.ts): what a partner-matchable fingerprint is made of
      shingles: templates.clusterShingles(id).slice(0, 64),
    }));
  const sharedKeys = [...keyMembers].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 40);
  const indicatorList = [
    ...templateClusters.map((t) => ({ type: 'template', value: t.template_id, accounts: t.accounts })),
    ...sharedKeys.map(([key, n]) => ({ type: key.slice(0, key.indexOf(':')), value: key.slice(key.indexOf(':') + 1), accounts: n })),
  ];
  const topLinks = campaign.links.slice(0, SUMMARY_LINKS).map(([key, n]) => `${key.startsWith('template:') ? `prompt template ${key.slice(9)}` : describeKey(key)} (${n} links)`);
  const summary = `${members} accounts took ${exchanges} exchanges (${reasoningTokens} reasoning tokens), mostly ${capabilities.slice(0, 3).join(', ') || 'unclassified'} prompts`
    + `${cot > 0 ? `, ${cot} asking for the internal chain of thought` : ''}${grader > 0 ? `, ${grader} using the model as a grader` : ''}`
    + `, from ${asns.size} ASNs in ${countries.size} countries. Linked by ${topLinks.join('; ') || 'shared templates'}.`;
  return {
    campaign_id: campaign.id,
    accounts: campaign.members,
    first_seen: new Date(firstSeen).toISOString(),
    detected_at: new Date(campaign.detectedAt).toISOString(),
    score: Math.round(score * 1e4) / 1e4,
    summary,
    indicators: indicatorList,
    capabilities,
    exchanges,
    member_indicators: memberIndicators,
    template_clusters: templateClusters,
  };
}

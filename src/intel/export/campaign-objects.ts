/**
 * The STIX objects of one detected campaign: the campaign, its indicators, the proxy network it
 * used, relationships, a sighting and a note. Only what recognises the attacker elsewhere goes in:
 * no account id, e-mail, prompt or response, and no unkeyed payment fingerprint.
 */
import type { CampaignRecord } from '../../records/types.js';
import type { SharingKey } from '../fingerprints.js';
import { scoId, stixId, stixTime } from '../ids.js';
import type { Producer } from '../settings.js';
import { clientStackPattern, emailDomainPattern, paymentPattern, prefixPattern, templatePattern, type MatchKind } from '../stix/patterns.js';
import { DISTILLGUARD_EXTENSION, type DistillguardIndicatorExtension, type StixObject } from '../stix/types.js';

const DAY_MS = 86_400_000;

/** A campaign as the export sees it: the stored record and its status time. */
export interface CampaignInput {
  record: CampaignRecord;
  updatedAt: string;
  /** Distinct payment fingerprints of its members (raw: hashed here, never exported as is). */
  paymentFingerprints: string[];
  /** E-mail domains mostly used by this campaign's members (decided by the caller). */
  emailDomains: string[];
}

export interface CampaignExportOptions {
  producer: Producer;
  key: SharingKey | null;
  validDays: number;
  markingRef: string;
}

/** An indicator before it is written: one per pattern, shared by every campaign it belongs to. */
export interface IndicatorDraft {
  id: string;
  kind: MatchKind;
  pattern: string;
  name: string;
  description: string;
  indicatorTypes: string[];
  confidence: number;
  validFromMs: number;
  validUntilMs: number;
  createdMs: number;
  modifiedMs: number;
  extension: DistillguardIndicatorExtension;
  campaigns: Set<string>;
  infrastructure: Set<string>;
}

interface TemplateCluster { template_id: string; accounts: number; exchanges: number; shingles?: number[] }

const clamp100 = (x: number): number => Math.max(0, Math.min(100, Math.round(x)));

/** Parses an `asn|user agent|tls` key value. */
function parseClientStack(value: string): { asn?: number; userAgent?: string; tlsFingerprint?: string } {
  const [asn, userAgent, tls] = value.split('|');
  const number = Number(asn);
  return {
    ...(asn !== undefined && asn !== '?' && Number.isInteger(number) && number >= 0 ? { asn: number } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(tls ? { tlsFingerprint: tls } : {}),
  };
}

/** Builds the objects of one campaign; indicators go into `indicators` (merged across campaigns). */
export function campaignObjects(input: CampaignInput, options: CampaignExportOptions, indicators: Map<string, IndicatorDraft>): { objects: StixObject[]; shared: Record<string, number> } {
  const { producer, key } = options;
  const c = input.record;
  const createdMs = Date.parse(c.detected_at);
  const modifiedMs = Math.max(createdMs, Date.parse(input.updatedAt));
  const firstSeenMs = Math.min(Date.parse(c.first_seen), createdMs);
  const validUntilMs = modifiedMs + options.validDays * DAY_MS;
  const campaignId = stixId('campaign', producer.id, c.campaign_id);
  const name = `${producer.name} distillation campaign ${campaignId.slice(10, 18)}`;
  const common = (ms: number, modified = modifiedMs) => ({
    spec_version: '2.1', created: stixTime(ms), modified: stixTime(Math.max(ms, modified)),
    created_by_ref: producer.id, object_marking_refs: [options.markingRef],
  });
  const score = Math.max(0, Math.min(1, c.score));
  const shared: Record<string, number> = {};
  const mine: string[] = [];
  let infrastructureId: string | null = null;
  const networkScos: StixObject[] = [];

  const addIndicator = (kind: MatchKind, pattern: string, label: string, description: string, confidence: number,
    extension: Omit<DistillguardIndicatorExtension, 'extension_type' | 'indicator_kind'> = {}, network = false): void => {
    const id = stixId('indicator', producer.id, pattern);
    let draft = indicators.get(id);
    if (draft === undefined) {
      draft = {
        id, kind, pattern, name: label, description, indicatorTypes: [network ? 'anonymization' : 'malicious-activity'],
        confidence, validFromMs: firstSeenMs, validUntilMs, createdMs, modifiedMs,
        extension: { extension_type: 'property-extension', indicator_kind: kind, ...extension },
        campaigns: new Set(), infrastructure: new Set(),
      };
      indicators.set(id, draft);
    } else {
      draft.confidence = Math.max(draft.confidence, confidence);
      draft.validFromMs = Math.min(draft.validFromMs, firstSeenMs);
      draft.validUntilMs = Math.max(draft.validUntilMs, validUntilMs);
      draft.createdMs = Math.min(draft.createdMs, createdMs);
      draft.modifiedMs = Math.max(draft.modifiedMs, modifiedMs);
    }
    draft.campaigns.add(campaignId);
    if (network) {
      infrastructureId ??= stixId('infrastructure', producer.id, c.campaign_id);
      draft.infrastructure.add(infrastructureId);
    }
    mine.push(id);
    shared[kind] = (shared[kind] ?? 0) + 1;
  };

  // prompt templates: keyed digests of the wrapper's frame shingles (never the samples)
  const clusters = (Array.isArray(c.template_clusters) ? c.template_clusters : []) as TemplateCluster[];
  if (key !== null) {
    const digester = key.templateDigester();
    for (const cluster of clusters) {
      const shingles = Array.isArray(cluster.shingles) ? cluster.shingles.filter((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff) : [];
      if (shingles.length < 2) continue;
      const digests = [...new Set(shingles.map((s) => digester.hex(s)))].sort();
      const minMatches = Math.min(3, digests.length);
      addIndicator('template', templatePattern(digests), `Prompt template of ${name}`,
        `Fingerprint of a prompt template shared by ${cluster.accounts} accounts of the campaign: ${digests.length} keyed frame-shingle digests, `
        + `a prompt matches when ${minMatches} of them occur in it.`,
        clamp100(100 * score * (cluster.accounts >= 5 ? 0.9 : 0.75)), { min_matches: minMatches, key_check: key.check });
    }
  }

  // shared infrastructure: address prefixes (requests and sign-ups) and client stacks
  const asns = new Set<number>();
  for (const indicator of c.indicators) {
    if (indicator.type === 'ip_prefix' || indicator.type === 'signup_ip') {
      const prefix = indicator.value;
      addIndicator('ip_prefix', prefixPattern(prefix), `Address range ${prefix} used by ${name}`,
        `${indicator.type === 'signup_ip' ? 'Sign-ups' : 'Requests'} of several campaign accounts came from ${prefix}.`,
        clamp100(100 * score * 0.6), {}, true);
      const type = prefix.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
      networkScos.push({ type, spec_version: '2.1', id: scoId(type, { value: prefix }), value: prefix });
    } else if (indicator.type === 'ua_tls') {
      const stack = parseClientStack(indicator.value);
      if (stack.asn === undefined && stack.userAgent === undefined && stack.tlsFingerprint === undefined) continue;
      if (stack.asn !== undefined) asns.add(stack.asn);
      addIndicator('client_stack', clientStackPattern(stack), `Client stack used by ${name}`,
        `Several campaign accounts sent requests with this combination of network (AS), user agent and TLS fingerprint.`,
        clamp100(100 * score * 0.5), {}, true);
    }
  }
  for (const asn of [...asns].sort((a, b) => a - b)) {
    networkScos.push({ type: 'autonomous-system', spec_version: '2.1', id: scoId('autonomous-system', { number: asn }), number: asn });
  }

  // sign-up facts: keyed hashes only
  if (key !== null) {
    for (const fingerprint of [...new Set(input.paymentFingerprints)].map((fp) => key.fingerprint('payment_fp', fp)).sort()) {
      addIndicator('payment_fp', paymentPattern(fingerprint), `Payment instrument used by ${name}`,
        'A payment instrument (keyed fingerprint) a campaign account signed up with.', clamp100(100 * score * 0.95), { key_check: key.check });
    }
    for (const fingerprint of [...new Set(input.emailDomains)].map((d) => key.fingerprint('email_domain', d)).sort()) {
      addIndicator('email_domain', emailDomainPattern(fingerprint), `E-mail domain used by ${name}`,
        'An e-mail domain (keyed fingerprint) used mostly by this campaign\'s accounts.', clamp100(100 * score * 0.7), { key_check: key.check });
    }
  }

  const members = c.accounts.length;
  const exchanges = typeof c.exchanges === 'number' ? c.exchanges : 0;
  const capabilities = Array.isArray(c.capabilities) ? (c.capabilities as unknown[]).filter((x): x is string => typeof x === 'string').slice(0, 5) : [];
  const what = Object.entries(shared).map(([kind, n]) => `${n} ${kind.replace('_', ' ')}`).join(', ') || 'no indicators';
  const summary = `${members} accounts (identities withheld) made ${exchanges} requests from ${new Date(firstSeenMs).toISOString()} to `
    + `${new Date(modifiedMs).toISOString()}${capabilities.length > 0 ? `, mostly ${capabilities.join(', ')} prompts` : ''}. `
    + `Detection score ${score.toFixed(2)}. Indicators shared: ${what}.`;

  const objects: StixObject[] = [{
    type: 'campaign', id: campaignId, ...common(createdMs), name, description: summary,
    first_seen: stixTime(firstSeenMs), last_seen: stixTime(modifiedMs), objective: 'Unauthorised distillation of model outputs',
    confidence: clamp100(100 * score),
  }];
  const relationship = (source: string, type: string, target: string): StixObject => ({
    type: 'relationship', id: stixId('relationship', producer.id, `${source}|${type}|${target}`), ...common(createdMs),
    relationship_type: type, source_ref: source, target_ref: target,
  });
  if (infrastructureId !== null) {
    objects.push({
      type: 'infrastructure', id: infrastructureId, ...common(createdMs), name: `Proxy network of ${name}`,
      description: 'Networks and client stacks the campaign\'s accounts shared.', infrastructure_types: ['anonymization'],
      first_seen: stixTime(firstSeenMs), last_seen: stixTime(modifiedMs),
    });
    objects.push(relationship(campaignId, 'uses', infrastructureId));
    const seen = new Set<string>();
    for (const sco of networkScos) {
      if (seen.has(sco.id)) continue;
      seen.add(sco.id);
      objects.push(sco, relationship(infrastructureId, 'consists-of', sco.id));
    }
  }
  objects.push({
    type: 'sighting', id: stixId('sighting', producer.id, c.campaign_id), ...common(createdMs), sighting_of_ref: campaignId,
    where_sighted_refs: [producer.id], first_seen: stixTime(firstSeenMs), last_seen: stixTime(modifiedMs), count: Math.min(exchanges, 999_999_999),
  });
  objects.push({
    type: 'note', id: stixId('note', producer.id, c.campaign_id), ...common(createdMs), abstract: `Distillation campaign detected by ${producer.name}`,
    content: summary, authors: [producer.name], object_refs: [campaignId, ...[...new Set(mine)].sort()],
  });
  return { objects, shared };
}

/** Writes an indicator draft as a STIX indicator and its relationships. */
export function indicatorObjects(draft: IndicatorDraft, producer: Producer, markingRef: string): StixObject[] {
  const common = { spec_version: '2.1', created: stixTime(draft.createdMs), modified: stixTime(Math.max(draft.createdMs, draft.modifiedMs)), created_by_ref: producer.id, object_marking_refs: [markingRef] };
  const out: StixObject[] = [{
    type: 'indicator', id: draft.id, ...common, name: draft.name, description: draft.description, indicator_types: draft.indicatorTypes,
    pattern: draft.pattern, pattern_type: 'stix', pattern_version: '2.1', valid_from: stixTime(draft.validFromMs),
    valid_until: stixTime(Math.max(draft.validUntilMs, draft.validFromMs + 1)), confidence: draft.confidence,
    extensions: { [DISTILLGUARD_EXTENSION.id]: draft.extension },
  }];
  for (const target of [...draft.campaigns, ...draft.infrastructure].sort()) {
    out.push({
      type: 'relationship', id: stixId('relationship', producer.id, `${draft.id}|indicates|${target}`), ...common,
      relationship_type: 'indicates', source_ref: draft.id, target_ref: target,
    });
  }
  return out;
}

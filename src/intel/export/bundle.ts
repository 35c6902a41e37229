/**
 * `distillguard intel export`: detected campaigns → one STIX 2.1 bundle, deterministic (the same
 * detections give byte-identical output) and private by default (see campaign-objects.ts).
 */
import { createHash } from 'node:crypto';
import type { IntelSettings } from '../../config/schema.js';
import type { Store, StoredCampaign } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { DISTILLGUARD_NAMESPACE, uuidV5 } from '../ids.js';
import { producerOf, type Producer } from '../settings.js';
import { DISTILLGUARD_EXTENSION, PROJECT_IDENTITY, TLP_MARKINGS, type StixBundle, type StixObject, type TlpLevel } from '../stix/types.js';
import { campaignObjects, indicatorObjects, type CampaignInput, type IndicatorDraft } from './campaign-objects.js';

export interface ExportOptions {
  producer: Producer;
  /** The partners' sharing key; without it, keyed indicators (templates, payment, e-mail) are left out. */
  key: SharingKey | null;
  tlp: TlpLevel;
  minCampaignScore: number;
  validDays: number;
  /** Only these campaigns (local ids); default: every campaign not dismissed or merged. */
  campaignIds?: readonly string[];
}

/** What an export contains and what it left out, for the person running it. */
export interface ExportReport {
  campaigns: number;
  objects: number;
  indicators: Record<string, number>;
  /** Things not exported and why (never silent). */
  notes: string[];
}

/** Export options from the intel settings. */
export function exportOptionsFrom(settings: IntelSettings, key: SharingKey | null): ExportOptions {
  return { producer: producerOf(settings), key, tlp: settings.tlp, minCampaignScore: settings.minCampaignScore, validDays: settings.validDays };
}

/** A domain is a campaign's when at least 2 members use it and they are at least 60% of its accounts. */
const EMAIL_MIN_MEMBERS = 2;
const EMAIL_MIN_SHARE = 0.6;

async function emailDomainsOf(store: Store, campaigns: Array<{ members: Map<string, string | undefined> }>): Promise<Array<string[]>> {
  const candidates = campaigns.map((c) => {
    const counts = new Map<string, number>();
    for (const domain of c.members.values()) if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
    return new Map([...counts].filter(([, n]) => n >= EMAIL_MIN_MEMBERS));
  });
  const wanted = new Set(candidates.flatMap((c) => [...c.keys()]));
  if (wanted.size === 0) return campaigns.map(() => []);
  // how many accounts of the whole deployment use each candidate domain (gmail.com never qualifies)
  const totals = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await store.listAccounts({ limit: 5000, ...(after === undefined ? {} : { afterAccountId: after }) });
    for (const account of page) {
      const domain = account.record.email_domain?.toLowerCase();
      if (domain !== undefined && wanted.has(domain)) totals.set(domain, (totals.get(domain) ?? 0) + 1);
    }
    if (page.length < 5000) break;
    after = page[page.length - 1]!.record.account_id;
  }
  return candidates.map((c) => [...c].filter(([domain, n]) => n / Math.max(n, totals.get(domain) ?? 0) >= EMAIL_MIN_SHARE).map(([d]) => d).sort());
}

/** Builds the bundle of the stored campaigns. */
export async function buildExportBundle(store: Store, options: ExportOptions): Promise<{ bundle: StixBundle; report: ExportReport }> {
  const notes: string[] = [];
  const producer = options.producer;
  const marking = TLP_MARKINGS[options.tlp];
  let stored: StoredCampaign[];
  if (options.campaignIds !== undefined) {
    stored = [];
    for (const id of options.campaignIds) {
      const campaign = await store.getCampaign(id);
      if (campaign === undefined) notes.push(`campaign ${id} does not exist`);
      else stored.push(campaign);
    }
  } else {
    stored = (await store.listCampaigns()).filter((c) => c.status === 'active' || c.status === 'blocked');
  }
  const eligible = stored.filter((c) => c.record.score >= options.minCampaignScore);
  if (eligible.length < stored.length) notes.push(`${stored.length - eligible.length} campaigns scored below ${options.minCampaignScore} and were left out`);
  eligible.sort((a, b) => (a.record.campaign_id < b.record.campaign_id ? -1 : 1));

  const inputs: Array<{ members: Map<string, string | undefined>; payments: string[] }> = [];
  for (const campaign of eligible) {
    const members = new Map<string, string | undefined>();
    const payments: string[] = [];
    for (const accountId of campaign.record.accounts) {
      const account = await store.getAccount(accountId);
      members.set(accountId, account?.record.email_domain?.toLowerCase());
      if (account?.record.payment_fp) payments.push(account.record.payment_fp);
    }
    inputs.push({ members, payments });
  }
  const domains = options.key === null ? inputs.map(() => []) : await emailDomainsOf(store, inputs);
  if (options.key === null) notes.push('no sharing key: prompt-template, payment and e-mail fingerprints were left out (set the variable named by intel.sharingKeyEnv, DISTILLGUARD_INTEL_KEY by default)');

  const drafts = new Map<string, IndicatorDraft>();
  const campaignParts: StixObject[] = [];
  const indicators: Record<string, number> = {};
  eligible.forEach((campaign, i) => {
    const input: CampaignInput = { record: campaign.record, updatedAt: campaign.updatedAt, paymentFingerprints: inputs[i]!.payments, emailDomains: domains[i]! };
    const { objects } = campaignObjects(input, { producer, key: options.key, validDays: options.validDays, markingRef: marking.id }, drafts);
    campaignParts.push(...objects);
  });
  const indicatorParts: StixObject[] = [];
  for (const draft of [...drafts.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    indicators[draft.kind] = (indicators[draft.kind] ?? 0) + 1;
    indicatorParts.push(...indicatorObjects(draft, producer, marking.id));
  }
  const producerCreated = '2026-01-01T00:00:00.000Z';
  const identity: StixObject = {
    type: 'identity', spec_version: '2.1', id: producer.id, created: producerCreated, modified: producerCreated, name: producer.name,
    identity_class: producer.identityClass, roles: ['model provider'], ...(producer.contact ? { contact_information: producer.contact } : {}),
  };
  const seen = new Set<string>();
  const objects = [identity, marking, PROJECT_IDENTITY, DISTILLGUARD_EXTENSION, ...campaignParts, ...indicatorParts].filter((o) => {
    // an address prefix shared by two campaigns is one observable
    if (seen.has(o.id)) return false;
    seen.add(o.id);
    return true;
  });
  const digest = createHash('sha256');
  for (const object of objects) digest.update(`${object.id}@${object.modified ?? object.created ?? ''}\n`);
  const bundle: StixBundle = { type: 'bundle', id: `bundle--${uuidV5(DISTILLGUARD_NAMESPACE, `${producer.id}/${digest.digest('hex')}`)}`, objects };
  return { bundle, report: { campaigns: eligible.length, objects: objects.length, indicators, notes } };
}

/**
 * Imported indicators as the detection engine's `IntelMatcher`: built once from the stored
 * indicators, then only map and set lookups on the hot path. `matchExchange` runs on every
 * exchange, so nothing there hashes with HMAC or scans a list: address prefixes are looked up per
 * prefix length present, client stacks per field combination present, template digests per
 * shingle (a keyed 64-bit mix, see fingerprints.ts). `matchAccount` runs once per account: its
 * keyed payment and e-mail fingerprints are HMACs, computed only when partners shared that kind,
 * and remembered per value.
 */
import type { AccountRecord, ExchangeRecord } from '../../records/types.js';
import type { IntelMatch, IntelMatchKind, IntelMatcher } from '../../detect/types.js';
import type { StoredIntelIndicator } from '../../store/types.js';
import type { SharingKey, TemplateDigester } from '../fingerprints.js';
import { ipv6Groups, ipv6PrefixText, parseIpv4Cidr, type MatchSpec } from '../stix/patterns.js';

/** What one indicator contributes to a match. */
interface IndicatorRef {
  indicatorId: string;
  source: string;
  report: string;
  confidence: number;
}

interface TemplateEntry {
  ref: IndicatorRef;
  minMatches: number;
  digests: number;
}

/**
 * Template digests in an open-addressing hash table of typed arrays: a few hundred thousand
 * digests cost the garbage collector nothing to trace, where as many small objects would slow
 * every major collection of the engine's heap.
 */
class DigestTable {
  readonly high: Uint32Array;
  readonly low: Uint32Array;
  /** Template index of each slot, -1 when empty. */
  readonly template: Int32Array;
  readonly mask: number;

  constructor(entries: ReadonlyArray<readonly [high: number, low: number, template: number]>) {
    let capacity = 16;
    while (capacity < entries.length * 2) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.template = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (const [high, low, template] of entries) {
      let slot = this.slotOf(high);
      while (this.template[slot] !== -1) slot = (slot + 1) & this.mask;
      this.high[slot] = high;
      this.low[slot] = low;
      this.template[slot] = template;
    }
  }

  /** The first slot to probe for a digest whose high half is `high` (linear probing from there). */
  slotOf(high: number): number {
    return Math.imul(high, 0x9e3779b1) >>> 0 & this.mask;
  }
}

const NO_MATCHES: IntelMatch[] = [];
/** Most HMACs remembered per kind before the memo is cleared. */
const MEMO_LIMIT = 100_000;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** IPv4 text to a 32-bit number, or -1 (no allocation). */
function ipv4Number(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) return -1;
      value = (value * 256) + part;
      part = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (c < 48 || c > 57 || digits >= 3) return -1;
    part = part * 10 + (c - 48);
    digits++;
  }
  if (dots !== 3 || digits === 0 || part > 255) return -1;
  return value * 256 + part;
}

const STACK_ASN = 1;
const STACK_UA = 2;
const STACK_TLS = 4;

/** Client stacks by AS number (-1: any), user agent ('': any), TLS fingerprint ('': any). */
type StackTable = Map<number, Map<string, Map<string, IndicatorRef[]>>>;

/** The index of imported indicators; immutable once built (a refresh builds a new one). */
export class IntelIndex implements IntelMatcher {
  readonly size: number;
  private readonly v4 = new Map<number, Map<number, IndicatorRef[]>>();
  private readonly v4Lengths: number[] = [];
  private readonly v6 = new Map<number, Map<string, IndicatorRef[]>>();
  private readonly v6Lengths: number[] = [];
  private readonly stacks: StackTable = new Map();
  private readonly stackMasks: number[] = [];
  private readonly payments = new Map<string, IndicatorRef[]>();
  private readonly emails = new Map<string, IndicatorRef[]>();
  private readonly digests: DigestTable;
  private readonly templates: TemplateEntry[] = [];
  private readonly digestEntries: Array<readonly [number, number, number]> = [];
  /** Per template: the exchange (generation) its hits count belongs to, and the hits. */
  private templateSeen = new Int32Array(0);
  private templateHits = new Int32Array(0);
  private readonly digester: TemplateDigester | null;
  private readonly paymentMemo = new Map<string, string>();
  private readonly emailMemo = new Map<string, string>();
  private generation = 0;

  constructor(indicators: readonly StoredIntelIndicator[], private readonly key: SharingKey | null) {
    this.digester = key === null ? null : key.templateDigester();
    const masks = new Set<number>();
    for (const indicator of indicators) {
      const ref: IndicatorRef = {
        indicatorId: indicator.indicatorId, source: indicator.source, confidence: indicator.confidence,
        report: typeof indicator.data.report === 'string' ? indicator.data.report : `${indicator.source} report`,
      };
      const specs = Array.isArray(indicator.data.specs) ? (indicator.data.specs as MatchSpec[]) : [];
      for (const spec of specs) this.add(spec, ref, indicator, masks);
    }
    this.digests = new DigestTable(this.digestEntries);
    this.digestEntries.length = 0;
    this.templateSeen = new Int32Array(this.templates.length).fill(-1);
    this.templateHits = new Int32Array(this.templates.length);
    this.v4Lengths.push(...[...this.v4.keys()].sort((a, b) => b - a));
    this.v6Lengths.push(...[...this.v6.keys()].sort((a, b) => b - a));
    this.stackMasks.push(...masks);
    this.size = indicators.length;
  }

  private add(spec: MatchSpec, ref: IndicatorRef, indicator: StoredIntelIndicator, masks: Set<number>): void {
    switch (spec.kind) {
      case 'ip_prefix': {
        if (spec.family === 4) {
          const cidr = parseIpv4Cidr(`${spec.network}/${spec.bits}`);
          if (cidr === null) return;
          let byNetwork = this.v4.get(cidr.bits);
          if (byNetwork === undefined) this.v4.set(cidr.bits, (byNetwork = new Map()));
          push(byNetwork, Math.floor(ipv4Number(cidr.network) / 2 ** (32 - cidr.bits)), ref);
        } else {
          let byNetwork = this.v6.get(spec.bits);
          if (byNetwork === undefined) this.v6.set(spec.bits, (byNetwork = new Map()));
          push(byNetwork, spec.network, ref);
        }
        return;
      }
      case 'client_stack': {
        const mask = (spec.asn !== undefined ? STACK_ASN : 0) | (spec.userAgent !== undefined ? STACK_UA : 0) | (spec.tlsFingerprint !== undefined ? STACK_TLS : 0);
        if (mask === 0) return;
        masks.add(mask);
        let byUa = this.stacks.get(spec.asn ?? -1);
        if (byUa === undefined) this.stacks.set(spec.asn ?? -1, (byUa = new Map()));
        let byTls = byUa.get(spec.userAgent ?? '');
        if (byTls === undefined) byUa.set(spec.userAgent ?? '', (byTls = new Map()));
        push(byTls, spec.tlsFingerprint ?? '', ref);
        return;
      }
      case 'payment_fp': push(this.payments, spec.hmac, ref); return;
      case 'email_domain': push(this.emails, spec.hmac, ref); return;
      case 'template': {
        const minMatches = typeof indicator.data.minMatches === 'number' ? indicator.data.minMatches : Math.min(3, spec.digests.length);
        const template = this.templates.length;
        this.templates.push({ ref, minMatches: Math.max(1, Math.min(minMatches, spec.digests.length)), digests: spec.digests.length });
        for (const digest of spec.digests) this.digestEntries.push([Number.parseInt(digest.slice(0, 8), 16), Number.parseInt(digest.slice(8, 16), 16), template]);
        return;
      }
      default:
    }
  }

  matchAccount(record: AccountRecord): IntelMatch[] {
    let out: IntelMatch[] | null = null;
    const add = (refs: IndicatorRef[] | undefined, kind: IntelMatchKind, detail: string): void => {
      if (refs === undefined) return;
      out ??= [];
      for (const ref of refs) out.push({ indicatorId: ref.indicatorId, source: ref.source, report: ref.report, confidence: ref.confidence, kind, detail });
    };
    if (this.key !== null && this.payments.size > 0 && record.payment_fp) {
      add(this.payments.get(this.memo(this.paymentMemo, 'payment_fp', record.payment_fp)), 'payment_fp', 'the account\'s payment instrument (keyed fingerprint)');
    }
    if (this.key !== null && this.emails.size > 0 && record.email_domain) {
      add(this.emails.get(this.memo(this.emailMemo, 'email_domain', record.email_domain)), 'email_domain', 'the account\'s e-mail domain (keyed fingerprint)');
    }
    if (record.signup_ip) this.matchAddress(record.signup_ip, (refs, prefix) => add(refs, 'signup_prefix', `signed up from address range ${prefix}`));
    return out ?? NO_MATCHES;
  }

  matchExchange(record: Pick<ExchangeRecord, 'client'>, frameShingles: Uint32Array): IntelMatch[] {
    let out: IntelMatch[] | null = null;
    const add = (ref: IndicatorRef, kind: IntelMatchKind, detail: string): void => {
      out ??= [];
      out.push({ indicatorId: ref.indicatorId, source: ref.source, report: ref.report, confidence: ref.confidence, kind, detail });
    };
    const client = record.client;
    this.matchAddress(client.ip, (refs, prefix) => { for (const ref of refs) add(ref, 'ip_prefix', `request from address range ${prefix}`); });
    if (this.stackMasks.length > 0) {
      for (const mask of this.stackMasks) {
        if ((mask & STACK_ASN && client.asn === undefined) || (mask & STACK_UA && !client.user_agent) || (mask & STACK_TLS && !client.tls_fp)) continue;
        const refs = this.stacks.get(mask & STACK_ASN ? client.asn! : -1)?.get(mask & STACK_UA ? client.user_agent! : '')?.get(mask & STACK_TLS ? client.tls_fp! : '');
        if (refs !== undefined) for (const ref of refs) add(ref, 'client_stack', `client stack${mask & STACK_ASN ? ` AS${client.asn}` : ''}${mask & STACK_UA ? ` "${client.user_agent}"` : ''}${mask & STACK_TLS ? ` TLS ${client.tls_fp}` : ''}`);
      }
    }
    if (this.digester !== null && this.templates.length > 0 && frameShingles.length > 0) {
      const digester = this.digester;
      const generation = ++this.generation;
      const table = this.digests;
      for (let i = 0; i < frameShingles.length; i++) {
        const shingle = frameShingles[i]!;
        const high = digester.high(shingle);
        let low = -1;
        // linear probing; the low half is computed only when a slot's high half matches
        for (let slot = table.slotOf(high); table.template[slot] !== -1; slot = (slot + 1) & table.mask) {
          if (table.high[slot] !== high) continue;
          if (low === -1) low = digester.low(shingle);
          if (table.low[slot] !== low) continue;
          const template = table.template[slot]!;
          if (this.templateSeen[template] !== generation) {
            this.templateSeen[template] = generation;
            this.templateHits[template] = 0;
          }
          const entry = this.templates[template]!;
          if (++this.templateHits[template]! === entry.minMatches) add(entry.ref, 'template', `the prompt carries ${entry.minMatches} of the ${entry.digests} frame digests of a partner's prompt-template fingerprint`);
        }
      }
    }
    return out ?? NO_MATCHES;
  }

  private matchAddress(ip: string, found: (refs: IndicatorRef[], prefix: string) => void): void {
    if (this.v4Lengths.length > 0) {
      const value = ipv4Number(ip);
      if (value >= 0) {
        for (const bits of this.v4Lengths) {
          // keyed by the prefix bits alone: a small integer for prefixes up to /30
          const prefixBits = Math.floor(value / 2 ** (32 - bits));
          const refs = this.v4.get(bits)!.get(prefixBits);
          const network = prefixBits * 2 ** (32 - bits);
          if (refs !== undefined) found(refs, `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${bits}`);
        }
        return;
      }
    }
    if (this.v6Lengths.length > 0 && ip.includes(':')) {
      const groups = ipv6Groups(ip);
      if (groups === null) return;
      for (const bits of this.v6Lengths) {
        const prefix = ipv6PrefixText(groups, bits);
        const refs = this.v6.get(bits)!.get(prefix);
        if (refs !== undefined) found(refs, prefix);
      }
    }
  }

  private memo(memo: Map<string, string>, kind: 'payment_fp' | 'email_domain', value: string): string {
    let hmac = memo.get(value);
    if (hmac === undefined) {
      if (memo.size >= MEMO_LIMIT) memo.clear();
      hmac = this.key!.fingerprint(kind, value);
      memo.set(value, hmac);
    }
    return hmac;
  }
}

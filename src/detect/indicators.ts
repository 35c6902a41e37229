/**
 * Shared-infrastructure indicators: the keys by which accounts can be linked (address prefix, ASN
 * with client stack, device, payment instrument, sign-up address, sign-up window, organisation).
 *
 * The index counts, per key, the distinct accounts seen with it and how many of them are flagged.
 * A key *links* accounts only when it is mostly used by flagged accounts: a campus NAT or a
 * carrier-grade NAT address is shared by hundreds of ordinary customers, so its flagged share stays
 * low and it links nobody however many accounts it has.
 */

import type { AccountRecord, ExchangeRecord } from '../records/types.js';

/** Indicator types, in the form `<type>:<value>` keys use. */
export type IndicatorType =
  | 'ip_prefix' | 'ua_tls' | 'device' | 'payment_fp' | 'signup_ip' | 'signup_window' | 'org' | 'template' | 'timing' | 'intel';

/** How much a shared key of each type says, as log-odds added to a new account that shares it. */
export const LINK_WEIGHT: Record<IndicatorType, number> = {
  payment_fp: 4,
  device: 4,
  signup_ip: 3,
  org: 3,
  signup_window: 2,
  ip_prefix: 1.5,
  ua_tls: 0.8,
  template: 0,
  timing: 2,
  intel: 4,
};

/**
 * Link types that say when an account signed up, not what it shares with flagged accounts: they add
 * their weight, but cannot be all a flag rests on (`hasOwnEvidence`, evidence.ts). An ordinary
 * customer who signed up in the same two hours as a campaign's batch shares its window.
 */
export const CIRCUMSTANTIAL_LINK_TYPES: ReadonlySet<IndicatorType> = new Set(['signup_window']);

/** Counts kept per key. */
export interface KeyStats {
  accounts: number;
  flagged: number;
}

/** Most keys one account contributes (a rotating-proxy account would otherwise grow without bound). */
export const MAX_KEYS_PER_ACCOUNT = 48;

/** The address prefix of an IP: /24 for IPv4, /48 for IPv6. */
export function ipPrefix(ip: string): string {
  const colon = ip.indexOf(':');
  if (colon === -1) {
    const last = ip.lastIndexOf('.');
    return last === -1 ? ip : `${ip.slice(0, last)}.0/24`;
  }
  const groups = ip.split(':');
  return `${groups.slice(0, 3).join(':')}::/48`;
}

/** Length of a sign-up window: accounts created in the same window form a cohort. */
export const SIGNUP_WINDOW_MS = 2 * 3600_000;

/** Keys an account record carries (sign-up facts). */
export function accountKeys(record: AccountRecord): string[] {
  const keys: string[] = [];
  if (record.payment_fp) keys.push(`payment_fp:${record.payment_fp}`);
  if (record.signup_ip) keys.push(`signup_ip:${ipPrefix(record.signup_ip)}`);
  if (record.org_id) keys.push(`org:${record.org_id}`);
  const created = Date.parse(record.created_at);
  if (!Number.isNaN(created)) keys.push(`signup_window:${new Date(Math.floor(created / SIGNUP_WINDOW_MS) * SIGNUP_WINDOW_MS).toISOString()}`);
  return keys;
}

/** The indicator key of an address's range (its /24, or /48 for IPv6): what exchanges carry, and what shared egresses are counted by. */
export function ipPrefixKey(ip: string): string {
  return `ip_prefix:${ipPrefix(ip)}`;
}

/** Keys an exchange carries (client infrastructure). */
export function exchangeKeys(record: Pick<ExchangeRecord, 'client'>, out: string[] = []): string[] {
  out.length = 0;
  const client = record.client;
  out.push(ipPrefixKey(client.ip));
  if (client.user_agent !== undefined || client.tls_fp !== undefined) {
    out.push(`ua_tls:${client.asn ?? '?'}|${client.user_agent ?? ''}|${client.tls_fp ?? ''}`);
  }
  if (client.device_id) out.push(`device:${client.device_id}`);
  return out;
}

/** The type part of a key. */
export function keyType(key: string): IndicatorType {
  return key.slice(0, key.indexOf(':')) as IndicatorType;
}

/**
 * Distinct-account counts per key, with flagged counts.
 *
 * Memory layout: at report scale the index holds hundreds of thousands of keys (each rotating-proxy
 * account brings up to MAX_KEYS_PER_ACCOUNT), so a key costs one Map entry to a small-integer slot,
 * its string in `keys` and two int32 counters, instead of a Map entry to an object of its own.
 */
export class IndicatorIndex {
  /** Key → its slot in `keys` and `counts`. */
  private readonly slots = new Map<string, number>();
  /** The key of each slot: the string the index holds, handed out by `intern`. */
  private readonly keys: string[] = [];
  /** Per slot, two cells: distinct accounts, then how many of them are flagged. */
  private counts = new Int32Array(4096);

  /**
   * The index's own string equal to `key` when it holds the key, else `key`: callers that keep keys
   * (each account's key set) share one string per key instead of a copy per account.
   */
  intern(key: string): string {
    const slot = this.slots.get(key);
    return slot === undefined ? key : this.keys[slot]!;
  }

  /** Records that an account (flagged or not) uses `key` for the first time. */
  addUse(key: string, flagged: boolean): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.keys.length;
      if (2 * slot + 2 > this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
      this.keys.push(key);
      this.slots.set(key, slot);
    }
    this.counts[2 * slot]!++;
    if (flagged) this.counts[2 * slot + 1]!++;
  }

  /** Records that an account that already used `key` has just been flagged. */
  markFlagged(key: string): void {
    const slot = this.slots.get(key);
    if (slot !== undefined) this.counts[2 * slot + 1]!++;
  }

  /** The counts of `key` (a new object), or undefined when no account has used it. */
  get(key: string): KeyStats | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : { accounts: this.counts[2 * slot]!, flagged: this.counts[2 * slot + 1]! };
  }

  /** Accounts that use `key` and are not flagged (0 when no account has used it); allocates nothing. */
  unflaggedAccounts(key: string): number {
    const slot = this.slots.get(key);
    return slot === undefined ? 0 : this.counts[2 * slot]! - this.counts[2 * slot + 1]!;
  }

  /** True when the key is mostly used by flagged accounts, and by enough of them to mean something. */
  isCampaignKey(key: string, minFlagged: number, minShare: number): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    const flagged = this.counts[2 * slot + 1]!;
    return flagged >= minFlagged && flagged / this.counts[2 * slot]! >= minShare;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Keys held by type, and their characters in all (diagnostics). */
  sizesByType(): { byType: Record<string, number>; chars: number } {
    const byType: Record<string, number> = {};
    let chars = 0;
    for (const key of this.keys) {
      const type = keyType(key);
      byType[type] = (byType[type] ?? 0) + 1;
      chars += key.length;
    }
    return { byType, chars };
  }
}

/** A key in words for a reason. */
export function describeKey(key: string): string {
  const colon = key.indexOf(':');
  const type = key.slice(0, colon);
  const value = key.slice(colon + 1);
  switch (type) {
    case 'payment_fp': return `payment instrument ${value}`;
    case 'device': return `device ${value}`;
    case 'signup_ip': return `sign-up address range ${value}`;
    case 'signup_window': return `sign-up window starting ${value}`;
    case 'ip_prefix': return `address range ${value}`;
    case 'org': return `organisation ${value}`;
    case 'ua_tls': {
      const [asn, ua, tls] = value.split('|');
      return `client stack AS${asn} "${ua}" TLS ${tls}`;
    }
    default: return key;
  }
}

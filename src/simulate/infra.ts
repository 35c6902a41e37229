/**
 * A synthetic but realistic network table: countries (with time zones), autonomous systems of five
 * kinds (residential ISPs, mobile carriers, cloud providers, universities, hosting/VPN), and IPv4
 * prefixes per AS. Everything is derived from a fixed seed, so the table is the same for every
 * scenario and every run.
 *
 * ASNs come from the private-use range (64512–65534) and prefixes are drawn from ordinary unicast
 * space avoiding every reserved block, so the records look real without naming real networks. Because
 * `client.asn` and `client.country` are read off the prefix an address was drawn from, they are always
 * consistent with `client.ip`.
 */
import { hash32 } from './hashing.js';

/** A country the simulation places people and servers in. */
export interface Country {
  code: string;
  /** Share of internet users (relative weight). */
  weight: number;
  /** UTC offset of its main population centre, hours. */
  tz: number;
}

/** Weights are rough shares of API users; offsets are the main population centre's standard time. */
export const COUNTRIES: readonly Country[] = [
  { code: 'US', weight: 22, tz: -6 }, { code: 'IN', weight: 9, tz: 5.5 }, { code: 'GB', weight: 5, tz: 0 },
  { code: 'DE', weight: 5, tz: 1 }, { code: 'BR', weight: 4, tz: -3 }, { code: 'FR', weight: 4, tz: 1 },
  { code: 'JP', weight: 4, tz: 9 }, { code: 'CA', weight: 3, tz: -5 }, { code: 'KR', weight: 3, tz: 9 },
  { code: 'SG', weight: 2, tz: 8 }, { code: 'AU', weight: 2, tz: 10 }, { code: 'NL', weight: 2, tz: 1 },
  { code: 'ES', weight: 2, tz: 1 }, { code: 'IT', weight: 2, tz: 1 }, { code: 'PL', weight: 1.5, tz: 1 },
  { code: 'MX', weight: 1.5, tz: -6 }, { code: 'ID', weight: 1.5, tz: 7 }, { code: 'VN', weight: 1.5, tz: 7 },
  { code: 'TR', weight: 1.2, tz: 3 }, { code: 'UA', weight: 1, tz: 2 }, { code: 'SE', weight: 1, tz: 1 },
  { code: 'HK', weight: 1, tz: 8 }, { code: 'TW', weight: 1, tz: 8 }, { code: 'PH', weight: 1, tz: 8 },
  { code: 'AR', weight: 1, tz: -3 }, { code: 'ZA', weight: 0.8, tz: 2 }, { code: 'NG', weight: 0.8, tz: 1 },
  { code: 'EG', weight: 0.6, tz: 2 }, { code: 'PK', weight: 0.8, tz: 5 }, { code: 'TH', weight: 0.8, tz: 7 },
  { code: 'MY', weight: 0.7, tz: 8 }, { code: 'IL', weight: 0.7, tz: 2 }, { code: 'AE', weight: 0.6, tz: 4 },
  { code: 'CH', weight: 0.8, tz: 1 }, { code: 'IE', weight: 0.6, tz: 0 }, { code: 'CL', weight: 0.5, tz: -4 },
  { code: 'CO', weight: 0.6, tz: -5 }, { code: 'RO', weight: 0.5, tz: 2 }, { code: 'CZ', weight: 0.5, tz: 1 },
  { code: 'PT', weight: 0.5, tz: 0 }, { code: 'FI', weight: 0.4, tz: 2 }, { code: 'NZ', weight: 0.3, tz: 12 },
];

/** Kinds of autonomous systems. */
export type AsnKind = 'residential' | 'mobile' | 'cloud' | 'university' | 'hosting';

/** One IPv4 prefix: `size` addresses from `base` (a 32-bit integer), announced by `asn` in `country`. */
export interface Prefix {
  base: number;
  size: number;
  asn: number;
  country: string;
}

/** An autonomous system and its prefixes. */
export interface Asn {
  asn: number;
  kind: AsnKind;
  /** Home country (cloud providers announce prefixes in several). */
  country: string;
  prefixes: Prefix[];
  /** Short synthetic name (docs and tests only; never written into records). */
  name: string;
}

/** An address as the records show it. */
export interface Address {
  ip: string;
  asn: number;
  country: string;
}

const TABLE_SEED = 0x5eed_1a7;

// First octets that are ordinary unicast space: no 0/8, 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16,
// 172.16/12, 192.0.0/24, 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/3.
const FIRST_OCTETS: readonly number[] = (() => {
  const out: number[] = [];
  for (let o = 1; o <= 223; o++) {
    if (o === 10 || o === 100 || o === 127 || o === 169 || o === 172 || o === 192 || o === 198 || o === 203) continue;
    out.push(o);
  }
  return out;
})();

/** Hands out distinct /20-aligned blocks (4096 addresses) in a scattered but fixed order. */
class BlockAllocator {
  private used = new Set<number>();
  private counter = 0;

  /** A block of `size` addresses (a power of two up to 4096), aligned, never handed out before. */
  take(size: number): number {
    for (;;) {
      const h = hash32(TABLE_SEED, this.counter++);
      const first = FIRST_OCTETS[h % FIRST_OCTETS.length]!;
      const block = (h >>> 8) & 0xfff; // which /20 inside the /8
      const key = first * 4096 + block;
      if (this.used.has(key)) continue;
      this.used.add(key);
      const base = ((first << 24) >>> 0) + block * 4096;
      return base + (size >= 4096 ? 0 : ((h >>> 20) % (4096 / size)) * size);
    }
  }
}

const CLOUD_PROVIDERS = ['hyperscale-a', 'hyperscale-b', 'hyperscale-c', 'cloud-d', 'cloud-e', 'vps-f', 'vps-g', 'cloud-h'];
const CLOUD_REGIONS = ['US', 'US', 'IE', 'DE', 'GB', 'SG', 'JP', 'IN', 'BR', 'AU', 'CA', 'NL', 'FR', 'KR', 'HK'];

/** The network table; build it once with `networkTable()`. */
export class NetworkTable {
  readonly asns: Asn[] = [];
  private readonly byKind = new Map<AsnKind, Asn[]>();
  private readonly byKindCountry = new Map<string, Asn[]>();

  constructor() {
    const alloc = new BlockAllocator();
    let next = 64512;
    const add = (kind: AsnKind, country: string, name: string, blocks: Array<[string, number]>): void => {
      const asn: Asn = { asn: next++, kind, country, name, prefixes: [] };
      for (const [where, size] of blocks) asn.prefixes.push({ base: alloc.take(size), size, asn: asn.asn, country: where });
      this.asns.push(asn);
    };
    for (const c of COUNTRIES) {
      // big countries have more ISPs; every country has at least two, one carrier and one university
      const isps = Math.max(2, Math.round(c.weight * 2.2));
      for (let i = 0; i < isps; i++) add('residential', c.code, `isp-${c.code}-${i}`, repeat(c.code, 4096, 2 + (hash32(TABLE_SEED, 1, next) % 5)));
      const carriers = c.weight >= 3 ? 3 : c.weight >= 1 ? 2 : 1;
      // carriers expose few public addresses behind carrier-grade NAT: small prefixes, many users each
      for (let i = 0; i < carriers; i++) add('mobile', c.code, `carrier-${c.code}-${i}`, repeat(c.code, 256, 2));
      const universities = Math.max(1, Math.round(c.weight * 0.8));
      for (let i = 0; i < universities; i++) add('university', c.code, `univ-${c.code}-${i}`, [[c.code, 1024]]);
    }
    for (const provider of CLOUD_PROVIDERS) {
      add('cloud', 'US', provider, CLOUD_REGIONS.map((r) => [r, 4096] as [string, number]));
    }
    for (let i = 0; i < 36; i++) {
      const country = CLOUD_REGIONS[hash32(TABLE_SEED, 2, i) % CLOUD_REGIONS.length]!;
      add('hosting', country, `hosting-${i}`, [[country, 1024], [country, 1024]]);
    }
    for (const a of this.asns) {
      const list = this.byKind.get(a.kind) ?? [];
      list.push(a);
      this.byKind.set(a.kind, list);
      const key = `${a.kind}:${a.country}`;
      const local = this.byKindCountry.get(key) ?? [];
      local.push(a);
      this.byKindCountry.set(key, local);
    }
  }

  /** Every AS of a kind. */
  ofKind(kind: AsnKind): readonly Asn[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The ASes of a kind registered in a country (falls back to all of that kind). */
  ofKindIn(kind: AsnKind, country: string): readonly Asn[] {
    return this.byKindCountry.get(`${kind}:${country}`) ?? this.ofKind(kind);
  }

  /**
   * The address number `h` (any 32-bit value) lands on inside an AS, optionally restricted to the
   * prefixes of one country (cloud regions) and to the first `poolSize` addresses of each prefix
   * (NAT pools: a few addresses shared by many users).
   */
  address(asn: Asn, h: number, options: { country?: string; poolSize?: number } = {}): Address {
    let prefixes = asn.prefixes;
    if (options.country) {
      const local = prefixes.filter((p) => p.country === options.country);
      if (local.length > 0) prefixes = local;
    }
    const prefix = prefixes[h % prefixes.length]!;
    const span = Math.min(prefix.size, options.poolSize ?? prefix.size);
    // skip .0 and .255 style addresses: real clients rarely sit on them
    let offset = (Math.floor(h / prefixes.length) % span) | 0;
    if ((offset & 0xff) === 0) offset += 1;
    if ((offset & 0xff) === 0xff) offset -= 1;
    const n = prefix.base + offset;
    return { ip: formatIpv4(n), asn: prefix.asn, country: prefix.country };
  }
}

function repeat(country: string, size: number, n: number): Array<[string, number]> {
  return Array.from({ length: n }, () => [country, size] as [string, number]);
}

/** Dotted-quad form of a 32-bit address. */
export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

let shared: NetworkTable | undefined;

/** The one network table (built on first use, about a millisecond). */
export function networkTable(): NetworkTable {
  shared ??= new NetworkTable();
  return shared;
}

const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));
const COUNTRY_TOTAL = COUNTRIES.reduce((s, c) => s + c.weight, 0);

/** The country with this code (US when unknown). */
export function country(code: string): Country {
  return COUNTRY_BY_CODE.get(code) ?? COUNTRIES[0]!;
}

/** A country drawn by user share from u in [0, 1), or from `only` when given. */
export function drawCountry(u: number, only?: readonly string[]): Country {
  if (only && only.length > 0) return country(only[Math.floor(u * only.length) % only.length]!);
  let x = u * COUNTRY_TOTAL;
  for (const c of COUNTRIES) {
    x -= c.weight;
    if (x < 0) return c;
  }
  return COUNTRIES[COUNTRIES.length - 1]!;
}

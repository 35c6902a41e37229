/**
 * The client and identity catalogues every account draws from: user agents with TLS fingerprints
 * consistent with the UA's TLS stack, and e-mail domains. Attackers and customers draw from the same
 * lists (with different weights), so no single value marks an account as an attacker.
 */
import { hash32 } from './hashing.js';

/** A client software family. Families sharing a TLS stack share fingerprints (Python SDKs all use OpenSSL via `ssl`). */
export type UaFamily =
  | 'openai-python' | 'anthropic-python' | 'openai-node' | 'anthropic-node' | 'curl' | 'python-httpx'
  | 'python-requests' | 'go-http' | 'browser-chrome' | 'browser-firefox' | 'browser-safari'
  | 'mobile-ios' | 'mobile-android';

/** Every family, in catalogue order. */
export const UA_FAMILIES: readonly UaFamily[] = [
  'openai-python', 'anthropic-python', 'openai-node', 'anthropic-node', 'curl', 'python-httpx',
  'python-requests', 'go-http', 'browser-chrome', 'browser-firefox', 'browser-safari', 'mobile-ios', 'mobile-android',
];

type TlsStack = 'openssl-python' | 'node' | 'curl' | 'go' | 'chrome' | 'firefox' | 'safari';

interface FamilySpec {
  stack: TlsStack;
  /** Interactive console (browser or app) rather than the API. */
  console: boolean;
  versions: readonly string[];
  format: (version: string, variant: number) => string;
}

const range = (major: string, from: number, to: number, patch = 3): string[] => {
  const out: string[] = [];
  for (let m = from; m <= to; m++) for (let p = 0; p < patch; p++) out.push(`${major}.${m}.${p}`);
  return out;
};

const OS_DESKTOP = [
  'Windows NT 10.0; Win64; x64',
  'Macintosh; Intel Mac OS X 10_15_7',
  'X11; Linux x86_64',
];

const SPECS: Record<UaFamily, FamilySpec> = {
  'openai-python': { stack: 'openssl-python', console: false, versions: range('1', 40, 99, 2), format: (v) => `OpenAI/Python ${v}` },
  'anthropic-python': { stack: 'openssl-python', console: false, versions: range('0', 34, 60, 2), format: (v) => `Anthropic/Python ${v}` },
  'openai-node': { stack: 'node', console: false, versions: [...range('4', 60, 104, 1), ...range('5', 1, 20, 1)], format: (v) => `OpenAI/JS ${v}` },
  'anthropic-node': { stack: 'node', console: false, versions: range('0', 27, 56, 1), format: (v) => `Anthropic/JS ${v}` },
  curl: { stack: 'curl', console: false, versions: ['7.81.0', '7.88.1', '8.1.2', '8.4.0', '8.5.0', '8.7.1', '8.9.1', '8.11.1'], format: (v) => `curl/${v}` },
  'python-httpx': { stack: 'openssl-python', console: false, versions: ['0.25.2', '0.26.0', '0.27.0', '0.27.2', '0.28.1'], format: (v) => `python-httpx/${v}` },
  'python-requests': { stack: 'openssl-python', console: false, versions: ['2.28.2', '2.31.0', '2.32.2', '2.32.3'], format: (v) => `python-requests/${v}` },
  'go-http': { stack: 'go', console: false, versions: ['1.1', '2.0'], format: (v) => `Go-http-client/${v}` },
  'browser-chrome': {
    stack: 'chrome', console: true, versions: ['128', '129', '130', '131', '132', '133', '134'],
    format: (v, variant) => `Mozilla/5.0 (${OS_DESKTOP[variant % 3]}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
  },
  'browser-firefox': {
    stack: 'firefox', console: true, versions: ['131.0', '132.0', '133.0', '134.0', '135.0'],
    format: (v, variant) => `Mozilla/5.0 (${OS_DESKTOP[variant % 3]}; rv:${v}) Gecko/20100101 Firefox/${v}`,
  },
  'browser-safari': {
    stack: 'safari', console: true, versions: ['17.5', '17.6', '18.0', '18.1', '18.2'],
    format: (v) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`,
  },
  'mobile-ios': {
    stack: 'safari', console: true, versions: ['17_5', '17_6', '18_0', '18_1', '18_2', '18_3'],
    format: (v) => `Mozilla/5.0 (iPhone; CPU iPhone OS ${v} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v.split('_')[0]}.0 Mobile/15E148 Safari/604.1`,
  },
  'mobile-android': {
    stack: 'chrome', console: true, versions: ['129', '130', '131', '132', '133'],
    format: (v, variant) => `Mozilla/5.0 (Linux; Android ${12 + (variant % 3)}; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Mobile Safari/537.36`,
  },
};

// JA4-style fingerprints per TLS stack: a few variants each (library builds, OS), stable strings.
const TLS: Record<TlsStack, readonly string[]> = {
  'openssl-python': ['t13d1812h2_85036bcba153_375ca2c5e164', 't13d1713h2_5b57614c22b0_3d5424432f57', 't13d1812h1_85036bcba153_b0da82dd1658'],
  node: ['t13d1516h2_8daaf6152771_02713d6af862', 't13d1515h2_8daaf6152771_e5627efa2ab1'],
  curl: ['t13d3112h2_e8f1e7e78f70_6bebaf5329ac', 't13d3113h2_e8f1e7e78f70_ce5650b735ce', 't13d1714h2_5b57614c22b0_7121afd63204'],
  go: ['t13d1311h2_f57a46bbacb6_e7c285222651', 't13d1312h2_f57a46bbacb6_ab7e3b40a677'],
  chrome: ['t13d1516h2_8daaf6152771_b1ff8ab2d16f', 't13d1517h2_8daaf6152771_b0da82dd1658'],
  firefox: ['t13d1717h2_5b57614c22b0_3cbfd9057e0d', 't13d1718h2_5b57614c22b0_eeeea6562960'],
  safari: ['t13d2014h2_a09f3c656075_14788d8d241b', 't13d2013h2_a09f3c656075_e42f34c56612'],
};

/** A concrete client: what the records show. */
export interface ClientIdentity {
  family: UaFamily;
  userAgent: string;
  tlsFp: string;
  console: boolean;
}

/**
 * A client of `family`, chosen by the 32-bit value `h`: newer versions are likelier (people update),
 * the TLS fingerprint follows the family's stack.
 */
export function clientIdentity(family: UaFamily, h: number): ClientIdentity {
  const spec = SPECS[family];
  const n = spec.versions.length;
  // skew towards the newest versions: index = n * (1 - u^2)
  const u = (h & 0xffff) / 65536;
  const index = Math.min(n - 1, Math.floor(n * (1 - u * u)));
  const variant = hash32(h, 7);
  const tls = TLS[spec.stack];
  return {
    family,
    userAgent: spec.format(spec.versions[index]!, variant),
    tlsFp: tls[variant % tls.length]!,
    console: spec.console,
  };
}

/** Families of e-mail domain, for tests and docs. */
export type EmailFamily = 'freemail' | 'disposable' | 'corporate' | 'university' | 'personal';

const FREEMAIL: ReadonlyArray<[string, number]> = [
  ['gmail.com', 40], ['outlook.com', 9], ['hotmail.com', 6], ['yahoo.com', 6], ['icloud.com', 5], ['proton.me', 3],
  ['qq.com', 3], ['163.com', 2], ['yandex.ru', 1.5], ['gmx.de', 1.5], ['naver.com', 1.2], ['mail.ru', 1], ['web.de', 1],
  ['yahoo.co.jp', 1], ['protonmail.com', 1], ['live.com', 1], ['foxmail.com', 0.8], ['tutanota.com', 0.4],
];
const DISPOSABLE = ['mailinator.com', 'guerrillamail.com', 'sharklasers.com', 'yopmail.com', 'temp-mail.org', '10minutemail.com', 'dispostable.com', 'maildrop.cc'];
const WORDS_A = ['blue', 'north', 'bright', 'quant', 'deep', 'open', 'stack', 'nova', 'iron', 'swift', 'clear', 'cloud', 'signal', 'vector', 'prime', 'lumen', 'atlas', 'cedar', 'orbit', 'pixel'];
const WORDS_B = ['labs', 'works', 'ai', 'data', 'systems', 'tech', 'soft', 'analytics', 'logic', 'forge', 'bridge', 'ware', 'io', 'hq', 'studio', 'dynamics'];
const CORP_TLDS = ['com', 'com', 'com', 'io', 'ai', 'co', 'net', 'de', 'co.uk', 'dev', 'tech'];
const UNI_TLDS: Record<string, string> = { US: 'edu', GB: 'ac.uk', JP: 'ac.jp', KR: 'ac.kr', IN: 'ac.in', CN: 'edu.cn', AU: 'edu.au', HK: 'edu.hk', SG: 'edu.sg', TW: 'edu.tw', BR: 'edu.br', IL: 'ac.il' };
const PERSONAL_TLDS = ['me', 'dev', 'net', 'org', 'xyz', 'page'];

const FREEMAIL_TOTAL = FREEMAIL.reduce((s, [, w]) => s + w, 0);

/** A freemail domain by market share, from a 32-bit value. */
function freemail(h: number): string {
  let x = (h / 4294967296) * FREEMAIL_TOTAL;
  for (const [d, w] of FREEMAIL) {
    x -= w;
    if (x < 0) return d;
  }
  return 'gmail.com';
}

/** A corporate-looking domain for organisation number `org` (start-ups, enterprises, shell companies alike). */
export function corporateDomain(org: number): string {
  const h = hash32(org, 0xc0);
  return `${WORDS_A[h % WORDS_A.length]}${WORDS_B[(h >>> 8) % WORDS_B.length]}.${CORP_TLDS[(h >>> 16) % CORP_TLDS.length]}`;
}

/** The domain of a university (identified by its ASN, so students of one campus share it). */
export function universityDomain(asn: number, countryCode: string): string {
  const h = hash32(asn, 0xed);
  const tld = UNI_TLDS[countryCode] ?? `edu.${countryCode.toLowerCase()}`;
  return `${WORDS_A[h % WORDS_A.length]}-${['state', 'tech', 'univ', 'college', 'institute'][(h >>> 8) % 5]}.${tld}`;
}

/** An e-mail domain of `family`, from a 32-bit value (org/asn give corporate and university domains). */
export function emailDomain(family: EmailFamily, h: number, context: { org?: number; asn?: number; country?: string } = {}): string {
  switch (family) {
    case 'freemail': return freemail(h);
    case 'disposable': return DISPOSABLE[h % DISPOSABLE.length]!;
    case 'corporate': return corporateDomain(context.org ?? h);
    case 'university': return universityDomain(context.asn ?? h, context.country ?? 'US');
    case 'personal': return `${WORDS_A[h % WORDS_A.length]}${(h >>> 8) % 1000}.${PERSONAL_TLDS[(h >>> 20) % PERSONAL_TLDS.length]}`;
  }
}

/** The family of a domain produced by `emailDomain` (for tests: attackers' families must be benign ones too). */
export function emailFamilyOf(domain: string): EmailFamily {
  if (FREEMAIL.some(([d]) => d === domain)) return 'freemail';
  if (DISPOSABLE.includes(domain)) return 'disposable';
  if (/-(state|tech|univ|college|institute)\.(edu|ac\.|edu\.)/.test(domain)) return 'university';
  if (/\d+\.[a-z]+$/.test(domain) && !domain.includes('-')) return 'personal';
  return 'corporate';
}

/** The family of a user agent produced by `clientIdentity` (for tests and docs). */
export function uaFamilyOf(userAgent: string): UaFamily | undefined {
  if (userAgent.startsWith('OpenAI/Python')) return 'openai-python';
  if (userAgent.startsWith('Anthropic/Python')) return 'anthropic-python';
  if (userAgent.startsWith('OpenAI/JS')) return 'openai-node';
  if (userAgent.startsWith('Anthropic/JS')) return 'anthropic-node';
  if (userAgent.startsWith('curl/')) return 'curl';
  if (userAgent.startsWith('python-httpx/')) return 'python-httpx';
  if (userAgent.startsWith('python-requests/')) return 'python-requests';
  if (userAgent.startsWith('Go-http-client/')) return 'go-http';
  if (userAgent.includes('iPhone')) return 'mobile-ios';
  if (userAgent.includes('Android')) return 'mobile-android';
  if (userAgent.includes('Firefox/')) return 'browser-firefox';
  if (userAgent.includes('Chrome/')) return 'browser-chrome';
  if (userAgent.includes('Safari/')) return 'browser-safari';
  return undefined;
}

/**
 * The indicator patterns distillguard writes, and the ones it can match when a partner sends them.
 *
 * | what                 | pattern                                                                                   |
 * |----------------------|-------------------------------------------------------------------------------------------|
 * | address prefix       | `[ipv4-addr:value ISSUBSET '203.0.113.0/24']`, `[ipv6-addr:value ISSUBSET '2001:db8:1::/48']` |
 * | client stack         | `[autonomous-system:number = 64500 AND network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'python-httpx/0.27' AND x-distillguard-tls:fingerprint = 't13d…']` (any non-empty subset) |
 * | payment instrument   | `[x-distillguard-signup:payment_fp_hmac = '<64 hex>']`                                   |
 * | e-mail domain        | `[x-distillguard-signup:email_domain_hmac = '<64 hex>']`                                 |
 * | prompt template      | `[x-distillguard-prompt-frame:digests[*] IN ('<16 hex>', …)]`, with `min_matches` in the indicator's distillguard extension |
 *
 * An OR of patterns of one kind (within one observation or across observations) matches any of
 * them. Anything else that is valid STIX (qualifiers, FOLLOWEDBY, other object types) is accepted
 * in a bundle but is not matched: the import summary counts it.
 */
import { parsePattern, quoteLiteral, type ComparisonExpression, type ObservationExpression, type PatternLimits } from './pattern.js';

export const USER_AGENT_PATH = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'";
export const TLS_TYPE = 'x-distillguard-tls';
export const SIGNUP_TYPE = 'x-distillguard-signup';
export const FRAME_TYPE = 'x-distillguard-prompt-frame';

/** One thing an indicator matches. */
export type MatchSpec =
  | { kind: 'ip_prefix'; family: 4 | 6; network: string; bits: number }
  | { kind: 'client_stack'; asn?: number; userAgent?: string; tlsFingerprint?: string }
  | { kind: 'payment_fp'; hmac: string }
  | { kind: 'email_domain'; hmac: string }
  | { kind: 'template'; digests: string[] };

export type MatchKind = MatchSpec['kind'];

// ---- writing

/** The pattern of an address prefix (`a.b.c.0/24`, `x:y:z::/48`). */
export function prefixPattern(prefix: string): string {
  return `[${prefix.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value ISSUBSET ${quoteLiteral(prefix)}]`;
}

/** The pattern of a client stack: AS number, user agent and TLS fingerprint (the ones known). */
export function clientStackPattern(stack: { asn?: number; userAgent?: string; tlsFingerprint?: string }): string {
  const terms: string[] = [];
  if (stack.asn !== undefined) terms.push(`autonomous-system:number = ${stack.asn}`);
  if (stack.userAgent) terms.push(`${USER_AGENT_PATH} = ${quoteLiteral(stack.userAgent)}`);
  if (stack.tlsFingerprint) terms.push(`${TLS_TYPE}:fingerprint = ${quoteLiteral(stack.tlsFingerprint)}`);
  if (terms.length === 0) throw new Error('a client stack pattern needs at least one part');
  return `[${terms.join(' AND ')}]`;
}

export function paymentPattern(hmac: string): string {
  return `[${SIGNUP_TYPE}:payment_fp_hmac = ${quoteLiteral(hmac)}]`;
}

export function emailDomainPattern(hmac: string): string {
  return `[${SIGNUP_TYPE}:email_domain_hmac = ${quoteLiteral(hmac)}]`;
}

export function templatePattern(digests: readonly string[]): string {
  return `[${FRAME_TYPE}:digests[*] IN (${digests.map(quoteLiteral).join(', ')})]`;
}

// ---- reading

/** What distillguard makes of a parsed pattern: what it matches, or why it cannot match it. */
export type Interpretation = { ok: true; specs: MatchSpec[] } | { ok: false; reason: string };

const pathText = (path: { objectType: string; steps: Array<{ key: string } | { index: number | '*' }> }): string =>
  `${path.objectType}:${path.steps.map((s, i) => ('key' in s ? `${i === 0 ? '' : '.'}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.key) ? s.key : quoteLiteral(s.key)}` : `[${s.index}]`)).join('')}`;

/** Parses an IPv4 CIDR (or address) into a normalised network and prefix length. */
export function parseIpv4Cidr(text: string): { network: string; bits: number } | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const octets = match.slice(1, 5).map(Number);
  const bits = match[5] === undefined ? 32 : Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return null;
  const value = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const masked = bits === 0 ? 0 : (value & (~0 << (32 - bits))) >>> 0;
  return { network: ipv4ToText(masked), bits };
}

export function ipv4ToText(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Expands an IPv6 address to 8 numeric groups, or null. */
export function ipv6Groups(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.length > 45) return null;
  let address = text;
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const o = v4.slice(1, 5).map(Number);
    if (o.some((x) => x > 255)) return null;
    address = `${address.slice(0, v4.index)}${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Normalised text of the first `bits` bits of an IPv6 address (bits a multiple of 16). */
export function ipv6PrefixText(groups: readonly number[], bits: number): string {
  return `${groups.slice(0, bits / 16).map((g) => g.toString(16)).join(':')}::/${bits}`;
}

/** Parses an IPv6 CIDR; only prefix lengths that are multiples of 16 are matchable. */
export function parseIpv6Cidr(text: string): { network: string; bits: number } | { error: string } | null {
  const slash = text.indexOf('/');
  const groups = ipv6Groups(slash === -1 ? text : text.slice(0, slash));
  const bits = slash === -1 ? 128 : Number(text.slice(slash + 1));
  if (!groups || !Number.isInteger(bits) || bits < 0 || bits > 128) return null;
  if (bits % 16 !== 0 || bits === 0) return { error: `IPv6 prefix /${bits} is not matchable (distillguard matches /16, /32, … /128)` };
  return { network: ipv6PrefixText(groups, bits), bits };
}

function comparisonTerms(expression: ComparisonExpression, joiner: 'and' | 'or', out: ComparisonExpression[]): void {
  if (expression.kind === joiner) {
    comparisonTerms(expression.left, joiner, out);
    comparisonTerms(expression.right, joiner, out);
  } else {
    out.push(expression);
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX16 = /^[0-9a-f]{16}$/;

/** One comparison group joined by AND: what it matches. */
function interpretConjunction(expression: ComparisonExpression): MatchSpec | string {
  const terms: ComparisonExpression[] = [];
  comparisonTerms(expression, 'and', terms);
  const stack: { asn?: number; userAgent?: string; tlsFingerprint?: string } = {};
  let single: MatchSpec | null = null;
  for (const term of terms) {
    if (term.kind !== 'test' || term.negated) return 'only positive comparisons are matched';
    const path = pathText(term.path);
    const value = term.value;
    if (Array.isArray(value)) {
      if (path !== `${FRAME_TYPE}:digests[*]` || term.operator !== 'IN') return `IN is matched only on ${FRAME_TYPE}:digests[*]`;
      const digests = value.map((v) => (v.type === 'string' ? v.value.toLowerCase() : ''));
      if (digests.length === 0 || digests.some((d) => !HEX16.test(d))) return 'template digests are 16 hex digits each';
      single = { kind: 'template', digests: [...new Set(digests)] };
      continue;
    }
    if (path === 'ipv4-addr:value' || path === 'ipv6-addr:value') {
      if ((term.operator !== '=' && term.operator !== 'ISSUBSET') || value.type !== 'string') return `${path} is matched with = or ISSUBSET and an address or CIDR string`;
      if (path === 'ipv4-addr:value') {
        const cidr = parseIpv4Cidr(value.value);
        if (!cidr) return `not an IPv4 address or CIDR: ${JSON.stringify(value.value)}`;
        if (cidr.bits < 8) return `IPv4 prefix /${cidr.bits} is too broad to match`;
        single = { kind: 'ip_prefix', family: 4, ...cidr };
      } else {
        const cidr = parseIpv6Cidr(value.value);
        if (!cidr) return `not an IPv6 address or CIDR: ${JSON.stringify(value.value)}`;
        if ('error' in cidr) return cidr.error;
        single = { kind: 'ip_prefix', family: 6, ...cidr };
      }
      continue;
    }
    if (term.operator !== '=') return `${path} is matched with = only`;
    if (path === 'autonomous-system:number' && value.type === 'int' && value.value >= 0 && value.value <= 4294967295) { stack.asn = value.value; continue; }
    if (path === USER_AGENT_PATH && value.type === 'string' && value.value !== '') { stack.userAgent = value.value; continue; }
    if (path === `${TLS_TYPE}:fingerprint` && value.type === 'string' && value.value !== '') { stack.tlsFingerprint = value.value; continue; }
    if (path === `${SIGNUP_TYPE}:payment_fp_hmac` && value.type === 'string' && HEX64.test(value.value)) { single = { kind: 'payment_fp', hmac: value.value }; continue; }
    if (path === `${SIGNUP_TYPE}:email_domain_hmac` && value.type === 'string' && HEX64.test(value.value)) { single = { kind: 'email_domain', hmac: value.value }; continue; }
    return `${path} = ${value.type} is not something distillguard matches`;
  }
  const hasStack = stack.asn !== undefined || stack.userAgent !== undefined || stack.tlsFingerprint !== undefined;
  if (single !== null && (hasStack || terms.length > 1)) return 'an address, payment, e-mail or template comparison must stand alone';
  if (single !== null) return single;
  return { kind: 'client_stack', ...stack };
}

function collectObservations(expression: ObservationExpression, out: ComparisonExpression[]): string | null {
  if (expression.kind === 'or') {
    return collectObservations(expression.left, out) ?? collectObservations(expression.right, out);
  }
  if (expression.kind === 'group') {
    if (expression.qualifiers.length > 0) return 'qualifiers (WITHIN, REPEATS, START/STOP) are not matched';
    return collectObservations(expression.expression, out);
  }
  if (expression.kind === 'observation') {
    if (expression.qualifiers.length > 0) return 'qualifiers (WITHIN, REPEATS, START/STOP) are not matched';
    const alternatives: ComparisonExpression[] = [];
    comparisonTerms(expression.comparison, 'or', alternatives);
    out.push(...alternatives);
    return null;
  }
  return `${expression.kind.toUpperCase()} between observations is not matched`;
}

/** What a parsed pattern matches. */
export function interpretPattern(expression: ObservationExpression): Interpretation {
  const alternatives: ComparisonExpression[] = [];
  const problem = collectObservations(expression, alternatives);
  if (problem !== null) return { ok: false, reason: problem };
  const specs: MatchSpec[] = [];
  for (const alternative of alternatives) {
    const spec = interpretConjunction(alternative);
    if (typeof spec === 'string') return { ok: false, reason: spec };
    specs.push(spec);
  }
  return { ok: true, specs };
}

/** Parses and interprets in one step (throws PatternSyntaxError on invalid syntax). */
export function readPattern(text: string, limits?: PatternLimits): Interpretation {
  return interpretPattern(parsePattern(text, limits));
}

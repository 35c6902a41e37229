/**
 * Deterministic STIX identifiers and timestamps.
 *
 * Every object distillguard exports gets a UUIDv5 id computed from what it is about (the producer,
 * the object type and a natural key such as an indicator's pattern), so exporting the same
 * detections twice gives the same ids, and a partner who imports both bundles sees new versions of
 * the same objects rather than duplicates. Cyber-observable objects (autonomous-system, ipv4-addr)
 * use the id scheme the STIX 2.1 specification defines for them (section 2.9), so that any STIX
 * tool derives the same id from the same value.
 */
import { createHash } from 'node:crypto';

/** distillguard's own UUIDv5 namespace (a fixed random UUID). */
export const DISTILLGUARD_NAMESPACE = '4d0c9f6e-8a1b-4c57-9e2d-3b7f5a61c08e';
/** The namespace STIX 2.1 defines for deterministic cyber-observable ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

/** RFC 4122 version 5 UUID (SHA-1 of namespace and name). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of a STIX object of `type` from `producerId`, derived from its natural key. */
export function stixId(type: string, producerId: string, naturalKey: string): string {
  return `${type}--${uuidV5(DISTILLGUARD_NAMESPACE, `${producerId}\u0000${type}\u0000${naturalKey}`)}`;
}

/** The id of a producer identity, derived from its name (partners can compute it from the name alone). */
export function identityIdFor(name: string): string {
  return `identity--${uuidV5(DISTILLGUARD_NAMESPACE, `identity\u0000${name}`)}`;
}

/** JSON with object keys sorted (the canonical form STIX uses for SCO ids, enough for flat values). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The STIX 2.1 deterministic id of a cyber-observable from its id-contributing properties. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}

/** A STIX timestamp with millisecond precision (what `created` and `modified` require). */
export function stixTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses a STIX/TAXII timestamp into microseconds since the epoch, or NaN. */
export function parseMicroseconds(text: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) return Number.NaN;
  const seconds = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(seconds)) return Number.NaN;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return seconds * 1000 + Number(fraction);
}

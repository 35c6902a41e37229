import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Hex SHA-256 of a string (UTF-8). The one-shot `crypto.hash` (Node 20.12+) is about 3 times
 * cheaper than a Hash object; the key check calls this on every request.
 */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the length
 * nor the content of the expected secret leaks through timing.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Compares a secret with a stored hex SHA-256 digest in constant time. */
export function matchesSha256(given: string, expectedHex: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = Buffer.from(expectedHex, 'hex');
  return b.length === a.length && timingSafeEqual(a, b);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random string over [0-9A-Za-z] with `length` characters (rejection sampling keeps it unbiased). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A short random identifier with a type prefix, e.g. `key_3f9c…`. */
export function randomId(prefix: string, bytes = 12): string {
  return `${prefix}_${randomBytes(bytes).toString('hex')}`;
}

import { randomBase62, randomId, sha256Hex } from '../util/crypto.js';

/** Every distillguard API key starts with this, so that secret scanners can find leaked keys. */
export const API_KEY_PREFIX = 'dgk_';
const SECRET_BODY_LENGTH = 40;
/** How many characters of the secret are kept for display ("dgk_Ab12…"). Never enough to guess it. */
export const DISPLAY_PREFIX_LENGTH = 10;

/** A freshly minted key: the secret is returned exactly once and never stored. */
export interface MintedApiKey {
  keyId: string;
  secret: string;
  /** SHA-256 of the secret: what the store keeps. */
  hash: string;
  /** First characters of the secret, for display in lists. */
  prefix: string;
}

/**
 * Mints a new API key. Secrets carry ~238 bits of entropy, so a fast hash (SHA-256) is the right
 * storage form: a slow password hash would only add latency to every request.
 */
export function mintApiKey(): MintedApiKey {
  const secret = API_KEY_PREFIX + randomBase62(SECRET_BODY_LENGTH);
  return {
    keyId: randomId('key', 8),
    secret,
    hash: hashApiKey(secret),
    prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH),
  };
}

/** The stored form of a secret. */
export function hashApiKey(secret: string): string {
  return sha256Hex(secret);
}

/** Cheap syntactic check, so that garbage never reaches the store. */
export function looksLikeApiKey(value: string): boolean {
  return value.length <= 256 && /^[\x21-\x7e]+$/.test(value);
}

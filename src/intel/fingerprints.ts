/**
 * Keyed fingerprints: what lets two providers recognise the same payment instrument, e-mail domain
 * or prompt template without either of them publishing the value itself.
 *
 * Both sides hold the same sharing key (agreed out of band, read from an environment variable).
 * Payment and e-mail-domain fingerprints are HMAC-SHA256 under that key: without it, a bundle
 * reveals nothing about the values, and nobody can test guesses against it.
 *
 * Prompt templates are shared as keyed 64-bit digests of their frame shingles (src/detect/text.ts:
 * 32-bit hashes of word 3-shingles of a prompt's head, tail and system prompt). A partner's live
 * engine must digest every shingle of every prompt, dozens per exchange, so an HMAC per shingle is
 * too slow; the digest is two rounds of a murmur-style mix keyed by 128 bits derived from the
 * sharing key. It keeps the template's wording from anyone who only sees a bundle. It is not a
 * cryptographic function, and it cannot protect against a keyed partner: a 3-word shingle has few
 * enough candidates that a partner could test guesses offline. Share templates only with partners
 * you would show the templates to.
 */
import { createHmac } from 'node:crypto';
import { DistillguardError } from '../errors.js';
import { mix32 } from '../detect/text.js';

/** Shortest sharing key accepted, in bytes (128 bits). */
export const MIN_SHARING_KEY_BYTES = 16;

/** What a keyed fingerprint is of. */
export type FingerprintKind = 'payment_fp' | 'email_domain';

/** The sharing key partners agree on, and the fingerprints derived from it. */
export class SharingKey {
  /** A short public check value: two parties with the same key get the same check. */
  readonly check: string;
  private readonly secret: Buffer;
  private digester: TemplateDigester | undefined;

  constructor(secret: Buffer) {
    if (secret.length < MIN_SHARING_KEY_BYTES) {
      throw new DistillguardError('CONFIG_INVALID', `the intel sharing key is ${secret.length} bytes; at least ${MIN_SHARING_KEY_BYTES} are needed`, {
        hint: 'generate one with `openssl rand -hex 32` and give the same value to every sharing partner',
      });
    }
    this.secret = secret;
    this.check = this.hmac('distillguard/v1/key-check', '').slice(0, 16);
  }

  /**
   * The key from an environment variable: hex (64 digits or more) is decoded, anything else is
   * taken as UTF-8. Returns null when the variable is unset or empty.
   */
  static fromEnv(env: NodeJS.ProcessEnv, variable: string): SharingKey | null {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') return null;
    const text = raw.trim();
    const bytes = /^[0-9a-fA-F]{32,}$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
    try {
      return new SharingKey(bytes);
    } catch (error) {
      throw new DistillguardError('CONFIG_INVALID', `${variable}: ${(error as Error).message}`, {
        hint: 'generate one with `openssl rand -hex 32` and give the same value to every sharing partner',
      });
    }
  }

  /** The key itself, hex (to hand it to a worker thread of the same process; never log it). */
  secretHex(): string {
    return this.secret.toString('hex');
  }

  /** HMAC-SHA256 (hex) of a normalised value of `kind`. */
  fingerprint(kind: FingerprintKind, value: string): string {
    return this.hmac(`distillguard/v1/${kind}`, normaliseFingerprintValue(kind, value));
  }

  /** The template digester keyed by this sharing key. */
  templateDigester(): TemplateDigester {
    if (this.digester === undefined) {
      const derived = createHmac('sha256', this.secret).update('distillguard/v1/template-frame', 'utf8').digest();
      this.digester = new TemplateDigester([derived.readUInt32BE(0), derived.readUInt32BE(4), derived.readUInt32BE(8), derived.readUInt32BE(12)]);
    }
    return this.digester;
  }

  private hmac(domain: string, value: string): string {
    return createHmac('sha256', this.secret).update(domain, 'utf8').update('\u0000').update(value, 'utf8').digest('hex');
  }
}

/** Payment fingerprints are compared as given; e-mail domains case-insensitively, without a trailing dot. */
export function normaliseFingerprintValue(kind: FingerprintKind, value: string): string {
  return kind === 'email_domain' ? value.trim().toLowerCase().replace(/\.$/, '') : value.trim();
}

/** Keyed 64-bit digests of 32-bit frame shingles (see the file comment for what they protect). */
export class TemplateDigester {
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  constructor(key: readonly [number, number, number, number] | readonly number[]) {
    this.k0 = key[0]! >>> 0;
    this.k1 = key[1]! >>> 0;
    this.k2 = key[2]! >>> 0;
    this.k3 = key[3]! >>> 0;
  }

  /** High 32 bits of the digest. */
  high(shingle: number): number {
    return mix32(mix32((shingle ^ this.k0) >>> 0, this.k1) ^ this.k2, this.k3);
  }

  /** Low 32 bits of the digest. */
  low(shingle: number): number {
    return mix32(mix32((shingle ^ this.k2) >>> 0, this.k3) ^ this.k0, (this.k1 ^ 0x9e3779b9) >>> 0);
  }

  /** The digest as 16 hex digits (the form bundles carry). */
  hex(shingle: number): string {
    return this.high(shingle).toString(16).padStart(8, '0') + this.low(shingle).toString(16).padStart(8, '0');
  }
}

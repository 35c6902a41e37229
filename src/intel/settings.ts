/**
 * The intel section of the configuration, resolved: the producer identity, the sharing key from the
 * environment, partners with their defaults filled in.
 */
import type { IntelPartnerConfig, IntelSettings } from '../config/schema.js';
import { SharingKey } from './fingerprints.js';
import { identityIdFor } from './ids.js';

/** Who this deployment is in what it shares. */
export interface Producer {
  id: string;
  name: string;
  identityClass: string;
  contact?: string;
}

export const DEFAULT_PARTNER_TRUST = 0.5;
export const DEFAULT_POLL_SECONDS = 300;

export function producerOf(settings: IntelSettings): Producer {
  const p = settings.producer;
  return {
    id: p.id ?? identityIdFor(p.name),
    name: p.name,
    identityClass: p.identityClass,
    ...(p.contact === undefined ? {} : { contact: p.contact }),
  };
}

/** The sharing key named by `sharingKeyEnv`, or null when it is not set. */
export function sharingKeyOf(settings: IntelSettings, env: NodeJS.ProcessEnv): SharingKey | null {
  return SharingKey.fromEnv(env, settings.sharingKeyEnv);
}

/** A partner with its defaults. */
export interface Partner extends IntelPartnerConfig {
  trust: number;
  pollSeconds: number;
}

export function partnersOf(settings: IntelSettings): Partner[] {
  return settings.partners.map((p) => ({ ...p, trust: p.trust ?? DEFAULT_PARTNER_TRUST, pollSeconds: p.pollSeconds ?? DEFAULT_POLL_SECONDS }));
}

export function partnerByName(settings: IntelSettings, name: string): Partner | undefined {
  return partnersOf(settings).find((p) => p.name === name);
}

export function partnerByIdentity(settings: IntelSettings, identity: string): Partner | undefined {
  return partnersOf(settings).find((p) => p.identity === identity);
}

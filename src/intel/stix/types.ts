/**
 * The STIX 2.1 shapes distillguard writes and reads, and the fixed objects every bundle shares:
 * TLP markings, the distillguard extension definition and its author.
 */
import { uuidV5, DISTILLGUARD_NAMESPACE } from '../ids.js';

/** Any STIX object: the common properties typed, the rest open. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  object_marking_refs?: string[];
  [property: string]: unknown;
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export type TlpLevel = 'white' | 'green' | 'amber' | 'red';

/** The TLP 1.0 marking definitions as the STIX 2.1 specification fixes them (ids, names, created). */
export const TLP_MARKINGS: Record<TlpLevel, StixObject> = Object.fromEntries(([
  ['white', '613f2e26-407d-48c7-9eca-b8e91df99dc9'],
  ['green', '34098fce-860f-48ae-8e50-ebd3cc5e41da'],
  ['amber', 'f88d31f6-486f-44da-b317-01333bde0b82'],
  ['red', '5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
] as const).map(([level, uuid]) => [level, {
  type: 'marking-definition',
  spec_version: '2.1',
  id: `marking-definition--${uuid}`,
  created: '2017-01-20T00:00:00.000Z',
  definition_type: 'tlp',
  name: `TLP:${level.toUpperCase()}`,
  definition: { tlp: level },
}])) as unknown as Record<TlpLevel, StixObject>;

/** TLP level of a marking-definition id, if it is one of the four. */
export function tlpOfMarking(id: string): TlpLevel | undefined {
  return (Object.keys(TLP_MARKINGS) as TlpLevel[]).find((level) => TLP_MARKINGS[level].id === id);
}

/** The author of the distillguard extension definition (the same in every deployment's bundles). */
export const PROJECT_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: `identity--${uuidV5(DISTILLGUARD_NAMESPACE, 'distillguard-project')}`,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'distillguard (open-source project)',
  identity_class: 'organization',
  description: 'Author of the distillguard STIX extension: the custom observables and indicator properties documented in docs/INTEL.md.',
};

/** The extension every distillguard bundle uses: custom observables and the template-matching properties. */
export const DISTILLGUARD_EXTENSION: StixObject = {
  type: 'extension-definition',
  spec_version: '2.1',
  id: `extension-definition--${uuidV5(DISTILLGUARD_NAMESPACE, 'extension-definition/distillguard-intel/v1')}`,
  created_by_ref: PROJECT_IDENTITY.id,
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'distillguard-intel',
  description: 'Observables for distillation campaigns: x-distillguard-tls (fingerprint), x-distillguard-signup (payment_fp_hmac, '
    + 'email_domain_hmac: HMAC-SHA256 under the partners\' sharing key) and x-distillguard-prompt-frame (digests: keyed 64-bit digests of '
    + 'prompt frame shingles); on indicators, min_matches (template digests that must occur in one prompt) and key_check (which sharing '
    + 'key made the keyed values).',
  schema: 'distillguard docs/INTEL.md, section "The distillguard STIX extension"',
  version: '1.0.0',
  extension_types: ['new-sco', 'property-extension'],
};

/** The properties distillguard puts in its extension on an indicator. */
export interface DistillguardIndicatorExtension {
  extension_type: 'property-extension';
  /** What kind of distillguard indicator this is. */
  indicator_kind: string;
  /** Template indicators: digests that must occur in one prompt for a match. */
  min_matches?: number;
  /** Keyed indicators: check value of the sharing key (SharingKey.check). */
  key_check?: string;
}

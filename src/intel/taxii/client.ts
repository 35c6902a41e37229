/**
 * The TAXII 2.1 client that polls a partner's collection: pages of objects added since the last
 * poll (added_after, then `next`), imported as one bundle per poll, all or nothing. The position
 * (the last date_added seen) is stored only after the import succeeded, so a refused or failed poll
 * is retried from the same place.
 */
import type { IntelSettings } from '../../config/schema.js';
import { DistillguardError } from '../../errors.js';
import type { Store } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { DISTILLGUARD_NAMESPACE, uuidV5 } from '../ids.js';
import { importBundle, type ImportResult } from '../import/ingest.js';
import type { Partner } from '../settings.js';
import { TAXII_MEDIA_TYPE } from './media.js';

export interface PollResult {
  partner: string;
  pages: number;
  objects: number;
  /** Null when the collection had nothing new. */
  imported: ImportResult | null;
  cursor: string | undefined;
}

/** Most pages one poll follows (a partner sending endless `next` links is cut off). */
const MAX_PAGES = 1000;

function credentials(partner: Partner, env: NodeJS.ProcessEnv): string | undefined {
  if (partner.tokenEnv) {
    const token = env[partner.tokenEnv];
    if (!token) throw new DistillguardError('CONFIG_INVALID', `intel.partners ${partner.name}: ${partner.tokenEnv} is not set`, { hint: 'export the partner\'s TAXII token in that variable' });
    return `Bearer ${token}`;
  }
  if (partner.usernameEnv || partner.passwordEnv) {
    const user = partner.usernameEnv ? env[partner.usernameEnv] : undefined;
    const password = partner.passwordEnv ? env[partner.passwordEnv] : undefined;
    if (!user || password === undefined) throw new DistillguardError('CONFIG_INVALID', `intel.partners ${partner.name}: set both usernameEnv and passwordEnv, and the variables they name`);
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  return undefined;
}

/** Polls one partner once. */
export async function pollPartner(store: Store, settings: IntelSettings, key: SharingKey | null, partner: Partner, env: NodeJS.ProcessEnv, now = Date.now): Promise<PollResult> {
  if (!partner.collectionUrl) throw new DistillguardError('CONFIG_INVALID', `intel.partners ${partner.name} has no collectionUrl to poll`);
  const base = partner.collectionUrl.endsWith('/') ? partner.collectionUrl : `${partner.collectionUrl}/`;
  const authorization = credentials(partner, env);
  const cursorBefore = await store.getIntelCursor(partner.name);
  const objects: unknown[] = [];
  let cursor = cursorBefore;
  let next: string | undefined;
  let pages = 0;
  let bytes = 0;
  do {
    const url = new URL('objects/', base);
    if (cursorBefore !== undefined) url.searchParams.set('added_after', cursorBefore);
    if (next !== undefined) url.searchParams.set('next', next);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: TAXII_MEDIA_TYPE, ...(authorization ? { authorization } : {}) }, signal: AbortSignal.timeout(30_000) });
    } catch (cause) {
      throw new DistillguardError('INTEL_POLL_FAILED', `${partner.name}: cannot reach ${url.origin}: ${(cause as Error).message}`, { cause, hint: 'check intel.partners[].collectionUrl and the network' });
    }
    const text = await response.text();
    bytes += Buffer.byteLength(text);
    if (!response.ok) {
      let description = text.slice(0, 300);
      try { description = String((JSON.parse(text) as { description?: unknown }).description ?? description); } catch { /* not JSON: keep the text */ }
      throw new DistillguardError('INTEL_POLL_FAILED', `${partner.name}: ${url.pathname} answered ${response.status}: ${description}`, {
        hint: response.status === 401 || response.status === 403 ? 'check the credentials (tokenEnv or usernameEnv/passwordEnv) and the permissions the partner gave you' : 'try again later',
        details: { status: response.status },
      });
    }
    if (bytes > settings.limits.maxBundleBytes) {
      throw new DistillguardError('INTEL_BUNDLE_TOO_LARGE', `${partner.name}: one poll brought more than ${settings.limits.maxBundleBytes} bytes`, { hint: 'raise intel.limits.maxBundleBytes, or poll more often' });
    }
    let envelope: { more?: unknown; next?: unknown; objects?: unknown };
    try {
      envelope = JSON.parse(text) as typeof envelope;
    } catch (cause) {
      throw new DistillguardError('INTEL_POLL_FAILED', `${partner.name}: the answer is not JSON`, { cause });
    }
    if (envelope.objects !== undefined && !Array.isArray(envelope.objects)) throw new DistillguardError('INTEL_POLL_FAILED', `${partner.name}: the envelope's objects is not an array`);
    objects.push(...((envelope.objects as unknown[] | undefined) ?? []));
    const last = response.headers.get('x-taxii-date-added-last');
    if (last) cursor = last;
    next = envelope.more === true && typeof envelope.next === 'string' ? envelope.next : undefined;
    pages++;
  } while (next !== undefined && pages < MAX_PAGES);
  if (objects.length === 0) return { partner: partner.name, pages, objects: 0, imported: null, cursor };
  const bundle = { type: 'bundle', id: `bundle--${uuidV5(DISTILLGUARD_NAMESPACE, `${partner.name}|${cursorBefore ?? ''}|${cursor ?? ''}|${objects.length}`)}`, objects };
  const imported = await importBundle(store, settings, key, { input: bundle, partner, origin: partner.collectionUrl }, now());
  if (cursor !== undefined) await store.setIntelCursor(partner.name, cursor, new Date(now()).toISOString());
  return { partner: partner.name, pages, objects: objects.length, imported, cursor };
}

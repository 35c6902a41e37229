/**
 * TAXII 2.1 query parameters: added_after, limit, next and match[id|type|version|spec_version].
 */
import { DistillguardError } from '../../errors.js';
import type { TaxiiObjectQuery } from '../../store/types.js';
import { parseMicroseconds } from '../ids.js';

const badRequest = (message: string): DistillguardError => new DistillguardError('TAXII_BAD_REQUEST', message, { hint: 'see TAXII 2.1 section 3.4 for the filter syntax' });

/** The object query a request's parameters ask for (`collectionId` filled in by the caller). */
export function objectQueryOf(query: Record<string, string | string[] | undefined>, maxPageSize: number): Omit<TaxiiObjectQuery, 'collectionId'> {
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (Array.isArray(value)) throw badRequest(`${name} is given more than once`);
    return value;
  };
  const list = (name: string): string[] | undefined => {
    const value = one(name);
    if (value === undefined) return undefined;
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length === 0 || items.length > 1000) throw badRequest(`${name} needs 1 to 1000 comma-separated values`);
    return items;
  };
  const out: Omit<TaxiiObjectQuery, 'collectionId'> = { limit: maxPageSize };
  const addedAfter = one('added_after');
  if (addedAfter !== undefined) {
    if (Number.isNaN(parseMicroseconds(addedAfter))) throw badRequest(`added_after is not a timestamp: ${JSON.stringify(addedAfter)}`);
    out.addedAfter = addedAfter;
  }
  const limit = one('limit');
  if (limit !== undefined) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1) throw badRequest('limit must be a positive whole number');
    out.limit = Math.min(Number(limit), maxPageSize);
  }
  const next = one('next');
  if (next !== undefined) {
    if (!/^\d{1,15}$/.test(next)) throw badRequest('next is not a value this server gave');
    out.afterSeq = Number(next);
  }
  const ids = list('match[id]');
  if (ids !== undefined) out.ids = ids;
  const types = list('match[type]');
  if (types !== undefined) out.types = types;
  const specs = list('match[spec_version]');
  if (specs !== undefined) out.specVersions = specs;
  const versions = list('match[version]');
  if (versions !== undefined) {
    for (const v of versions) if (v !== 'last' && v !== 'first' && v !== 'all' && Number.isNaN(parseMicroseconds(v))) throw badRequest(`match[version] values are last, first, all or timestamps, not ${JSON.stringify(v)}`);
    out.versions = versions;
  }
  for (const name of Object.keys(query)) {
    if (!['added_after', 'limit', 'next', 'match[id]', 'match[type]', 'match[version]', 'match[spec_version]'].includes(name)) throw badRequest(`unknown parameter ${JSON.stringify(name)}`);
  }
  return out;
}

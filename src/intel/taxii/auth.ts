/**
 * TAXII authentication and permissions: HTTP Basic (user name and password) or a bearer token,
 * checked against the SHA-256 of each user's secret in constant time, and per-collection read and
 * write permissions from the configuration.
 */
import type { TaxiiUserConfig } from '../../config/schema.js';
import { DistillguardError } from '../../errors.js';
import { matchesSha256 } from '../../util/crypto.js';

/** An authenticated TAXII user and what it may do. */
export interface TaxiiPrincipal {
  name: string;
  partner: string | undefined;
  canRead(collectionId: string): boolean;
  canWrite(collectionId: string): boolean;
}

function principalOf(user: TaxiiUserConfig): TaxiiPrincipal {
  const read = new Set(user.read ?? []);
  const write = new Set(user.write ?? []);
  return { name: user.name, partner: user.partner, canRead: (id) => read.has(id), canWrite: (id) => write.has(id) };
}

const unauthorized = (message: string): DistillguardError => new DistillguardError('TAXII_UNAUTHORIZED', message, {
  hint: 'send Authorization: Basic <user:password> or Authorization: Bearer <token> of a user in intel.taxii.users',
});

/** Checks an Authorization header; throws TAXII_UNAUTHORIZED when it is missing or wrong. */
export function authenticate(users: readonly TaxiiUserConfig[], header: string | undefined): TaxiiPrincipal {
  if (header === undefined || header.trim() === '') throw unauthorized('this TAXII server needs credentials');
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw unauthorized('malformed Basic credentials');
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    let found: TaxiiUserConfig | undefined;
    // every user is compared, so that timing does not tell which names exist
    for (const user of users) {
      const ok = matchesSha256(password, user.secretSha256);
      if (ok && user.name === name && found === undefined) found = user;
    }
    if (found === undefined) throw unauthorized('wrong user name or password');
    return principalOf(found);
  }
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) {
    let found: TaxiiUserConfig | undefined;
    for (const user of users) if (matchesSha256(bearer[1]!, user.secretSha256) && found === undefined) found = user;
    if (found === undefined) throw unauthorized('unknown bearer token');
    return principalOf(found);
  }
  throw unauthorized('unsupported authorization scheme');
}

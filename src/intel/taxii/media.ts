/**
 * TAXII 2.1 media types: what a client must accept (406 otherwise) and send (415 otherwise).
 */
import { DistillguardError } from '../../errors.js';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

interface MediaRange { type: string; version: string | undefined }

function parseMediaRanges(header: string): MediaRange[] {
  return header.split(',').map((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    const version = params.map((p) => /^version\s*=\s*"?([^"]+)"?$/i.exec(p)?.[1]).find((v) => v !== undefined);
    return { type: (type ?? '').toLowerCase(), version };
  });
}

/** True when a media type (header value) is TAXII 2.1 JSON (a missing version means the latest, 2.1). */
export function isTaxiiMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [range] = parseMediaRanges(header);
  return range !== undefined && range.type === 'application/taxii+json' && (range.version === undefined || range.version === '2.1');
}

/** Throws 406 unless the Accept header accepts TAXII 2.1 JSON. */
export function requireAcceptable(accept: string | undefined): void {
  if (accept !== undefined && parseMediaRanges(accept).some((r) => r.type === 'application/taxii+json' && (r.version === undefined || r.version === '2.1'))) return;
  throw new DistillguardError('TAXII_NOT_ACCEPTABLE', `this server answers only ${TAXII_MEDIA_TYPE}; the request accepts ${accept === undefined ? 'nothing (no Accept header)' : JSON.stringify(accept)}`, {
    hint: `send Accept: ${TAXII_MEDIA_TYPE}`,
  });
}

/** Throws 415 unless the request body is TAXII 2.1 JSON. */
export function requireTaxiiBody(contentType: string | undefined): void {
  if (isTaxiiMediaType(contentType)) return;
  throw new DistillguardError('TAXII_UNSUPPORTED_MEDIA_TYPE', `the body must be ${TAXII_MEDIA_TYPE}, not ${contentType === undefined ? 'untyped' : JSON.stringify(contentType)}`, {
    hint: `send Content-Type: ${TAXII_MEDIA_TYPE} with a TAXII envelope {"objects": [...]}`,
  });
}

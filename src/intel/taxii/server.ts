/**
 * The TAXII 2.1 server inside `distillguard serve` (a Fastify plugin under /taxii2/): discovery,
 * the API root, collections, manifest, objects (GET and POST), object versions and status.
 * Publish collections carry this deployment's detections (publisher.ts); a POST to an inbox
 * collection imports the partner's objects, all or nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IntelSettings, TaxiiCollectionConfig } from '../../config/schema.js';
import { DistillguardError, isDistillguardError } from '../../errors.js';
import type { Store, StoredTaxiiObject } from '../../store/types.js';
import type { SharingKey } from '../fingerprints.js';
import { DISTILLGUARD_NAMESPACE, uuidV5 } from '../ids.js';
import { importBundle } from '../import/ingest.js';
import { partnerByName } from '../settings.js';
import { authenticate, type TaxiiPrincipal } from './auth.js';
import { objectQueryOf } from './filters.js';
import { requireAcceptable, requireTaxiiBody, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './media.js';

export interface TaxiiServerOptions {
  store: Store;
  settings: IntelSettings;
  key: SharingKey | null;
  /** Called after an inbox import stored indicators (the live matcher refreshes). */
  onImport?: () => void;
}

/** The API root's path: one root, under the discovery prefix. */
export const API_ROOT_PATH = '/taxii2/api/';

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  let status = 500;
  let title = 'internal error';
  let description = 'the server failed; see its log';
  let code: string | undefined;
  let details: Record<string, unknown> | undefined;
  if (isDistillguardError(error)) {
    status = error.status;
    title = error.code.toLowerCase().replace(/_/g, ' ');
    description = `${error.message}${error.location?.path ? ` (at ${error.location.path})` : ''}${error.hint ? `. ${error.hint}` : ''}`;
    code = error.code;
    details = error.details;
  } else {
    const fastifyStatus = (error as { statusCode?: number }).statusCode;
    if (fastifyStatus === 415) {
      return sendError(reply, new DistillguardError('TAXII_UNSUPPORTED_MEDIA_TYPE', `the body must be ${TAXII_MEDIA_TYPE}`, { hint: `send Content-Type: ${TAXII_MEDIA_TYPE}` }));
    }
    if (fastifyStatus === 413) {
      return sendError(reply, new DistillguardError('INTEL_BUNDLE_TOO_LARGE', 'the request body is larger than intel.limits.maxBundleBytes', { hint: 'split the objects over several requests' }));
    }
    if (fastifyStatus !== undefined && fastifyStatus < 500) {
      status = fastifyStatus;
      title = 'bad request';
      description = (error as Error).message;
    } else {
      reply.log.error({ err: error }, 'TAXII server failure');
    }
  }
  if (status === 401) reply.header('www-authenticate', 'Basic realm="distillguard TAXII", Bearer');
  return reply.code(status).header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify({ title, description, http_status: String(status), ...(code ? { error_code: code } : {}), ...(details ? { details } : {}) })));
}

const dateHeaders = (reply: FastifyReply, objects: readonly StoredTaxiiObject[]): void => {
  if (objects.length === 0) return;
  reply.header('X-TAXII-Date-Added-First', objects[0]!.dateAdded);
  reply.header('X-TAXII-Date-Added-Last', objects[objects.length - 1]!.dateAdded);
};

/** The TAXII routes as a gateway plugin. */
export function taxiiRoutes(options: TaxiiServerOptions) {
  const { store, settings } = options;
  const taxii = settings.taxii;
  const collections = new Map(taxii.collections.map((c) => [c.id, c]));

  const collectionFor = (principal: TaxiiPrincipal, id: string, need: 'read' | 'write' | 'see'): TaxiiCollectionConfig => {
    const collection = collections.get(id);
    if (!collection) throw new DistillguardError('TAXII_NOT_FOUND', `no collection ${id}`, { hint: 'list the collections you can use at /taxii2/api/collections/' });
    if (need === 'see' && !principal.canRead(id) && !principal.canWrite(id)) {
      throw new DistillguardError('TAXII_FORBIDDEN', `${principal.name} may not use collection ${id}`, { hint: 'ask the server\'s operator for permission (intel.taxii.users[].read / write)' });
    }
    if (need === 'read' && !principal.canRead(id)) throw new DistillguardError('TAXII_FORBIDDEN', `${principal.name} may not read collection ${id}`, { hint: 'ask the server\'s operator for read permission (intel.taxii.users[].read)' });
    if (need === 'write' && !principal.canWrite(id)) throw new DistillguardError('TAXII_FORBIDDEN', `${principal.name} may not write to collection ${id}`, { hint: 'ask the server\'s operator for write permission (intel.taxii.users[].write)' });
    return collection;
  };
  const describe = (c: TaxiiCollectionConfig, principal: TaxiiPrincipal) => ({
    id: c.id, title: c.title, ...(c.description ? { description: c.description } : {}),
    can_read: principal.canRead(c.id), can_write: principal.canWrite(c.id), media_types: [STIX_MEDIA_TYPE],
  });

  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (scope) => {
      scope.setErrorHandler((error, _request, reply) => sendError(reply, error));
      scope.setNotFoundHandler((request, reply) => sendError(reply, new DistillguardError('TAXII_NOT_FOUND', `no TAXII resource at ${request.method} ${request.url.split('?')[0]}`)));
      // any body is read as bytes here, so that the media type is checked by the route (415 in TAXII's format)
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: settings.limits.maxBundleBytes + 4096 }, (_request, body, done) => done(null, body));

      type Handler = (request: FastifyRequest, principal: TaxiiPrincipal, reply: FastifyReply) => Promise<unknown>;
      const route = (method: 'GET' | 'POST', path: string, handler: Handler, status = 200): void => {
        // TAXII URLs end with a slash; the same route answers without it (the root gets both from the prefix)
        for (const url of path === '/' ? ['/'] : [path, path.replace(/\/$/, '')]) {
          scope.route({
            method, url,
            handler: async (request, reply) => {
              try {
                requireAcceptable(request.headers.accept);
                const principal = authenticate(taxii.users, request.headers.authorization);
                const body = await handler(request, principal, reply);
                // serialised here so that the media type goes out exactly as TAXII spells it (no charset added)
                return reply.code(status).header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(body)));
              } catch (error) {
                return sendError(reply, error);
              }
            },
          });
        }
      };
      const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;
      const query = (request: FastifyRequest): Record<string, string | string[] | undefined> => request.query as Record<string, string | string[] | undefined>;

      route('GET', '/', async (request) => ({
        title: taxii.title,
        description: 'distillguard: distillation campaigns shared as STIX 2.1',
        default: `${request.protocol}://${request.headers.host ?? 'localhost'}${API_ROOT_PATH}`,
        api_roots: [`${request.protocol}://${request.headers.host ?? 'localhost'}${API_ROOT_PATH}`],
      }));
      route('GET', '/api/', async () => ({
        title: taxii.title, versions: [TAXII_MEDIA_TYPE], max_content_length: settings.limits.maxBundleBytes,
      }));
      route('GET', '/api/collections/', async (_request, principal) => ({
        collections: taxii.collections.filter((c) => principal.canRead(c.id) || principal.canWrite(c.id)).map((c) => describe(c, principal)),
      }));
      route('GET', '/api/collections/:collection/', async (request, principal) => describe(collectionFor(principal, params(request).collection!, 'see'), principal));
      route('GET', '/api/collections/:collection/manifest/', async (request, principal, reply) => {
        const collection = collectionFor(principal, params(request).collection!, 'read');
        const page = await store.listTaxiiObjects({ collectionId: collection.id, ...objectQueryOf(query(request), taxii.maxPageSize) });
        dateHeaders(reply, page.objects);
        return {
          more: page.more, ...(page.more ? { next: String(page.objects[page.objects.length - 1]!.seq) } : {}),
          objects: page.objects.map((o) => ({ id: o.id, date_added: o.dateAdded, version: o.version, media_type: STIX_MEDIA_TYPE })),
        };
      });
      const envelope = async (request: FastifyRequest, principal: TaxiiPrincipal, reply: FastifyReply, objectId?: string) => {
        const collection = collectionFor(principal, params(request).collection!, 'read');
        const filters = objectQueryOf(query(request), taxii.maxPageSize);
        if (objectId !== undefined) filters.ids = [objectId];
        const page = await store.listTaxiiObjects({ collectionId: collection.id, ...filters });
        if (objectId !== undefined && page.objects.length === 0 && filters.afterSeq === undefined) {
          throw new DistillguardError('TAXII_NOT_FOUND', `no object ${objectId} in collection ${collection.id}`);
        }
        dateHeaders(reply, page.objects);
        return { more: page.more, ...(page.more ? { next: String(page.objects[page.objects.length - 1]!.seq) } : {}), objects: page.objects.map((o) => JSON.parse(o.json) as unknown) };
      };
      route('GET', '/api/collections/:collection/objects/', (request, principal, reply) => envelope(request, principal, reply));
      route('GET', '/api/collections/:collection/objects/:object/', (request, principal, reply) => envelope(request, principal, reply, params(request).object!));
      route('GET', '/api/collections/:collection/objects/:object/versions/', async (request, principal, reply) => {
        const collection = collectionFor(principal, params(request).collection!, 'read');
        const filters = objectQueryOf(query(request), taxii.maxPageSize);
        const page = await store.listTaxiiObjects({ collectionId: collection.id, ...filters, ids: [params(request).object!], versions: ['all'] });
        if (page.objects.length === 0) throw new DistillguardError('TAXII_NOT_FOUND', `no object ${params(request).object} in collection ${collection.id}`);
        dateHeaders(reply, page.objects);
        return { more: page.more, ...(page.more ? { next: String(page.objects[page.objects.length - 1]!.seq) } : {}), versions: page.objects.map((o) => o.version) };
      });
      route('POST', '/api/collections/:collection/objects/', async (request, principal) => {
        const collection = collectionFor(principal, params(request).collection!, 'write');
        requireTaxiiBody(request.headers['content-type']);
        if (collection.kind !== 'inbox') throw new DistillguardError('TAXII_FORBIDDEN', `collection ${collection.id} publishes this deployment's detections; post to an inbox collection`);
        const partner = principal.partner === undefined ? undefined : partnerByName(settings, principal.partner);
        if (partner === undefined) {
          throw new DistillguardError('TAXII_FORBIDDEN', `${principal.name} is not linked to a configured partner, so its objects cannot be attributed`, { hint: 'set intel.taxii.users[].partner to a name in intel.partners' });
        }
        const raw = request.body as Buffer | undefined;
        if (raw === undefined || raw.length === 0) throw new DistillguardError('TAXII_BAD_REQUEST', 'the body is empty; send a TAXII envelope {"objects": [...]}');
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (cause) {
          throw new DistillguardError('INTEL_BUNDLE_INVALID', `the body is not valid JSON: ${(cause as Error).message}`, { cause });
        }
        const objects = (body as { objects?: unknown } | null)?.objects;
        if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(objects)) {
          throw new DistillguardError('INTEL_BUNDLE_INVALID', 'the body must be a TAXII envelope: a JSON object with an "objects" array');
        }
        const bundle = { type: 'bundle', id: `bundle--${uuidV5(DISTILLGUARD_NAMESPACE, createHash('sha256').update(raw).digest('hex'))}`, objects };
        const requested = new Date().toISOString();
        const { outcome } = await importBundle(store, settings, options.key, { input: bundle, partner, origin: `taxii-post:${principal.name}`, taxiiCollection: collection.id });
        options.onImport?.();
        const added = outcome.taxii?.added ?? [];
        const duplicates = outcome.taxii?.duplicates ?? [];
        const statusId = randomUUID();
        const resource = {
          id: statusId, status: 'complete', request_timestamp: requested, total_count: added.length + duplicates.length,
          success_count: added.length + duplicates.length,
          successes: [...added.map((a) => ({ id: a.id, version: a.version })), ...duplicates.map((d) => ({ id: d.id, version: d.version, message: 'already in the collection' }))],
          failure_count: 0, failures: [], pending_count: 0, pendings: [],
        };
        await store.putTaxiiStatus({ statusId, createdAt: requested, owner: principal.name, resource });
        return resource;
      }, 202);
      route('GET', '/api/status/:status/', async (request, principal) => {
        const status = await store.getTaxiiStatus(params(request).status!);
        if (status === undefined || status.owner !== principal.name) throw new DistillguardError('TAXII_NOT_FOUND', `no status ${params(request).status}`);
        return status.resource;
      });
    }, { prefix: '/taxii2' });
  };
}

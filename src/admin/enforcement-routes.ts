/**
 * Enforcement under `/admin/v1/enforcement`: the policy and its reload, explanations, analysts'
 * actions and overrides, and publishing verdicts and campaigns (spec v1) from outside detectors.
 * Same credentials and error shape as the rest of the admin API (docs/ADMIN_API.md).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountActionKind, ActionOptions, ApplicationRef, CampaignActionKind } from '../enforce/decisions/analyst.js';
import { systemPromptSha256 } from '../enforce/decisions/analyst.js';
import type { Enforcement } from '../enforce/runtime.js';
import { DistillguardError } from '../errors.js';
import type { AccountVerdictRecord, CampaignRecord, Verification } from '../records/types.js';
import { validateRecord } from '../records/validate.js';
import type { StoredAction } from '../store/types.js';
import { adminRoute, sendError, type AdminAuth } from './routes.js';

const ACCOUNT_ACTIONS: Record<string, AccountActionKind> = {
  block: 'block', unblock: 'unblock', allow: 'allow', 'false-positive': 'mark_false_positive', 'require-verification': 'require_verification',
};
const CAMPAIGN_ACTIONS: Record<string, CampaignActionKind> = { block: 'block', unblock: 'unblock', 'false-positive': 'mark_false_positive' };
const MAX_RECORDS = 10_000;

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new DistillguardError('REQUEST_INVALID_BODY', 'the body must be a JSON object');
  return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DistillguardError('REQUEST_INVALID_BODY', `${name} must be a string`);
  return value;
}

/** The common fields of an action body: reason (required), expiresAt, dryRun, evidence. */
function actionOptions(body: Record<string, unknown>, actor: string): ActionOptions {
  const reason = optionalString(body, 'reason');
  if (!reason) throw new DistillguardError('REQUEST_INVALID_BODY', 'reason is required: say why, for the audit log');
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw new DistillguardError('REQUEST_INVALID_BODY', 'dryRun must be true or false');
  const expiresAt = optionalString(body, 'expiresAt');
  return { reason, actor, ...(expiresAt ? { expiresAt } : {}), ...(body.dryRun === true ? { dryRun: true } : {}), ...(body.evidence === undefined ? {} : { evidence: body.evidence }) };
}

function records<T>(body: Record<string, unknown>, kind: 'verdict-account' | 'verdict-campaign'): T[] {
  const list = body.records;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_RECORDS) {
    throw new DistillguardError('REQUEST_INVALID_BODY', `records must be an array of 1 to ${MAX_RECORDS} spec v1 ${kind === 'verdict-account' ? 'account verdicts' : 'campaign records'}`);
  }
  list.forEach((record, index) => {
    const check = validateRecord(kind, record);
    if (!check.ok) throw new DistillguardError('RECORD_MALFORMED', `records[${index}]: ${check.reason}`, { hint: 'nothing was published; fix the record and send again' });
  });
  return list as T[];
}

/** Routes plugin; mount it beside `adminRoutes` with the same credentials. */
export function enforcementRoutes(enforcement: Enforcement, auth: AdminAuth) {
  const route = adminRoute(auth);
  const analyst = enforcement.analyst;

  return async (app: FastifyInstance): Promise<void> => {
    await app.register(async (admin) => {
      admin.setErrorHandler((error, _request, reply) => sendError(reply, error));
      const params = (request: FastifyRequest): Record<string, string> => request.params as Record<string, string>;

      admin.get('/', route(() => enforcement.status()));
      admin.post('/policy/reload', route(() => {
        const result = enforcement.reloadPolicy('admin');
        if (!result.ok) throw result.error;
        return { reloaded: result.changed, version: result.policy.version, mode: result.policy.mode };
      }));
      admin.get('/accounts/:id', route((request) => {
        const model = (request.query as Record<string, string | undefined>).model;
        return enforcement.explain(params(request).id!, model ? { model } : {});
      }));
      admin.post('/accounts/:id/verify', route(async (request, actor) => {
        const body = bodyOf(request);
        const level = optionalString(body, 'level');
        if (!level) throw new DistillguardError('REQUEST_INVALID_BODY', 'level is required: one of none, email, phone, id, business');
        return analyst.verify(params(request).id!, level as Verification, actionOptions(body, actor));
      }));
      admin.post('/accounts/:id/:action', route(async (request, actor) => {
        const kind = ACCOUNT_ACTIONS[params(request).action!];
        if (!kind) throw new DistillguardError('NOT_FOUND', `unknown account action ${JSON.stringify(params(request).action)}`, { hint: `use one of ${Object.keys(ACCOUNT_ACTIONS).join(', ')}, verify` });
        return analyst.onAccount(params(request).id!, kind, actionOptions(bodyOf(request), actor));
      }));
      admin.post('/campaigns/:id/:action', route(async (request, actor) => {
        const kind = CAMPAIGN_ACTIONS[params(request).action!];
        if (!kind) throw new DistillguardError('NOT_FOUND', `unknown campaign action ${JSON.stringify(params(request).action)}`, { hint: `use one of ${Object.keys(CAMPAIGN_ACTIONS).join(', ')}` });
        return analyst.onCampaign(params(request).id!, kind, actionOptions(bodyOf(request), actor));
      }));
      admin.post('/applications/allowlist', route(async (request, actor) => {
        const body = bodyOf(request);
        const keyId = optionalString(body, 'keyId');
        const accountId = optionalString(body, 'accountId');
        const systemPrompt = optionalString(body, 'systemPrompt');
        const sha = optionalString(body, 'systemPromptSha256') ?? (systemPrompt === undefined ? undefined : systemPromptSha256(systemPrompt));
        let app: ApplicationRef;
        if (keyId && !accountId) app = { keyId };
        else if (accountId && sha && !keyId) app = { accountId, systemPromptSha256: sha };
        else throw new DistillguardError('REQUEST_INVALID_BODY', 'name the application by keyId, or by accountId with systemPrompt (or systemPromptSha256)');
        return analyst.allowlist(app, actionOptions(body, actor));
      }));
      admin.post('/actions/:actionId/revoke', route(async (request, actor) => analyst.revoke(params(request).actionId!, actionOptions(bodyOf(request), actor))));
      admin.get('/actions', route(async (request) => {
        const q = request.query as Record<string, string | undefined>;
        const limit = Math.min(Number(q.limit ?? 100) || 100, 1000);
        if (q.targetType !== undefined && !['account', 'campaign', 'key', 'application'].includes(q.targetType)) {
          throw new DistillguardError('REQUEST_INVALID_BODY', 'targetType must be account, campaign, key or application');
        }
        const data = await enforcement.service.store.listActions({
          ...(q.targetType ? { targetType: q.targetType as StoredAction['targetType'] } : {}), ...(q.target ? { targetId: q.target } : {}),
          ...(q.active === 'true' ? { activeAt: new Date().toISOString() } : {}), limit,
        });
        return { data };
      }));
      admin.post('/verdicts', route(async (request) => {
        const list = records<AccountVerdictRecord>(bodyOf(request), 'verdict-account');
        const ts = new Date().toISOString();
        await enforcement.publisher.publishVerdicts(list.map((v) => ({
          accountId: v.account_id, ts, score: v.score, flagged: v.flagged, campaignId: v.campaign_id, reasons: v.reasons,
        })));
        return { published: list.length };
      }));
      admin.post('/campaigns', route(async (request) => {
        const list = records<CampaignRecord>(bodyOf(request), 'verdict-campaign');
        for (const campaign of list) await enforcement.publisher.publishCampaign(campaign);
        return { published: list.length };
      }));
    }, { prefix: '/admin/v1/enforcement' });
  };
}

/** The dashboard's action endpoints: one audited `AnalystActions` call per analyst button. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnalystActionOptions, AnalystActions, RecordedAnalystAction } from '../admin/analyst-actions.js';
import { DistillguardError } from '../errors.js';
import { ACCOUNT_ACTIONS, CAMPAIGN_ACTIONS, type AccountActionName, type ActionResponse, type CampaignActionName } from './api-types.js';
import { toActionView } from './queries.js';

type Route = <T>(handler: (request: FastifyRequest, actor: string) => Promise<T>) =>
  (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

type Perform = (actions: AnalystActions, targetId: string, actor: string, options: AnalystActionOptions) => Promise<RecordedAnalystAction>;

const CAMPAIGN: Record<CampaignActionName, Perform> = {
  block: (a, id, actor, o) => a.blockCampaign(id, actor, o),
  require_verification: (a, id, actor, o) => a.requireVerificationForCampaign(id, actor, o),
  unblock: (a, id, actor, o) => a.unblockCampaign(id, actor, o),
  dismiss: (a, id, actor, o) => a.dismissCampaign(id, actor, o),
};

const ACCOUNT: Record<AccountActionName, Perform> = {
  allow: (a, id, actor, o) => a.allowAccount(id, actor, o),
  block: (a, id, actor, o) => a.blockAccount(id, actor, o),
  mark_false_positive: (a, id, actor, o) => a.markAccountFalsePositive(id, actor, o),
  allowlist: (a, id, actor, o) => a.allowlistAccount(id, actor, o),
};

/** Reads `{action, reason, dryRun}`; anything else is a 400 naming the field. */
function parseActionRequest<Name extends string>(body: unknown, names: readonly Name[]): { name: Name; options: AnalystActionOptions } {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body as Record<string, unknown> : undefined;
  if (!fields) throw new DistillguardError('REQUEST_INVALID_BODY', 'send a JSON object {action, reason, dryRun}');
  if (typeof fields.action !== 'string' || !(names as readonly string[]).includes(fields.action)) {
    throw new DistillguardError('REQUEST_INVALID_BODY', `action must be one of ${names.join(', ')}`, { details: { param: 'action' } });
  }
  if (typeof fields.reason !== 'string' || fields.reason.trim() === '') {
    throw new DistillguardError('REQUEST_INVALID_BODY', 'say why in reason (it goes to the audit log)', { details: { param: 'reason' } });
  }
  if (fields.dryRun !== undefined && typeof fields.dryRun !== 'boolean') {
    throw new DistillguardError('REQUEST_INVALID_BODY', 'dryRun must be true or false', { details: { param: 'dryRun' } });
  }
  return { name: fields.action as Name, options: { reason: fields.reason, dryRun: fields.dryRun === true } };
}

/** Registers the action endpoints; `onActed` runs after each recorded action. */
export function registerActionRoutes(app: FastifyInstance, actions: AnalystActions, route: Route, onActed: () => void = () => {}): void {
  app.post('/dashboard/api/campaigns/:id/actions', route(async (request, actor): Promise<ActionResponse> => {
    const { name, options } = parseActionRequest(request.body, CAMPAIGN_ACTIONS);
    const recorded = await CAMPAIGN[name](actions, (request.params as { id: string }).id, actor, options);
    onActed();
    return { action: toActionView(recorded.action), audit: recorded.audit };
  }));
  app.post('/dashboard/api/accounts/:id/actions', route(async (request, actor): Promise<ActionResponse> => {
    const { name, options } = parseActionRequest(request.body, ACCOUNT_ACTIONS);
    const recorded = await ACCOUNT[name](actions, (request.params as { id: string }).id, actor, options);
    onActed();
    return { action: toActionView(recorded.action), audit: recorded.audit };
  }));
}

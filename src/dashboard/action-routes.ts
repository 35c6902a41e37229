/**
 * The dashboard's action endpoints: one call per analyst button to the same `AnalystActions` the
 * admin API and the CLI use (src/enforce/decisions/analyst.ts), so that every action is stored,
 * audited (`enforce.<kind>`) and distributed to every replica's decision cache the same way.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountActionKind, ActionOptions, AnalystActions, CampaignActionKind } from '../enforce/decisions/analyst.js';
import { DistillguardError } from '../errors.js';
import type { StoredAction } from '../store/types.js';
import { ACCOUNT_ACTIONS, CAMPAIGN_ACTIONS, type AccountActionName, type ActionResponse, type CampaignActionName } from './api-types.js';
import { toActionView } from './queries.js';

type Route = <T>(handler: (request: FastifyRequest, actor: string) => Promise<T>) =>
  (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** The dashboard's button names, as the analysts' action kinds. */
const CAMPAIGN: Record<CampaignActionName, CampaignActionKind> = {
  block: 'block', require_verification: 'require_verification', unblock: 'unblock', dismiss: 'mark_false_positive',
};
const ACCOUNT: Record<AccountActionName, AccountActionKind> = {
  allow: 'allow', block: 'block', mark_false_positive: 'mark_false_positive', allowlist: 'allowlist',
};

const response = (action: StoredAction): ActionResponse => ({ action: toActionView(action), audit: `enforce.${action.kind}` });

/** Reads `{action, reason, dryRun}`; anything else is a 400 naming the field. */
function parseActionRequest<Name extends string>(body: unknown, names: readonly Name[], actor: string): { name: Name; options: ActionOptions } {
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
  return { name: fields.action as Name, options: { actor, reason: fields.reason, dryRun: fields.dryRun === true } };
}

/** Registers the action endpoints; `onActed` runs after each recorded action. */
export function registerActionRoutes(app: FastifyInstance, actions: AnalystActions, route: Route, onActed: () => void = () => {}): void {
  app.post('/dashboard/api/campaigns/:id/actions', route(async (request, actor): Promise<ActionResponse> => {
    const { name, options } = parseActionRequest(request.body, CAMPAIGN_ACTIONS, actor);
    const action = await actions.onCampaign((request.params as { id: string }).id, CAMPAIGN[name], options);
    onActed();
    return response(action);
  }));
  app.post('/dashboard/api/accounts/:id/actions', route(async (request, actor): Promise<ActionResponse> => {
    const { name, options } = parseActionRequest(request.body, ACCOUNT_ACTIONS, actor);
    const action = await actions.onAccount((request.params as { id: string }).id, ACCOUNT[name], options);
    onActed();
    return response(action);
  }));
}

/**
 * What an account's explicit actions add up to. Analysts' actions decide among themselves by
 * recency (the newest of block / require verification / allow / allowlist / unblock / false positive
 * wins);
 * an analyst's override always beats automatic ones (the engine's, the policy's), whatever their
 * time. Dry-run actions change nothing, but are reported as what would have happened.
 */
import type { StoredAction } from '../../store/types.js';

/** Action kinds that gate or free an account or campaign. */
export const DECISIVE_KINDS = new Set(['block', 'require_verification', 'allow', 'allowlist', 'unblock', 'mark_false_positive']);

/** Actors whose actions are automatic: the detection engine and the policy. */
export function isAutomaticActor(actor: string): boolean {
  return actor === 'engine' || actor.startsWith('engine:') || actor.startsWith('policy:') || actor === 'policy';
}

/** The explicit actions in force on one account (or campaign), resolved. */
export interface ExplicitState {
  /** The analysts' decisive action in force, if any. */
  analyst: StoredAction | undefined;
  /** Automatic block / require-verification actions in force (the engine's). */
  automatic: readonly StoredAction[];
  /** Active dry-run actions: reported, never applied. */
  dryRun: readonly StoredAction[];
  /** Earliest expiry among them (ms), after which the state must be resolved again. */
  validUntilMs: number;
}

export const NO_EXPLICIT_STATE: ExplicitState = Object.freeze({ analyst: undefined, automatic: [], dryRun: [], validUntilMs: Number.POSITIVE_INFINITY });

/** Clock skew tolerated between replicas: an action stamped this far in the future already counts. */
const SKEW_MS = 60_000;

/** True when the action is in force at `nowMs`. */
export function isActive(action: StoredAction, nowMs: number): boolean {
  return action.revokedAt === null && (action.expiresAt === null || Date.parse(action.expiresAt) > nowMs) && Date.parse(action.ts) <= nowMs + SKEW_MS;
}

/** Resolves the actions on one target (all of them, any state) at `nowMs`. */
export function resolveExplicit(actions: Iterable<StoredAction>, nowMs: number): ExplicitState {
  let analyst: StoredAction | undefined;
  const automatic: StoredAction[] = [];
  const dryRun: StoredAction[] = [];
  let validUntilMs = Number.POSITIVE_INFINITY;
  for (const action of actions) {
    if (!DECISIVE_KINDS.has(action.kind)) continue;
    // an action that starts later must be looked at again when it does
    const startsMs = Date.parse(action.ts) - SKEW_MS;
    if (action.revokedAt === null && startsMs > nowMs) validUntilMs = Math.min(validUntilMs, startsMs);
    if (!isActive(action, nowMs)) continue;
    if (action.actor.startsWith('policy:')) continue; // the policy's own records are history, not input
    if (action.expiresAt !== null) validUntilMs = Math.min(validUntilMs, Date.parse(action.expiresAt));
    if (action.dryRun) {
      dryRun.push(action);
    } else if (isAutomaticActor(action.actor)) {
      if (action.kind === 'block' || action.kind === 'require_verification') automatic.push(action);
    } else if (!analyst || action.ts > analyst.ts || (action.ts === analyst.ts && action.actionId > analyst.actionId)) {
      analyst = action;
    }
  }
  if (automatic.length === 0 && dryRun.length === 0 && !analyst) return validUntilMs === Number.POSITIVE_INFINITY ? NO_EXPLICIT_STATE : { ...NO_EXPLICIT_STATE, validUntilMs };
  return { analyst, automatic, dryRun, validUntilMs };
}

/**
 * Enforcement in the gateway's request path (the gateway's `EnforcementHook`). Per request: decide
 * (memory only), refuse in the API's own format if the decision says so, take from the rate-limit
 * buckets, and hand the gateway a reasoning rewriter when reasoning is to be summarised or
 * withheld. Every exchange it touched carries an `enforcement` note in its record.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { DistillguardError } from '../errors.js';
import type { Admission, EnforcementHook, ResponseRewriter } from '../gateway/enforcement-hook.js';
import type { ExchangeContext } from '../gateway/exchange.js';
import type { UpstreamProtocol } from '../config/schema.js';
import type { ExchangeRecord, ExchangeRequest, Verification } from '../records/types.js';
import { applyPromptRules, decide, type Decision, type Subject } from './decide.js';
import type { DecisionCache } from './decisions/cache.js';
import type { EnforcementMetrics } from './metrics.js';
import type { PolicyHolder } from './policy/holder.js';
import { VERIFICATION_LEVELS, type AccountFacts, type ReasoningExposure } from './policy/types.js';
import type { PromptScorer } from './prompt-scorer.js';
import { RateLimiter, type Charge } from './ratelimit/limiter.js';
import type { TakeResult } from './ratelimit/types.js';
import { reasoningRewriter, type SummaryOptions } from './reasoning/index.js';

const BUCKET_NAMES: Record<string, string> = { rpm: 'requests per minute', rpd: 'requests per day', tpm: 'tokens per minute', tpd: 'tokens per day' };
const DRY_RUN_LOG_EVERY_MS = 60_000;

export interface EnforcementGateOptions {
  policy: PolicyHolder;
  cache: DecisionCache;
  limiter: RateLimiter;
  scorer: () => PromptScorer | undefined;
  metrics: EnforcementMetrics;
  logger: Logger;
  /** What a request gets when the shared rate-limit store fails: served (`allow`) or 503 (`deny`). */
  onBackendError: 'allow' | 'deny';
}

function lastUserText(request: ExchangeRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i -= 1) if (request.messages[i]!.role === 'user') return request.messages[i]!.content;
  return '';
}

function promptChars(request: ExchangeRequest): number {
  let chars = request.system?.length ?? 0;
  for (const message of request.messages) chars += message.content.length;
  return chars;
}

const asVerification = (value: string | undefined): Verification =>
  value !== undefined && (VERIFICATION_LEVELS as readonly string[]).includes(value) ? value as Verification : 'none';

export class EnforcementGate implements EnforcementHook {
  private readonly charges = new WeakMap<ExchangeContext, Charge>();
  private readonly dryRunLogged = new Map<string, number>();
  private backendErrorLoggedAt = 0;

  constructor(private readonly options: EnforcementGateOptions) {}

  /** The facts tiers match on: the newest the replica knows (a verification published on the bus beats the key cache). */
  facts(accountId: string, verification: string | undefined, program: string | undefined): AccountFacts {
    const override = this.options.cache.profile(accountId);
    return {
      verification: override?.verification ?? asVerification(verification),
      program: override && override.program !== undefined ? override.program ?? undefined : program,
    };
  }

  /** The request as the decision sees it. */
  subject(ctx: ExchangeContext): Subject {
    const caller = ctx.caller!;
    const request = ctx.facts!.request;
    return {
      accountId: caller.accountId,
      keyId: caller.keyId,
      facts: this.facts(caller.accountId, caller.verification, caller.program),
      model: ctx.facts!.model,
      requestedMaxTokens: request.max_tokens,
      prompt: lastUserText(request),
      system: request.system,
      systemSha256: () => (request.system === undefined ? undefined : createHash('sha256').update(request.system).digest('hex')),
    };
  }

  admit(ctx: ExchangeContext, _body: Record<string, unknown>, raw: Buffer): Admission | undefined | Promise<Admission | undefined> {
    if (!ctx.caller || !ctx.facts) return undefined;
    const subject = this.subject(ctx);
    // prompt rules wait: the prompt is scored while the upstream works, not before the request leaves
    const decision = decide(this.options.policy.current, this.options.cache, subject, this.options.scorer(), { deferPrompts: true });
    if (decision.dryRun.length > 0) this.logDryRun(ctx.caller.accountId, decision);
    if (decision.deny) {
      ctx.enforcement = this.note(decision);
      this.options.metrics.outcomes.inc({ outcome: `denied_${decision.deny.code.toLowerCase()}` });
      const { deny } = decision;
      throw new DistillguardError(deny.code, deny.message, {
        details: { ...(deny.param ? { param: deny.param } : {}), ...(deny.verificationUrl ? { extra: { verification_url: deny.verificationUrl } } : {}) },
      });
    }
    if (!RateLimiter.limits(decision.limits)) return this.finish(ctx, raw, decision, subject, undefined);
    const charge: Charge = { accountId: ctx.caller.accountId, limits: decision.limits, estimatedTokens: Math.ceil(promptChars(ctx.facts.request) / 4) };
    let taken: TakeResult | Promise<TakeResult>;
    try {
      taken = this.options.limiter.admit(charge.accountId, charge.limits, charge.estimatedTokens);
    } catch (error) {
      return this.backendFailed(error, ctx, raw, decision, subject);
    }
    if (taken instanceof Promise) {
      return taken.then((result) => this.afterTake(ctx, raw, decision, subject, charge, result), (error: unknown) => this.backendFailed(error, ctx, raw, decision, subject));
    }
    return this.afterTake(ctx, raw, decision, subject, charge, taken);
  }

  private afterTake(ctx: ExchangeContext, raw: Buffer, decision: Decision, subject: Subject, charge: Charge, result: TakeResult): Admission | undefined {
    if (result.ok) {
      this.charges.set(ctx, charge);
      return this.finish(ctx, raw, decision, subject, undefined);
    }
    const bucket = result.bucket;
    if (decision.limitsDryRun) {
      this.logDryRun(charge.accountId, decision);
      return this.finish(ctx, raw, decision, subject, `rate:${bucket}:rate_limited`);
    }
    const name = BUCKET_NAMES[bucket] ?? bucket;
    const note = this.note(decision);
    note.measures = [...((note.measures as string[] | undefined) ?? []), `rate:${name.replaceAll(' ', '_')}`];
    note.denied = 'rate_limited';
    ctx.enforcement = note;
    this.options.metrics.outcomes.inc({ outcome: 'rate_limited' });
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    throw new DistillguardError('RATE_LIMITED',
      `Rate limit reached for ${name} on this account's access tier (${decision.tier.name}). Retry in ${seconds} s.`, {
        details: { headers: { 'retry-after': String(seconds), 'retry-after-ms': String(result.retryAfterMs) }, extra: { retry_after_ms: result.retryAfterMs } },
      });
  }

  private finish(ctx: ExchangeContext, raw: Buffer, decision: Decision, subject: Subject, dryRunRate: string | undefined): Admission | undefined {
    const policy = this.options.policy.current;
    this.record(ctx, decision, dryRunRate);
    let admission: Admission | undefined;
    if (decision.promptsPending) {
      const scorer = this.options.scorer()!;
      let resolved = false;
      const resolve = (): ReasoningExposure => {
        if (!resolved) {
          resolved = true;
          applyPromptRules(policy, decision, subject, scorer);
          this.record(ctx, decision, dryRunRate);
        }
        return decision.reasoning;
      };
      // runs as soon as the request is on its way upstream; whatever reads the answer first resolves it otherwise
      setImmediate(resolve);
      admission = { rewriter: deferredRewriter(resolve, ctx.adapter.protocol, policy.summary) };
    } else {
      this.options.metrics.outcomes.inc({ outcome: outcomeOf(decision, dryRunRate) });
      if (decision.reasoning !== 'full') admission = { rewriter: reasoningRewriter(ctx.adapter.protocol, decision.reasoning, policy.summary) };
    }
    // a tier's output budget also binds requests that name none (Anthropic always names one)
    const cap = decision.tier.maxOutputTokens;
    if (cap !== undefined && ctx.facts!.request.max_tokens === undefined && policy.mode === 'enforce') {
      const field = ctx.adapter.protocol === 'openai.responses' ? 'max_output_tokens' : ctx.adapter.protocol === 'openai.chat' ? 'max_completion_tokens' : undefined;
      if (field) admission = { ...admission, body: withField(raw, field, cap) };
    }
    return admission;
  }

  /** Puts the decision on the exchange record (unless nothing happened), and counts it once final. */
  private record(ctx: ExchangeContext, decision: Decision, dryRunRate: string | undefined): void {
    const trivial = decision.measures.length === 0 && decision.dryRun.length === 0 && decision.reasoning === 'full' && !decision.exempt && !dryRunRate;
    if (!trivial) {
      const note = this.note(decision);
      if (dryRunRate) note.dry_run = [...((note.dry_run as string[] | undefined) ?? []), dryRunRate];
      ctx.enforcement = note;
    }
    if (decision.promptScores) this.options.metrics.outcomes.inc({ outcome: outcomeOf(decision, dryRunRate) });
  }

  private backendFailed(error: unknown, ctx: ExchangeContext, raw: Buffer, decision: Decision, subject: Subject): Admission | undefined {
    this.options.metrics.backendErrors.inc({ backend: 'ratelimit' });
    const now = Date.now();
    if (now - this.backendErrorLoggedAt > 10_000) {
      this.backendErrorLoggedAt = now;
      this.options.logger.error({ err: error, onBackendError: this.options.onBackendError },
        `the rate-limit store failed; requests are ${this.options.onBackendError === 'allow' ? 'served without rate limits' : 'refused with 503'} until it recovers`);
    }
    if (this.options.onBackendError === 'allow') return this.finish(ctx, raw, decision, subject, undefined);
    throw new DistillguardError('ENFORCE_BACKEND_UNAVAILABLE', 'The gateway cannot check rate limits right now; retry shortly', {
      details: { headers: { 'retry-after': '1' } },
    });
  }

  settle(ctx: ExchangeContext, record: ExchangeRecord): void {
    const charge = this.charges.get(ctx);
    if (!charge) return;
    this.charges.delete(ctx);
    try {
      const pending = this.options.limiter.settle(charge, record.usage.input_tokens + record.usage.output_tokens);
      if (pending instanceof Promise) {
        pending.catch((error: unknown) => {
          this.options.metrics.backendErrors.inc({ backend: 'ratelimit' });
          this.options.logger.debug({ err: error }, 'charging tokens failed');
        });
      }
    } catch (error) {
      this.options.metrics.backendErrors.inc({ backend: 'ratelimit' });
      this.options.logger.debug({ err: error }, 'charging tokens failed');
    }
  }

  /** The `enforcement` field of the record: only what is not the default is written. */
  private note(decision: Decision): Record<string, unknown> {
    const note: Record<string, unknown> = { policy: this.options.policy.current.version, tier: decision.tier.name };
    if (decision.measures.length) note.measures = decision.measures;
    if (decision.reasoning !== 'full') note.reasoning = decision.reasoning;
    if (decision.deny) note.denied = decision.deny.code.toLowerCase();
    if (decision.dryRun.length) note.dry_run = decision.dryRun;
    if (decision.exempt) note.exempt = decision.exempt;
    if (decision.promptScores) note.prompt_scores = { cot_extraction: round(decision.promptScores.cot_extraction), jailbreak: round(decision.promptScores.jailbreak) };
    return note;
  }

  private logDryRun(accountId: string, decision: Decision): void {
    const now = Date.now();
    const last = this.dryRunLogged.get(accountId);
    if (last !== undefined && now - last < DRY_RUN_LOG_EVERY_MS) return;
    if (this.dryRunLogged.size > 100_000) this.dryRunLogged.clear();
    this.dryRunLogged.set(accountId, now);
    this.options.logger.info({ account: accountId, tier: decision.tier.name, wouldHave: decision.dryRun },
      'enforcement dry run: this request would have been treated differently');
  }
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * The request body with one more top-level field, spliced into the client's bytes (no re-serialising:
 * the body may be large). Only called for a field the body does not have, on a non-empty object.
 */
export function withField(raw: Buffer, field: string, value: number): Buffer {
  let open = 0;
  while (open < raw.length && raw[open] !== 0x7b) open += 1; // '{' (after any whitespace or BOM)
  return Buffer.concat([raw.subarray(0, open + 1), Buffer.from(`"${field}":${value},`), raw.subarray(open + 1)]);
}

function outcomeOf(decision: Decision, dryRunRate: string | undefined): string {
  return decision.reasoning !== 'full' ? `reasoning_${decision.reasoning}` : decision.dryRun.length || dryRunRate ? 'dry_run' : 'pass';
}

/** A reasoning rewriter whose exposure is known only when the answer arrives (deferred prompt rules). */
function deferredRewriter(resolve: () => ReasoningExposure, protocol: UpstreamProtocol, summary: SummaryOptions): ResponseRewriter {
  const inner = (): ResponseRewriter | undefined => {
    const exposure = resolve();
    return exposure === 'full' ? undefined : reasoningRewriter(protocol, exposure, summary);
  };
  return {
    rewriteBody: (body) => inner()?.rewriteBody(body),
    createStreamRewriter: () => inner()?.createStreamRewriter(),
  };
}

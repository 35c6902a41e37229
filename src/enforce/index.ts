/**
 * Countermeasures: the policy, the hot-path decision, reasoning protection, rate limits, decision
 * distribution and analysts' actions. See docs/POLICY.md.
 *
 * @example
 * // the detection engine publishes through the running gateway's enforcement:
 * await gateway.enforcement.publisher.publishVerdicts(verdicts, { alreadyStored: true });
 * await gateway.enforcement.publisher.publishCampaign(campaignRecord, { alreadyStored: true });
 */
export { Enforcement, type StartEnforcementOptions } from './runtime.js';
export type { DecisionBus, DecisionEnvelope, DecisionMessage, DecisionPublisher, PublishOptions } from './decisions/types.js';
export { AnalystActions, applicationId, systemPromptSha256, type ActionOptions, type ApplicationRef } from './decisions/analyst.js';
export { DecisionCache } from './decisions/cache.js';
export { MemoryBusHub, MemoryDecisionBus } from './decisions/memory-bus.js';
export { RedisDecisionBus } from './decisions/redis-bus.js';
export { decide, applyPromptRules, type Decision, type Subject } from './decide.js';
export { parsePolicy, loadPolicyFile, builtInPolicy } from './policy/load.js';
export { PolicyHolder } from './policy/holder.js';
export type { Policy, Tier, RiskStep, PromptRule, ReasoningExposure } from './policy/types.js';
export { keywordPromptScorer, loadClassifierScorer, type PromptScorer, type PromptScores } from './prompt-scorer.js';
export { reasoningRewriter, summariseReasoning } from './reasoning/index.js';
export type { RateLimitStore, BucketSpec, TakeResult } from './ratelimit/types.js';
export { MemoryRateLimitStore } from './ratelimit/memory.js';
export { RedisRateLimitStore } from './ratelimit/redis.js';

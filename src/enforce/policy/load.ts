/**
 * Reads, validates and compiles a policy file. Every error names the file and line and says how to
 * fix it, e.g. `policy.yaml:14: risk[2].action must be one of "monitor", "throttle", …`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { DistillguardError } from '../../errors.js';
import type { ReasonSignal } from '../../detect/types.js';
import type { Verification } from '../../records/types.js';
import { POLICY_JSON_SCHEMA } from './schema.js';
import type {
  AccountFacts, Policy, PolicyMode, PromptRule, RateLimits, ReasoningExposure, RiskAction, RiskStep, ThrottleSpec, Tier,
} from './types.js';

/** The policy file as written (after schema validation). */
interface RawPolicy {
  version: 1;
  mode?: PolicyMode;
  verification?: { url?: string; satisfiedBy?: Verification[] };
  summary?: { maxSentences?: number; maxChars?: number };
  tiers?: Array<{
    name: string;
    match?: { verification?: Verification[]; programs?: string[] };
    reasoning?: ReasoningExposure;
    limits?: RateLimits;
    models?: string[];
    maxOutputTokens?: number;
  }>;
  risk?: Array<{
    name: string;
    when: { accountScore?: number; campaignScore?: number; flagged?: boolean; signals?: ReasonSignal[]; tiers?: string[]; verification?: Verification[]; programs?: string[] };
    action: RiskAction;
    throttle?: ThrottleSpec;
    dryRun?: boolean;
  }>;
  prompts?: Array<{
    name: string;
    when: { cotExtraction?: number; jailbreak?: number; grader?: number; tiers?: string[]; verification?: Verification[]; programs?: string[] };
    reasoning: 'summary' | 'none';
    dryRun?: boolean;
  }>;
}

type Segment = string | number;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateShape = ajv.compile(POLICY_JSON_SCHEMA);

const dotted = (segments: readonly Segment[]): string =>
  segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(root)';

/** Picks the most useful of ajv's errors: the deepest one, preferring unknown keys and enums. */
function describeSchemaError(errors: readonly ErrorObject[]): { segments: Segment[]; what: string } {
  const sorted = [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
  const first = sorted[0]!;
  const segments: Segment[] = first.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  let what = first.message ?? 'is invalid';
  if (first.keyword === 'additionalProperties') {
    segments.push((first.params as { additionalProperty: string }).additionalProperty);
    what = 'is not a known policy field (see docs/POLICY.md)';
  } else if (first.keyword === 'enum') {
    what = `must be one of ${(first.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (first.keyword === 'const') {
    what = `must be ${JSON.stringify((first.params as { allowedValue: unknown }).allowedValue)}`;
  } else if (first.keyword === 'minProperties') {
    what = 'must not be empty';
  }
  return { segments, what };
}

/** A matcher for model names: `*` is any model, a trailing `*` a prefix, anything else exact. */
export function modelMatcher(patterns: readonly string[]): (model: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (model) => exact.has(model) || prefixes.some((prefix) => model.startsWith(prefix));
}

const setOf = <T>(values: readonly T[] | undefined): ReadonlySet<T> | undefined => (values ? new Set(values) : undefined);

function compileTiers(raw: RawPolicy, fail: (segments: Segment[], message: string, hint: string) => never): Tier[] {
  const rawTiers = raw.tiers ?? [{ name: 'default' }];
  const seen = new Set<string>();
  const tiers = rawTiers.map((t, index): Tier => {
    if (seen.has(t.name)) fail(['tiers', index, 'name'], `tier name ${JSON.stringify(t.name)} is used twice`, 'give every tier a unique name');
    seen.add(t.name);
    if (t.match === undefined && index !== rawTiers.length - 1) {
      fail(['tiers', index], `tier ${JSON.stringify(t.name)} has no match, so it catches every account and the tiers after it can never apply`,
        'give it a match (verification and/or programs), or move it to the end');
    }
    const models = t.models ?? ['*'];
    return {
      name: t.name,
      verification: setOf(t.match?.verification),
      programs: setOf(t.match?.programs),
      reasoning: t.reasoning ?? 'full',
      limits: { ...t.limits },
      models,
      allowsModel: modelMatcher(models),
      maxOutputTokens: t.maxOutputTokens,
    };
  });
  const last = rawTiers[rawTiers.length - 1]!;
  if (last.match !== undefined) {
    fail(['tiers', rawTiers.length - 1, 'match'], `the last tier (${JSON.stringify(last.name)}) must be a catch-all without match, so that every account has a tier`,
      'remove its match, or add a last tier with only a name');
  }
  return tiers;
}

function checkTierNames(names: readonly string[] | undefined, tiers: ReadonlySet<string>, at: Segment[], fail: (s: Segment[], m: string, h: string) => never): void {
  for (const [index, tier] of (names ?? []).entries()) {
    if (!tiers.has(tier)) fail([...at, index], `names tier ${JSON.stringify(tier)}, which the policy does not define`, `define it under tiers, or use one of ${[...tiers].join(', ')}`);
  }
}

function compileRisk(raw: RawPolicy, tierNames: ReadonlySet<string>, fail: (s: Segment[], m: string, h: string) => never): RiskStep[] {
  const seen = new Set<string>();
  return (raw.risk ?? []).map((step, index): RiskStep => {
    const at: Segment[] = ['risk', index];
    if (seen.has(step.name)) fail([...at, 'name'], `risk step name ${JSON.stringify(step.name)} is used twice`, 'give every step a unique name');
    seen.add(step.name);
    checkTierNames(step.when.tiers, tierNames, [...at, 'when', 'tiers'], fail);
    if (step.action === 'throttle' && !step.throttle) {
      fail([...at], `risk step ${JSON.stringify(step.name)} throttles but says not how`, 'add throttle: {factor: 0.2} and/or absolute limits such as requestsPerMinute');
    }
    if (step.action !== 'throttle' && step.throttle) {
      fail([...at, 'throttle'], `throttle settings only apply to action: throttle (this step's action is ${step.action})`, 'remove throttle, or set action: throttle');
    }
    if (step.action === 'block_campaign' && (step.when.campaignScore === undefined || step.when.accountScore !== undefined || step.when.flagged !== undefined || step.when.signals !== undefined)) {
      fail([...at, 'when'], 'block_campaign is decided on the campaign, so its condition must be campaignScore (and not accountScore, flagged or signals)',
        'write when: {campaignScore: 0.9}; use block_account for account scores');
    }
    return {
      name: step.name,
      when: {
        ...(step.when.accountScore === undefined ? {} : { accountScore: step.when.accountScore }),
        ...(step.when.campaignScore === undefined ? {} : { campaignScore: step.when.campaignScore }),
        ...(step.when.flagged === undefined ? {} : { flagged: step.when.flagged }),
        ...(step.when.signals ? { signals: new Set(step.when.signals) } : {}),
        ...(step.when.tiers ? { tiers: new Set(step.when.tiers) } : {}),
        ...(step.when.verification ? { verification: new Set(step.when.verification) } : {}),
        ...(step.when.programs ? { programs: new Set(step.when.programs) } : {}),
      },
      action: step.action,
      throttle: step.throttle,
      dryRun: step.dryRun ?? false,
      index,
    };
  });
}

function compilePrompts(raw: RawPolicy, tierNames: ReadonlySet<string>, fail: (s: Segment[], m: string, h: string) => never): PromptRule[] {
  const seen = new Set<string>();
  return (raw.prompts ?? []).map((rule, index): PromptRule => {
    const at: Segment[] = ['prompts', index];
    if (seen.has(rule.name)) fail([...at, 'name'], `prompt rule name ${JSON.stringify(rule.name)} is used twice`, 'give every rule a unique name');
    seen.add(rule.name);
    checkTierNames(rule.when.tiers, tierNames, [...at, 'when', 'tiers'], fail);
    const w = rule.when;
    if (w.cotExtraction === undefined && w.jailbreak === undefined && w.grader === undefined) {
      fail([...at, 'when'], `prompt rule ${JSON.stringify(rule.name)} has no prompt score condition, so it would apply to every prompt`,
        'add cotExtraction, jailbreak or grader (a probability from 0 to 1); use a tier for account-wide settings');
    }
    return {
      name: rule.name,
      when: {
        ...(w.cotExtraction === undefined ? {} : { cotExtraction: w.cotExtraction }),
        ...(w.jailbreak === undefined ? {} : { jailbreak: w.jailbreak }),
        ...(w.grader === undefined ? {} : { grader: w.grader }),
        ...(w.tiers ? { tiers: new Set(w.tiers) } : {}),
        ...(w.verification ? { verification: new Set(w.verification) } : {}),
        ...(w.programs ? { programs: new Set(w.programs) } : {}),
      },
      reasoning: rule.reasoning,
      dryRun: rule.dryRun ?? false,
    };
  });
}

function tierResolver(tiers: readonly Tier[]): (facts: AccountFacts) => Tier {
  // few distinct (verification, program) pairs exist: memoise, so the hot path does one map lookup
  const memo = new Map<string, Tier>();
  return (facts) => {
    const key = `${facts.verification}\u0000${facts.program ?? ''}`;
    let tier = memo.get(key);
    if (tier === undefined) {
      tier = tiers.find((t) => (!t.verification || t.verification.has(facts.verification))
        && (!t.programs || (facts.program !== undefined && t.programs.has(facts.program)))) ?? tiers[tiers.length - 1]!;
      if (memo.size < 10_000) memo.set(key, tier);
    }
    return tier;
  };
}

function compile(raw: RawPolicy, source: string, version: string, fail: (s: Segment[], m: string, h: string) => never): Policy {
  const tiers = compileTiers(raw, fail);
  const tierNames = new Set(tiers.map((t) => t.name));
  const risk = compileRisk(raw, tierNames, fail);
  const prompts = compilePrompts(raw, tierNames, fail);
  const needsUrl = risk.some((s) => s.action === 'require_verification');
  if (needsUrl && !raw.verification?.url) {
    fail(['verification'], 'a risk step requires step-up verification, but the policy gives no verification.url to send the account to',
      'add verification: {url: "https://…/verify?account={account_id}"}');
  }
  return {
    source,
    version,
    loadedAt: new Date().toISOString(),
    mode: raw.mode ?? 'enforce',
    verification: { url: raw.verification?.url, satisfiedBy: new Set(raw.verification?.satisfiedBy ?? ['id', 'business']) },
    summary: { maxSentences: raw.summary?.maxSentences ?? 3, maxChars: raw.summary?.maxChars ?? 600 },
    tiers,
    risk,
    prompts,
    tierFor: tierResolver(tiers),
  };
}

/**
 * Parses and compiles policy YAML. `source` names it in errors (a file path). Throws
 * POLICY_INVALID with the file and line of the first problem.
 */
export function parsePolicy(text: string, source: string): Policy {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw new DistillguardError('POLICY_INVALID', `not valid YAML: ${error.message.split('\n')[0]}`, {
      location: { file: source, line: lineCounter.linePos(error.pos[0]).line },
      hint: 'fix the YAML syntax at that line',
    });
  }
  const lineOf = (segments: readonly Segment[]): number | undefined => {
    for (let n = segments.length; n >= 0; n -= 1) {
      const node = doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const fail = (segments: Segment[], message: string, hint: string): never => {
    const line = lineOf(segments);
    throw new DistillguardError('POLICY_INVALID', `${dotted(segments)}: ${message}`, {
      location: { file: source, ...(line === undefined ? {} : { line }) }, hint,
    });
  };
  const data: unknown = doc.toJS() ?? {};
  if (!validateShape(data)) {
    const { segments, what } = describeSchemaError(validateShape.errors ?? []);
    fail(segments, what, 'see docs/POLICY.md for every field and its type');
  }
  const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return compile(data as RawPolicy, source, version, fail);
}

/** Reads and compiles a policy file; POLICY_NOT_FOUND if unreadable, POLICY_INVALID if wrong. */
export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DistillguardError('POLICY_NOT_FOUND', `cannot read the policy file: ${(cause as Error).message}`, {
      location: { file: path }, hint: 'check the --policy path (or enforcement.policyFile in the config)', cause,
    });
  }
  return parsePolicy(text, path);
}

/** The policy in force without a policy file: one tier with full reasoning and no limits, no risk steps. */
export function builtInPolicy(): Policy {
  return parsePolicy('version: 1\n', 'built-in');
}

/**
 * Scenario files: a declarative description of who uses the API during which days. YAML or JSON,
 * checked against a JSON Schema and then for consistency; every error names the file, the line (YAML)
 * and the path of the offending value. See docs/SIMULATION.md for the format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { DistillguardError } from '../errors.js';
import { ARCHETYPES, type BehaviourParams } from './archetypes.js';
import { UA_FAMILIES } from './clients.js';

/** Reasoning text returned to clients: all of it, a short summary, or nothing (token counts stay). */
export type ReasoningExposure = 'full' | 'summary' | 'none';

/** A model the simulated provider serves. */
export interface ModelSpec {
  name: string;
  /** Release time, ms since the epoch. */
  releasedAt: number;
  /** Whether it can reason (requests for reasoning are honoured). */
  reasoning: boolean;
  /** Overrides the scenario's exposure for this model. */
  exposure?: ReasoningExposure;
}

/** A distillation campaign: its template families' options and sign-up pattern. */
export interface CampaignSpec {
  name: string;
  languages: string[];
  paraphrases: number;
  /** Sign-up bursts over the 45 days before the start (and, for `replenish`, during the scenario). */
  signupBursts: number;
  /** Share of the campaign's accounts created during the scenario (replacing banned ones). */
  replenish: number;
}

/** One population of accounts. */
export interface PopulationSpec {
  archetype: string;
  accounts: number;
  campaign: string | null;
  params: BehaviourParams;
}

/** A validated scenario with defaults applied and times resolved. */
export interface Scenario {
  name: string;
  description: string;
  /** Where it was read from (a path, or `built-in NAME`). */
  source: string;
  start: number;
  end: number;
  days: number;
  reasoningExposure: ReasoningExposure;
  models: ModelSpec[];
  campaigns: CampaignSpec[];
  populations: PopulationSpec[];
}

const LANGUAGES = ['en', 'zh', 'es', 'de', 'fr', 'ru', 'ja', 'ko', 'ar', 'pt', 'hi', 'vi'];
const BENIGN_KINDS = [
  'chat', 'coding', 'writing', 'homework_math', 'benchmark_gsm8k', 'benchmark_math', 'benchmark_humaneval', 'benchmark_mbpp',
  'benchmark_bbh', 'benchmark_ifeval', 'document_qa', 'agent_step', 'multilingual_chat',
];
const ATTACK_KINDS = ['cot_extraction', 'grader_rubric', 'censorship_rewrite', 'capability_sweep_code', 'agentic_sweep', 'expert_persona', 'jailbreak_extraction'];

const weights = (keys: readonly string[]) => ({
  type: 'object',
  propertyNames: { enum: keys },
  additionalProperties: { type: 'number', minimum: 0 },
});
const positive = { type: 'number', exclusiveMinimum: 0 };
const share = { type: 'number', minimum: 0, maximum: 1 };
const count = { type: 'integer', minimum: 1 };

const PARAMS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rhythm: { enum: ['human', 'always', 'bursts', 'deadline', 'roundrobin', 'lockstep'] },
    sessionsPerDay: positive,
    turnsPerSession: { type: 'number', minimum: 1 },
    thinkTimeSec: positive,
    activeDayShare: share,
    weekendFactor: { type: 'number', minimum: 0, maximum: 5 },
    rateSpread: { type: 'number', minimum: 0, maximum: 3 },
    conversation: { type: 'boolean' },
    appTemplate: { type: 'boolean' },
    kinds: weights(BENIGN_KINDS),
    attackKinds: weights(ATTACK_KINDS),
    benignShare: share,
    reasoningShare: share,
    outputTokens: { type: 'array', items: count, minItems: 2, maxItems: 2 },
    languages: { type: 'array', items: { enum: LANGUAGES }, minItems: 1 },
    paraphrases: count,
    network: { enum: ['residential', 'mobile', 'cloud', 'campus', 'residential_proxy', 'hosting'] },
    ipsPerAccount: count,
    ipLeaseDays: positive,
    countries: { type: 'array', items: { type: 'string', pattern: '^[A-Z]{2}$' } },
    roamingShare: share,
    vpnUsers: share,
    vpnShare: share,
    vpnExits: count,
    clients: weights(UA_FAMILIES),
    programs: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
    verification: weights(['none', 'email', 'phone', 'id', 'business']),
    email: weights(['freemail', 'disposable', 'corporate', 'university', 'personal']),
    signup: { enum: ['years', 'recent', 'burst'] },
    modelPolicy: { enum: ['adopt', 'pivot', 'fixed'] },
    adoptionDays: positive,
    pivotHours: { type: 'number', minimum: 0.5, maximum: 24 * 14 },
    groupSize: count,
    tickSec: positive,
    activeHourShare: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    courses: count,
    campuses: count,
    deadlineBoost: { type: 'number', minimum: 0 },
    errorRate: share,
    refusalRate: share,
  },
};

const SCENARIO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'start', 'days', 'models', 'populations'],
  properties: {
    name: { type: 'string', minLength: 1 },
    summary: { type: 'string' },
    description: { type: 'string' },
    start: { type: 'string', format: 'date-time' },
    days: { type: 'number', exclusiveMinimum: 0, maximum: 366 },
    reasoningExposure: { enum: ['full', 'summary', 'none'] },
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'release'],
        properties: {
          name: { type: 'string', minLength: 1 },
          release: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'number' }] },
          reasoning: { type: 'boolean' },
          exposure: { enum: ['full', 'summary', 'none'] },
        },
      },
    },
    campaigns: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
          languages: { type: 'array', items: { enum: LANGUAGES }, minItems: 1 },
          paraphrases: count,
          signupBursts: count,
          replenish: share,
        },
      },
    },
    populations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['archetype', 'accounts'],
        properties: {
          archetype: { enum: Object.keys(ARCHETYPES) },
          accounts: { type: 'integer', minimum: 1 },
          campaign: { type: 'string' },
          params: PARAMS_SCHEMA,
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)) });
const validateShape = ajv.compile(SCENARIO_SCHEMA);

/** Folder of the built-in scenarios (`<package root>/scenarios/`, the same from `src/` and `dist/`). */
export const SCENARIO_DIR: string = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** Names of the built-in scenarios, with their one-line descriptions. */
export function builtinScenarios(): Array<{ name: string; description: string }> {
  if (!existsSync(SCENARIO_DIR)) return [];
  return readdirSync(SCENARIO_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => {
      const name = basename(f, extname(f));
      let description = '';
      try {
        const doc = parseDocument(readFileSync(join(SCENARIO_DIR, f), 'utf8')).toJS() as { summary?: unknown; description?: unknown };
        if (typeof doc.summary === 'string') description = doc.summary.trim();
        else if (typeof doc.description === 'string') description = doc.description.trim().split(/(?<=[.;])\s/)[0] ?? '';
      } catch {
        // a broken file is reported when it is loaded, not when help is printed
      }
      return { name, description };
    });
}

function invalid(file: string, message: string, line?: number): DistillguardError {
  return new DistillguardError('SCENARIO_INVALID', message, {
    location: { file, ...(line === undefined ? {} : { line }) },
    hint: 'see docs/SIMULATION.md for the scenario format',
  });
}

function describeError(error: ErrorObject): { segments: Array<string | number>; what: string } {
  const segments = error.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  let what = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties') {
    segments.push((error.params as { additionalProperty: string }).additionalProperty);
    what = 'is not a known field';
  } else if (error.keyword === 'enum') {
    what = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (error.keyword === 'propertyNames') {
    what = 'has an unknown key';
  } else if (error.keyword === 'required') {
    segments.push((error.params as { missingProperty: string }).missingProperty);
    what = 'is required';
  }
  return { segments, what };
}

function dotted(segments: Array<string | number>): string {
  return segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '(root)';
}

/**
 * Reads and validates a scenario: `nameOrPath` is a built-in name (`tiny`, `report-scale`…) or a
 * path to a `.yaml`/`.yml`/`.json` file. Throws SCENARIO_INVALID (file, line, path) or
 * SCENARIO_NOT_FOUND.
 */
export function loadScenario(nameOrPath: string): Scenario {
  let path = nameOrPath;
  if (!existsSync(path)) {
    const builtin = ['.yaml', '.yml', '.json'].map((ext) => join(SCENARIO_DIR, `${nameOrPath}${ext}`)).find((p) => existsSync(p));
    if (!builtin) {
      const names = builtinScenarios().map((s) => s.name).join(', ');
      throw new DistillguardError('SCENARIO_NOT_FOUND', `no scenario file or built-in scenario named ${JSON.stringify(nameOrPath)}`, {
        location: { file: nameOrPath },
        hint: `give a path to a YAML/JSON scenario file, or one of the built-in scenarios: ${names}`,
      });
    }
    path = builtin;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DistillguardError('SCENARIO_NOT_FOUND', `cannot read the scenario file: ${(cause as Error).message}`, { location: { file: path }, cause });
  }
  return parseScenario(text, path);
}

/** Parses and validates scenario text (YAML, of which JSON is a subset); `file` names it in errors. */
export function parseScenario(text: string, file: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    throw invalid(file, `not valid YAML/JSON: ${error.message.split('\n')[0]}`, lineCounter.linePos(error.pos[0]).line);
  }
  const lineOf = (segments: Array<string | number>): number | undefined => {
    for (let n = segments.length; n >= 0; n -= 1) {
      const node = doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const data: unknown = doc.toJS();
  if (!validateShape(data)) {
    const { segments, what } = describeError(validateShape.errors![0]!);
    throw invalid(file, `${dotted(segments)} ${what}`, lineOf(segments));
  }
  return resolve(data as unknown as RawScenario, file, lineOf);
}

interface RawScenario {
  name: string;
  summary?: string;
  description?: string;
  start: string;
  days: number;
  reasoningExposure?: ReasoningExposure;
  models: Array<{ name: string; release: string | number; reasoning?: boolean; exposure?: ReasoningExposure }>;
  campaigns?: Array<{ name: string; languages?: string[]; paraphrases?: number; signupBursts?: number; replenish?: number }>;
  populations: Array<{ archetype: string; accounts: number; campaign?: string; params?: Partial<BehaviourParams> }>;
}

const DAY_MS = 86_400_000;

function resolve(raw: RawScenario, file: string, lineOf: (segments: Array<string | number>) => number | undefined): Scenario {
  const fail = (segments: Array<string | number>, message: string): never => {
    throw invalid(file, `${dotted(segments)} ${message}`, lineOf(segments));
  };
  const start = Date.parse(raw.start);
  const end = start + Math.round(raw.days * DAY_MS);
  const models: ModelSpec[] = raw.models.map((m) => ({
    name: m.name,
    releasedAt: typeof m.release === 'number' ? start + Math.round(m.release * DAY_MS) : Date.parse(m.release),
    reasoning: m.reasoning ?? true,
    ...(m.exposure ? { exposure: m.exposure } : {}),
  }));
  const modelNames = new Set<string>();
  models.forEach((m, i) => {
    if (modelNames.has(m.name)) fail(['models', i, 'name'], `repeats the model name ${JSON.stringify(m.name)}`);
    modelNames.add(m.name);
  });
  if (!models.some((m) => m.releasedAt <= start)) fail(['models'], 'needs at least one model released at or before the start');
  models.sort((a, b) => a.releasedAt - b.releasedAt || (a.name < b.name ? -1 : 1));

  const campaigns: CampaignSpec[] = (raw.campaigns ?? []).map((c) => ({
    name: c.name,
    languages: c.languages ?? ['en'],
    paraphrases: c.paraphrases ?? 12,
    signupBursts: c.signupBursts ?? 3,
    replenish: c.replenish ?? 0,
  }));
  const campaignNames = new Set<string>();
  campaigns.forEach((c, i) => {
    if (campaignNames.has(c.name)) fail(['campaigns', i, 'name'], `repeats the campaign name ${JSON.stringify(c.name)}`);
    campaignNames.add(c.name);
  });

  const populations: PopulationSpec[] = raw.populations.map((p, i) => {
    const archetype = ARCHETYPES[p.archetype]!;
    if (p.campaign !== undefined) {
      if (archetype.label === 'benign') fail(['populations', i, 'campaign'], `is set, but ${p.archetype} is a benign archetype (campaigns are for distillation archetypes)`);
      if (!campaignNames.has(p.campaign)) fail(['populations', i, 'campaign'], `names an undeclared campaign ${JSON.stringify(p.campaign)} (declare it under campaigns)`);
    }
    const params: BehaviourParams = { ...archetype.defaults, ...(p.params ?? {}) } as BehaviourParams;
    const [lo, hi] = params.outputTokens;
    if (lo > hi) fail(['populations', i, 'params', 'outputTokens'], 'must be [shortest, longest] with shortest <= longest');
    if (archetype.label === 'distillation' && Object.values(params.attackKinds).every((w) => !w)) {
      fail(['populations', i, 'params', 'attackKinds'], 'needs at least one attack kind with a positive weight');
    }
    if (Object.values(params.kinds).every((w) => !w)) fail(['populations', i, 'params', 'kinds'], 'needs at least one kind with a positive weight');
    if (Object.values(params.clients).every((w) => !w)) fail(['populations', i, 'params', 'clients'], 'needs at least one client family with a positive weight');
    return { archetype: p.archetype, accounts: p.accounts, campaign: p.campaign ?? null, params };
  });

  return {
    name: raw.name,
    description: (raw.description ?? '').trim(),
    source: file,
    start,
    end,
    days: raw.days,
    reasoningExposure: raw.reasoningExposure ?? 'full',
    models,
    campaigns,
    populations,
  };
}

/** The scenario with every population's account count multiplied by `factor` (at least one account each). */
export function scaleScenario(scenario: Scenario, factor: number): Scenario {
  if (factor === 1) return scenario;
  return {
    ...scenario,
    populations: scenario.populations.map((p) => ({ ...p, accounts: Math.max(1, Math.round(p.accounts * factor)) })),
  };
}

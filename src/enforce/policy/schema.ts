/**
 * JSON Schema of the policy file (YAML). Shape only; the cross-field rules (the last tier is a
 * catch-all, rule names are unique, tiers named by rules exist, …) are checked in `load.ts`.
 */
import { REASON_SIGNALS } from '../../detect/types.js';
import { REASONING_EXPOSURES, RISK_ACTIONS, VERIFICATION_LEVELS } from './types.js';

const score = { type: 'number', minimum: 0, maximum: 1 } as const;
const name = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;
const names = { type: 'array', minItems: 1, items: name } as const;
const verificationList = { type: 'array', minItems: 1, items: { enum: [...VERIFICATION_LEVELS] } } as const;
const programList = { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 64 } } as const;
const count = { type: 'integer', minimum: 1 } as const;

const limits = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requestsPerMinute: count,
    requestsPerDay: count,
    tokensPerMinute: count,
    tokensPerDay: count,
  },
} as const;

export const POLICY_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    mode: { enum: ['enforce', 'dry_run'] },
    verification: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        satisfiedBy: verificationList,
      },
    },
    summary: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxSentences: { type: 'integer', minimum: 1, maximum: 50 },
        maxChars: { type: 'integer', minimum: 40, maximum: 20000 },
      },
    },
    tiers: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name,
          match: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { verification: verificationList, programs: programList },
          },
          reasoning: { enum: [...REASONING_EXPOSURES] },
          limits,
          models: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          maxOutputTokens: count,
        },
      },
    },
    risk: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when', 'action'],
        properties: {
          name,
          when: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              accountScore: score,
              campaignScore: score,
              flagged: { type: 'boolean' },
              signals: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...REASON_SIGNALS] } },
              tiers: names,
              verification: verificationList,
              programs: programList,
            },
          },
          action: { enum: [...RISK_ACTIONS] },
          throttle: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { factor: { type: 'number', exclusiveMinimum: 0, maximum: 1 }, ...limits.properties },
          },
          dryRun: { type: 'boolean' },
        },
      },
    },
    prompts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'when', 'reasoning'],
        properties: {
          name,
          when: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: {
              cotExtraction: score,
              jailbreak: score,
              grader: score,
              tiers: names,
              verification: verificationList,
              programs: programList,
            },
          },
          reasoning: { enum: ['summary', 'none'] },
          dryRun: { type: 'boolean' },
        },
      },
    },
  },
} as const;

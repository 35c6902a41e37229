/**
 * TypeScript shapes of the spec v1 interchange records (`../shared/spec`, copied into `schemas/`).
 * Field names follow the spec exactly (snake_case), because these objects are written to disk as is.
 * Unknown fields are allowed by the spec and survive a read/write round trip.
 */

/** Access pathway names used by distillguard's own gateway. */
export type Endpoint = 'openai.chat' | 'openai.responses' | 'anthropic.messages' | (string & {});

export interface ExchangeMessage {
  role: 'user' | 'assistant' | 'tool';
  content: string;
  [extra: string]: unknown;
}

export interface ExchangeClient {
  ip: string;
  asn?: number;
  country?: string;
  user_agent?: string;
  tls_fp?: string;
  device_id?: string;
  [extra: string]: unknown;
}

export interface ExchangeRequest {
  system?: string;
  messages: ExchangeMessage[];
  tools?: string[];
  reasoning?: boolean;
  max_tokens?: number;
  temperature?: number;
  stream?: boolean;
  [extra: string]: unknown;
}

export interface ExchangeResponse {
  status: number;
  text?: string;
  reasoning?: string;
  finish_reason?: string;
  refusal?: boolean;
  [extra: string]: unknown;
}

export interface ExchangeUsage {
  input_tokens: number;
  output_tokens: number;
  reasoning_tokens?: number;
  [extra: string]: unknown;
}

/** One request to a model API and what was answered (spec v1 exchange record). */
export interface ExchangeRecord {
  id: string;
  /** RFC 3339 UTC with milliseconds. */
  ts: string;
  account_id: string;
  key_id?: string;
  surface?: string;
  client: ExchangeClient;
  model: string;
  endpoint: Endpoint;
  request: ExchangeRequest;
  response: ExchangeResponse;
  usage: ExchangeUsage;
  latency_ms?: number;
  [extra: string]: unknown;
}

export type Verification = 'none' | 'email' | 'phone' | 'id' | 'business';

/** What the provider knows about an account (spec v1 account record). */
export interface AccountRecord {
  account_id: string;
  created_at: string;
  org_id?: string;
  email_domain?: string;
  payment_fp?: string;
  billing_country?: string;
  signup_ip?: string;
  verification?: Verification;
  program?: string;
  [extra: string]: unknown;
}

/** Ground truth for simulated traffic (spec v1 label). */
export interface LabelRecord {
  account_id: string;
  label: 'benign' | 'distillation';
  campaign: string | null;
  archetype: string;
  [extra: string]: unknown;
}

/** A reason behind a verdict: which signal, how strong, and evidence in words. */
export interface VerdictReason {
  signal: string;
  weight: number;
  detail: string;
}

/** Per-account scan output (spec v1 verdict, accounts.jsonl). */
export interface AccountVerdictRecord {
  account_id: string;
  score: number;
  flagged: boolean;
  first_flagged_at: string | null;
  campaign_id: string | null;
  reasons: VerdictReason[];
  [extra: string]: unknown;
}

/** Per-campaign scan output (spec v1 verdict, campaigns.jsonl). */
export interface CampaignRecord {
  campaign_id: string;
  accounts: string[];
  first_seen: string;
  detected_at: string;
  score: number;
  summary: string;
  indicators: Array<{ type: string; value: string }>;
  [extra: string]: unknown;
}

/** The record kinds that have a spec v1 schema. */
export type RecordKind = 'exchange' | 'account' | 'label' | 'classify' | 'verdict';

/** Formats a Date as the spec's time form: RFC 3339, UTC, milliseconds. */
export function formatTimestamp(date: Date | number): string {
  return (typeof date === 'number' ? new Date(date) : date).toISOString();
}

/** A prompt to score (spec v1 classify input line). */
export interface ClassifyInputRecord {
  id: string;
  text: string;
  system?: string;
  [extra: string]: unknown;
}

/** Scores of one prompt (spec v1 classify output line); each score is a probability in 0..1. */
export interface ClassifyOutputRecord {
  id: string;
  jailbreak: number;
  cot_extraction: number;
  [extra: string]: unknown;
}

/** A line of either scan output file (spec v1 verdict). */
export type VerdictRecord = AccountVerdictRecord | CampaignRecord;

/**
 * What a validator or reader can check: the five spec kinds, plus the two halves of `classify`
 * (input / output lines) and of `verdict` (accounts.jsonl / campaigns.jsonl lines).
 */
export type ValidationKind = RecordKind | 'classify-output' | 'verdict-account' | 'verdict-campaign';

/** The TypeScript shape each validation kind guarantees. */
export interface RecordKindMap {
  exchange: ExchangeRecord;
  account: AccountRecord;
  label: LabelRecord;
  classify: ClassifyInputRecord;
  'classify-output': ClassifyOutputRecord;
  verdict: VerdictRecord;
  'verdict-account': AccountVerdictRecord;
  'verdict-campaign': CampaignRecord;
}

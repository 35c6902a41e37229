/**
 * Archetypes: the behaviours the simulator knows, each a preset of behaviour parameters that a
 * scenario's population may override. The engine has no per-archetype branches beyond what these
 * parameters say (rhythm, prompt mix, network, client mix, model policy…), so a new archetype is
 * usually a new preset.
 *
 * docs/SIMULATION.md describes every archetype and the public report or data set it draws on.
 */
import type { Verification } from '../records/types.js';
import type { EmailFamily, UaFamily } from './clients.js';
import type { AttackPromptKind, BenignPromptKind, Language } from './text/types.js';

/** When an account sends requests. */
export type Rhythm =
  | 'human'      // sessions on a diurnal curve in the account's time zone, weekdays busier
  | 'always'     // round the clock with mild diurnal modulation (services, pipelines)
  | 'bursts'     // runs of many prompts started in working hours (benchmarks)
  | 'deadline'   // human, plus synchronised rushes before course deadlines (students)
  | 'roundrobin' // a group shares one schedule; members take turns (load-balanced keys)
  | 'lockstep';  // a group shares one schedule; members fire together

/** Where an account's requests come from. */
export type NetworkKind =
  | 'residential'       // home ISP in the home country, address changes every lease
  | 'mobile'            // carrier-grade NAT: a few addresses shared by many users, new one per session
  | 'cloud'             // a few fixed addresses in one cloud region
  | 'campus'            // university NAT (shared by a whole campus) or home
  | 'residential_proxy' // a new residential address per request, any ISP, any country
  | 'hosting';          // small hosting / VPN providers, rotating daily

/** How an account picks models when a new one is released. */
export type ModelPolicy = 'adopt' | 'pivot' | 'fixed';

/** How sign-up times are spread. */
export type SignupPattern = 'years' | 'recent' | 'burst';

/** Every behaviour parameter; a population's `params` may override any of them. */
export interface BehaviourParams {
  rhythm: Rhythm;
  /** Sessions (or runs, tasks, requests for `always`) per active day for an average account. */
  sessionsPerDay: number;
  /** Mean requests per session (turns, benchmark prompts, agent steps). */
  turnsPerSession: number;
  /** Median gap between requests of a session, seconds. */
  thinkTimeSec: number;
  /** Probability that the account is active on a given day. */
  activeDayShare: number;
  /** Rate on Saturdays and Sundays relative to weekdays. */
  weekendFactor: number;
  /** Log-normal sigma of the per-account volume multiplier (heavy users vs light). */
  rateSpread: number;
  /** Turns of a session continue one conversation (history grows) instead of independent prompts. */
  conversation: boolean;
  /** Prompts come from one per-account app template family (a production app) instead of `kinds`. */
  appTemplate: boolean;
  /** Benign prompt kinds and their weights. */
  kinds: Partial<Record<BenignPromptKind, number>>;
  /** Attack prompt kinds and their weights (distillation archetypes). */
  attackKinds: Partial<Record<AttackPromptKind, number>>;
  /** Share of an attacker's requests drawn from `kinds` instead (cover traffic, hydra resale). */
  benignShare: number;
  /** Probability that a request asks for extended reasoning (prompts may ask on their own too). */
  reasoningShare: number;
  /** Typical visible answer length, tokens: [shortest, longest]. */
  outputTokens: [number, number];
  /** Languages of prompts (multilingual users; lone attackers' families). */
  languages: Language[];
  /** Paraphrased variants per template family (lone attackers; campaigns set their own). */
  paraphrases: number;
  network: NetworkKind;
  /** Stable addresses per account (residential, cloud, hosting). */
  ipsPerAccount: number;
  /** Days a residential or hosting address is kept before it changes. */
  ipLeaseDays: number;
  /** Home countries (ISO codes); empty = the world user mix. */
  countries: string[];
  /**
   * Share of sessions sent from the account's second network in its home country: the phone's
   * mobile carrier for a home or campus user, home broadband for a mobile user (residential, campus
   * and mobile networks only).
   */
  roamingShare: number;
  /** Share of the population's accounts that sometimes connect through a commercial VPN (residential, campus and mobile networks only). */
  vpnUsers: number;
  /** Share of a VPN user's sessions sent through the VPN. */
  vpnShare: number;
  /** VPN exits (servers, often in other countries) a VPN user picks among, one per session. */
  vpnExits: number;
  /** Client families and weights. */
  clients: Partial<Record<UaFamily, number>>;
  /** Access programmes and weights. */
  programs: Record<string, number>;
  verification: Partial<Record<Verification, number>>;
  /** E-mail domain families and weights. */
  email: Partial<Record<EmailFamily, number>>;
  signup: SignupPattern;
  modelPolicy: ModelPolicy;
  /** Mean days before an adopter starts using a newly released model. */
  adoptionDays: number;
  /** Latest hour after a release by which a pivoting account has switched. */
  pivotHours: number;
  /** Accounts per organisation / payment instrument / synchronised group (1 = each its own). */
  groupSize: number;
  /** Period of a group schedule, seconds (roundrobin, lockstep). */
  tickSec: number;
  /** Share of hours in which a group schedule runs. */
  activeHourShare: number;
  /** Courses (students): each with its own weekly deadline and homework. */
  courses: number;
  /** Campuses (students): each with a handful of NAT addresses. */
  campuses: number;
  /** How much busier students get just before a deadline. */
  deadlineBoost: number;
  /** Share of requests that fail (429, 5xx, client gone). */
  errorRate: number;
  /** Share of attack requests the model refuses. */
  refusalRate: number;
}

/** An archetype: its label and default parameters. */
export interface Archetype {
  name: string;
  label: 'benign' | 'distillation';
  summary: string;
  defaults: BehaviourParams;
}

const BASE: BehaviourParams = {
  rhythm: 'human',
  sessionsPerDay: 1,
  turnsPerSession: 3,
  thinkTimeSec: 60,
  activeDayShare: 0.6,
  weekendFactor: 0.6,
  rateSpread: 0.7,
  conversation: true,
  appTemplate: false,
  kinds: { chat: 1 },
  attackKinds: {},
  benignShare: 0,
  reasoningShare: 0.1,
  outputTokens: [50, 320],
  languages: ['en'],
  paraphrases: 8,
  network: 'residential',
  ipsPerAccount: 1,
  ipLeaseDays: 7,
  countries: [],
  roamingShare: 0,
  vpnUsers: 0,
  vpnShare: 0.5,
  vpnExits: 3,
  clients: { 'browser-chrome': 5, 'browser-safari': 2, 'browser-firefox': 1 },
  programs: { standard: 1 },
  verification: { email: 6, phone: 3, id: 1 },
  email: { freemail: 90, personal: 4, corporate: 4, disposable: 2 },
  signup: 'years',
  modelPolicy: 'adopt',
  adoptionDays: 4,
  pivotHours: 20,
  groupSize: 1,
  tickSec: 30,
  activeHourShare: 0.8,
  courses: 4,
  campuses: 2,
  deadlineBoost: 6,
  errorRate: 0.004,
  refusalRate: 0,
};

const SDKS: Partial<Record<UaFamily, number>> = {
  'openai-python': 8, 'anthropic-python': 6, 'openai-node': 4, 'anthropic-node': 2, 'python-httpx': 1, 'python-requests': 1, curl: 1, 'go-http': 0.5,
};

function preset(name: string, label: Archetype['label'], summary: string, params: Partial<BehaviourParams>): Archetype {
  return { name, label, summary, defaults: { ...BASE, ...params } };
}

/** Attackers' shared defaults: automated, recent sign-ups, SDK clients, cheaper verification. */
const ATTACK: Partial<BehaviourParams> = {
  rhythm: 'always',
  turnsPerSession: 1,
  conversation: false,
  activeDayShare: 0.95,
  weekendFactor: 0.95,
  rateSpread: 0.5,
  network: 'hosting',
  ipsPerAccount: 2,
  ipLeaseDays: 2,
  clients: { 'openai-python': 6, 'anthropic-python': 5, 'openai-node': 2, 'python-httpx': 2, 'python-requests': 1, curl: 1 },
  programs: { standard: 5, education: 2, research: 2, startup: 3 },
  verification: { email: 6, phone: 3, id: 0.5 },
  email: { freemail: 60, disposable: 14, corporate: 16, personal: 6, university: 4 },
  signup: 'burst',
  modelPolicy: 'fixed',
  kinds: { chat: 3, coding: 2, writing: 1 },
  errorRate: 0.01,
  reasoningShare: 0.2,
};

/** Every archetype, by name. */
export const ARCHETYPES: Readonly<Record<string, Archetype>> = Object.fromEntries(
  [
    // --- benign --------------------------------------------------------------------------------
    preset('developer', 'benign', 'individual developers: coding questions from SDKs, curl and the console, in working-hour sessions with growing conversations', {
      sessionsPerDay: 1.3, turnsPerSession: 4, thinkTimeSec: 90, activeDayShare: 0.55, weekendFactor: 0.35,
      kinds: { coding: 6, chat: 2, writing: 1, document_qa: 1 }, reasoningShare: 0.15, outputTokens: [100, 400],
      clients: { ...SDKS, 'browser-chrome': 3, 'browser-firefox': 1 }, programs: { standard: 8, startup: 2 },
      email: { freemail: 62, corporate: 28, personal: 8, disposable: 2 },
    }),
    preset('chat_user', 'benign', 'everyday assistant users in the console: evening and weekend sessions of a few turns', {
      sessionsPerDay: 1, turnsPerSession: 3.5, thinkTimeSec: 75, activeDayShare: 0.45, weekendFactor: 0.9,
      kinds: { chat: 6, writing: 3, homework_math: 0.5, document_qa: 0.5 }, reasoningShare: 0.08, outputTokens: [80, 350],
    }),
    preset('production_app', 'benign', 'production applications: one fixed system prompt with templated user messages, huge volume from a few cloud addresses, around the clock', {
      rhythm: 'always', sessionsPerDay: 1500, turnsPerSession: 1, conversation: false, appTemplate: true, activeDayShare: 1, weekendFactor: 0.8, rateSpread: 0.9,
      kinds: { chat: 1 }, reasoningShare: 0, outputTokens: [60, 220], network: 'cloud', ipsPerAccount: 3,
      clients: { 'openai-python': 4, 'anthropic-python': 3, 'openai-node': 3, 'anthropic-node': 2, 'go-http': 1 },
      programs: { enterprise: 5, startup: 4, standard: 1 }, verification: { business: 7, id: 2, email: 1 },
      email: { corporate: 95, freemail: 5 }, modelPolicy: 'fixed', groupSize: 1, errorRate: 0.006,
    }),
    preset('researcher', 'benign', 'researchers running benchmarks (GSM8K, MATH, HumanEval, MBPP, BBH, IFEval) in bursts, asking for step-by-step reasoning', {
      rhythm: 'bursts', sessionsPerDay: 0.5, turnsPerSession: 150, thinkTimeSec: 2, activeDayShare: 0.5, weekendFactor: 0.4, conversation: false,
      kinds: { benchmark_gsm8k: 3, benchmark_math: 3, benchmark_humaneval: 2, benchmark_mbpp: 2, benchmark_bbh: 3, benchmark_ifeval: 1 },
      reasoningShare: 0.7, outputTokens: [100, 400], network: 'cloud', ipsPerAccount: 2,
      clients: { 'openai-python': 6, 'anthropic-python': 5, 'python-httpx': 1 }, programs: { research: 7, education: 2, standard: 1 },
      verification: { id: 3, email: 5, business: 2 }, email: { university: 55, corporate: 25, freemail: 20 }, adoptionDays: 1.5,
    }),
    preset('student', 'benign', 'students on education accounts behind shared campus NAT addresses, doing the same homework in rushes before deadlines', {
      rhythm: 'deadline', sessionsPerDay: 0.6, turnsPerSession: 4, thinkTimeSec: 70, activeDayShare: 0.7, weekendFactor: 0.8,
      kinds: { homework_math: 5, coding: 2, writing: 2, chat: 1 }, reasoningShare: 0.2, outputTokens: [100, 400], network: 'campus',
      clients: { 'browser-chrome': 6, 'browser-safari': 2, 'mobile-ios': 1, 'openai-python': 1 }, programs: { education: 1 },
      verification: { email: 8, phone: 2 }, email: { university: 80, freemail: 18, disposable: 2 },
    }),
    preset('mobile_user', 'benign', 'mobile users behind carrier-grade NAT: many users per address, a new address per session', {
      sessionsPerDay: 1.5, turnsPerSession: 2.5, thinkTimeSec: 50, activeDayShare: 0.5, weekendFactor: 1,
      kinds: { chat: 7, writing: 2, multilingual_chat: 1 }, reasoningShare: 0.05, outputTokens: [60, 260], network: 'mobile',
      clients: { 'mobile-ios': 5, 'mobile-android': 5 },
    }),
    preset('agent_company', 'benign', 'agent companies: long tool-use loops (tools declared, tool results fed back, many steps per task) from cloud servers', {
      rhythm: 'always', sessionsPerDay: 40, turnsPerSession: 14, thinkTimeSec: 4, activeDayShare: 1, weekendFactor: 0.7,
      kinds: { agent_step: 1 }, reasoningShare: 0.3, outputTokens: [60, 260], network: 'cloud', ipsPerAccount: 4,
      clients: { 'anthropic-python': 5, 'openai-python': 4, 'openai-node': 2, 'anthropic-node': 2 },
      programs: { startup: 6, enterprise: 4 }, verification: { business: 7, id: 3 }, email: { corporate: 100 }, groupSize: 3, adoptionDays: 2,
    }),
    preset('multilingual_user', 'benign', 'users writing in their own language (Chinese, Spanish, German, Japanese, Arabic…)', {
      sessionsPerDay: 1, turnsPerSession: 3, thinkTimeSec: 80, activeDayShare: 0.5, weekendFactor: 0.8,
      kinds: { multilingual_chat: 6, chat: 2, writing: 1, coding: 1 }, languages: ['zh', 'es', 'de', 'fr', 'ja', 'ko', 'pt', 'ru', 'ar', 'hi', 'vi'],
      reasoningShare: 0.1, outputTokens: [80, 350], clients: { 'browser-chrome': 5, 'browser-safari': 2, 'mobile-android': 2, 'openai-python': 1 },
    }),
    // --- distillation --------------------------------------------------------------------------
    preset('cot_harvester', 'distillation', 'reasoning harvesting: prompts coercing the model to write out its full chain of thought, in many phrasings and languages', {
      ...ATTACK, sessionsPerDay: 90, attackKinds: { cot_extraction: 6, expert_persona: 2 }, benignShare: 0.05, reasoningShare: 0.9, outputTokens: [120, 400],
    }),
    preset('grader', 'distillation', 'the model used as a grader / reward model: rubrics and candidate answers to score', {
      ...ATTACK, sessionsPerDay: 70, attackKinds: { grader_rubric: 1 }, benignShare: 0.03, reasoningShare: 0.3, outputTokens: [80, 250],
    }),
    preset('censorship_rewrite', 'distillation', 'censorship-safe rewrites of politically sensitive questions, to train a filtered model', {
      ...ATTACK, sessionsPerDay: 50, attackKinds: { censorship_rewrite: 1 }, benignShare: 0.05, refusalRate: 0.08, outputTokens: [100, 350],
    }),
    preset('capability_sweep', 'distillation', 'coding and agentic capability sweeps: systematic coverage of tasks, with tools declared', {
      ...ATTACK, sessionsPerDay: 80, attackKinds: { capability_sweep_code: 3, agentic_sweep: 2 }, benignShare: 0.05, reasoningShare: 0.4, outputTokens: [120, 400],
    }),
    preset('hydra', 'distillation', 'hydra proxy networks: thousands of low-volume accounts behind per-request residential addresses across hundreds of ASNs, mixing distillation with resold customer traffic', {
      ...ATTACK, sessionsPerDay: 9, rateSpread: 0.6, network: 'residential_proxy', attackKinds: { cot_extraction: 3, expert_persona: 3, capability_sweep_code: 1 },
      benignShare: 0.35, kinds: { chat: 4, coding: 3, writing: 2, multilingual_chat: 1 }, reasoningShare: 0.5,
    }),
    preset('load_balanced', 'distillation', 'load-balanced accounts sharing payment instruments, taking turns on one synchronised schedule', {
      ...ATTACK, rhythm: 'roundrobin', groupSize: 8, tickSec: 20, activeHourShare: 0.75, attackKinds: { expert_persona: 3, cot_extraction: 2 },
      benignShare: 0.02, reasoningShare: 0.6, network: 'cloud', ipsPerAccount: 1,
    }),
    preset('pivot', 'distillation', 'accounts that move to a newly released model within 24 hours of its release', {
      ...ATTACK, sessionsPerDay: 80, modelPolicy: 'pivot', pivotHours: 20, attackKinds: { cot_extraction: 3, capability_sweep_code: 2, expert_persona: 2 },
      benignShare: 0.03, reasoningShare: 0.7,
    }),
    preset('low_and_slow', 'distillation', 'low-and-slow accounts: few requests on a human rhythm, unique infrastructure, heavily paraphrased templates', {
      ...ATTACK, rhythm: 'human', sessionsPerDay: 2.5, turnsPerSession: 2, thinkTimeSec: 240, activeDayShare: 0.7, weekendFactor: 0.6, rateSpread: 0.5,
      network: 'residential', ipsPerAccount: 1, ipLeaseDays: 30, paraphrases: 40, attackKinds: { expert_persona: 3, cot_extraction: 2, grader_rubric: 1 },
      benignShare: 0.25, clients: { ...SDKS, 'browser-chrome': 2 }, email: { freemail: 85, personal: 10, corporate: 5 }, signup: 'recent',
      verification: { email: 5, phone: 4, id: 1 }, programs: { standard: 1 }, errorRate: 0.004,
    }),
    preset('jailbreak_extractor', 'distillation', 'extraction wrapped in jailbreaks: persona and role-play wrappers around harvesting prompts', {
      ...ATTACK, sessionsPerDay: 40, attackKinds: { jailbreak_extraction: 1 }, benignShare: 0.05, refusalRate: 0.3, reasoningShare: 0.3,
    }),
  ].map((a) => [a.name, a]),
);

/** Archetype names, benign first. */
export const ARCHETYPE_NAMES: readonly string[] = Object.keys(ARCHETYPES);

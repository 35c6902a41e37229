/**
 * An actor is one account as a generator of its own future requests: it knows the time of its next
 * request (`next`) and, when asked, produces that exchange and schedules the following one. State is
 * per account only (session, conversation history, current address), drawn from the account's own
 * Rng, so the output does not depend on how actors are interleaved or split across threads.
 */
import type { ExchangeMessage, ExchangeRecord } from '../records/types.js';
import type { AccountPlan, AccountPlanner } from './accounts.js';
import { SALT } from './accounts.js';
import { capAgent, capChat, DEFAULT_TOOLS, followUp, refusalText, toolResult } from './conversation.js';
import { hash32, hashString, hashUnit, opaqueHex } from './hashing.js';
import { networkTable, type Address } from './infra.js';
import { geometricCount, logNormal } from './random.js';
import { analysePrompt, composeAnswer, composeReasoning, composeSummary, createWordRng, estimateTokens, type PromptTopic } from './response.js';
import { base36Time, isoTime } from './timefmt.js';
import { messageWithJson, REASONING_JSON, TEXT_JSON, type ResponseWithJson } from './serialize.js';
import { deadlineFunction, nextGroupTick, nextSessionStart, type GroupSchedule, type SessionClock } from './rhythm.js';
import type { ReasoningExposure, Scenario } from './scenario.js';
import type { AttackPromptKind, BenignPromptKind, Language, Prompt, Rng, TemplateFamily } from './text/types.js';

const DAY_MS = 86_400_000;
/** Chat clients resend at most this many earlier messages. */
const CHAT_HISTORY = 4;
/** Agents compact their context to the task plus this many recent messages. */
const AGENT_HISTORY = 12;
/** Longest reasoning generated, tokens: keeps the largest runs within time and disk. */
const MAX_REASONING_TOKENS = 480;
/** The history of an account between sessions (shared, never mutated: history is always replaced). */
const NO_HISTORY: ExchangeMessage[] = [];

/** Shared, read-only context of all actors of a run (plus lazily built campaign template families). */
export class SimContext {
  private readonly families = new Map<string, TemplateFamily>();
  readonly table = networkTable();

  constructor(readonly scenario: Scenario, readonly planner: AccountPlanner) {}

  /** The campaign's template family for an attack kind (built once from the campaign's own Rng). */
  campaignFamily(campaign: string, kind: AttackPromptKind): TemplateFamily {
    const key = `${campaign}\u0000${kind}`;
    let family = this.families.get(key);
    if (!family) {
      const spec = this.scenario.campaigns.find((c) => c.name === campaign)!;
      const rng = this.planner.kit.createRng(hash32(this.planner.seed32, hashString(campaign), hashString(kind), SALT.campaign));
      family = this.planner.kit.library.campaignFamily(kind, rng, { languages: spec.languages as Language[], paraphrases: spec.paraphrases });
      this.families.set(key, family);
    }
    return family;
  }
}

/** One account's request generator. */
export class Actor {
  /** Time of the next request (ms), or Infinity when the account is done. */
  next: number;
  /** Exchanges produced so far. */
  seq = 0;
  private readonly rng: Rng;
  private readonly end: number;
  private readonly clock: SessionClock | undefined;
  private readonly schedule: GroupSchedule | undefined;
  private readonly own = new Map<string, TemplateFamily>();
  private readonly language: Language;
  private readonly deviceIds: string[];
  private turnsLeft = 0;
  private turn = 0;
  private sessionNo = 0;
  private history: ExchangeMessage[] = [];
  private system: string | undefined;
  private tools: string[] | undefined;
  private sessionKind = 'chat';
  private sessionReasoning = false;
  private sessionAddress: Address | undefined;
  private sessionDevice = 0;
  private lastWords: readonly string[] = ['this'];
  private pendingTool: string | undefined;

  constructor(readonly plan: AccountPlan, private readonly ctx: SimContext) {
    const planner = ctx.planner;
    const p = plan.pop.params;
    this.rng = planner.accountRng(plan.index, SALT.events);
    this.end = ctx.scenario.end;
    this.language = p.languages[hash32(plan.hseed, 0x1a) % p.languages.length]!;
    this.deviceIds = Array.from({ length: plan.deviceCount }, (_, k) => `dev_${opaqueHex(16, plan.hseed, k, 0xde)}`);
    if (p.rhythm === 'roundrobin' || p.rhythm === 'lockstep') {
      const scope = plan.pop.campaign ? hashString(plan.pop.campaign.name, planner.seed32) : hash32(planner.seed32, plan.pop.index);
      const group = Math.floor(plan.member / p.groupSize);
      const seed = hash32(scope, plan.pop.index, group, 0x5c);
      const period = Math.max(1000, Math.round(p.tickSec * 1000));
      this.schedule = {
        seed, period, phase: ctx.scenario.start + (seed % period), activeHourShare: p.activeHourShare, size: p.groupSize, roundRobin: p.rhythm === 'roundrobin',
      };
      this.next = this.tickAfter(plan.activeFrom - 1);
    } else {
      const offset = plan.home.tz + plan.tzShift;
      this.clock = {
        offset,
        hseed: plan.hseed,
        perDay: p.sessionsPerDay * plan.rateMult,
        params: p,
        ...(p.rhythm === 'deadline' ? { deadline: deadlineFunction(this.courseSeed(), plan.home.tz) } : {}),
      };
      this.next = nextSessionStart(this.clock, this.rng, plan.activeFrom, this.end);
    }
  }

  /** Produces the exchange due at `next` and schedules the following one. */
  emit(): ExchangeRecord {
    const t = this.next;
    const p = this.plan.pop.params;
    if (this.turnsLeft <= 0) this.beginSession(t);
    this.turn++;
    this.turnsLeft--;
    const record = this.exchange(t);
    this.seq++;
    const done = t + (record.latency_ms ?? 0);
    if (this.schedule) {
      this.next = this.tickAfter(t);
    } else if (this.turnsLeft > 0) {
      const gap = Math.round(logNormal(this.rng, p.thinkTimeSec * 1000, 0.6));
      this.next = Math.max(t + 1, Math.round(done + gap));
      if (this.next >= this.end) this.next = Infinity;
    } else {
      this.next = nextSessionStart(this.clock!, this.rng, Math.max(t + 1, done), this.end);
    }
    // the session is over: its history is never read again (beginSession starts a new one), and
    // hundreds of thousands of idle accounts holding their last conversation would be most of the
    // live heap every major GC has to mark
    if (this.turnsLeft <= 0) this.history = NO_HISTORY;
    return record;
  }

  private tickAfter(after: number): number {
    const s = this.schedule!;
    const tick = nextGroupTick(s, this.plan.member, after, this.end);
    if (tick === Infinity) return Infinity;
    // lockstep members fire within a fraction of a second of each other, not at the same instant
    const jitter = s.roundRobin ? this.rng.int(1500) : this.rng.int(700);
    const t = Math.max(after + 1, tick + jitter);
    return t < this.end ? t : Infinity;
  }

  private courseSeed(): number {
    return hash32(this.ctx.planner.seed32, this.plan.pop.index, this.plan.course, SALT.homework);
  }

  private beginSession(t: number): void {
    const p = this.plan.pop.params;
    this.sessionNo++;
    this.turn = 0;
    this.turnsLeft = this.schedule ? 1 : geometricCount(this.rng, p.turnsPerSession);
    this.history = [];
    this.system = undefined;
    this.tools = undefined;
    this.pendingTool = undefined;
    this.sessionKind = this.plan.pop.kinds.draw(this.rng);
    this.sessionReasoning = this.rng.chance(p.reasoningShare);
    this.sessionDevice = this.deviceIds.length > 1 ? this.rng.int(this.deviceIds.length) : 0;
    this.sessionAddress = this.sessionScopedAddress(t);
  }

  // --- network ---------------------------------------------------------------------------------

  /** The address of a session for networks whose address is fixed per session (else undefined). */
  private sessionScopedAddress(t: number): Address | undefined {
    const plan = this.plan;
    const p = plan.pop.params;
    const table = this.ctx.table;
    const away = this.awayAddress();
    if (away !== undefined) return away;
    switch (p.network) {
      case 'mobile':
        // carrier-grade NAT: a small shared pool, a new address every session
        return table.address(plan.asn, hash32(plan.hseed, this.sessionNo, 0x2b), { poolSize: 64 });
      case 'campus': {
        if (this.rng.chance(0.7)) {
          // the campus NAT: four addresses for everyone on campus
          return table.address(plan.asn, hash32(plan.asn.asn, this.rng.int(4), 0x2c), { poolSize: 4 });
        }
        const isps = table.ofKindIn('residential', plan.netCountry);
        const isp = isps[hash32(plan.hseed, 0x2d) % isps.length]!;
        return table.address(isp, hash32(plan.hseed, this.leaseEpoch(t), 0x2e));
      }
      case 'residential': {
        const k = p.ipsPerAccount > 1 ? this.rng.int(p.ipsPerAccount) : 0;
        return table.address(plan.asn, hash32(plan.hseed, this.leaseEpoch(t), k, 0x1b), { country: plan.netCountry });
      }
      default:
        return undefined;
    }
  }

  /**
   * The address of a session sent away from the account's usual network, or undefined: through its
   * VPN (`vpnUsers`, `vpnShare`: an exit of a hosting provider, often abroad, whose few addresses
   * all its users share) or from its second network at home (`roamingShare`: the phone's carrier, or
   * home broadband for a mobile user). People, not services: residential, campus and mobile networks
   * only. Drawn from hashes of the account and session, not from the account's Rng, so that a
   * scenario without roaming or VPN users draws everything else exactly as before.
   */
  private awayAddress(): Address | undefined {
    const plan = this.plan;
    const p = plan.pop.params;
    if (p.network !== 'residential' && p.network !== 'campus' && p.network !== 'mobile') return undefined;
    const table = this.ctx.table;
    const session = this.sessionNo;
    const isVpnUser = p.vpnUsers > 0 && hashUnit(plan.hseed, 0x7b) < p.vpnUsers;
    if (isVpnUser && hashUnit(plan.hseed, session, 0x7a) < p.vpnShare) {
      const providers = table.ofKind('hosting');
      const exit = hash32(plan.hseed, session, 0x7c) % Math.max(1, p.vpnExits);
      const provider = providers[hash32(plan.hseed, exit, 0x7d) % providers.length]!;
      return table.address(provider, hash32(plan.hseed, exit, 0x7e), { poolSize: 8 });
    }
    if (p.roamingShare > 0 && hashUnit(plan.hseed, session, 0x7f) < p.roamingShare) {
      const kind = p.network === 'mobile' ? 'residential' : 'mobile';
      const networks = table.ofKindIn(kind, plan.home.code);
      const network = networks[hash32(plan.hseed, 0x80) % networks.length]!;
      // a carrier's NAT hands out a new address from a shared pool each session; broadband keeps one
      const h = kind === 'mobile' ? hash32(plan.hseed, session, 0x81) : hash32(plan.hseed, 0x82);
      return table.address(network, h, { country: plan.home.code, ...(kind === 'mobile' ? { poolSize: 64 } : {}) });
    }
    return undefined;
  }

  private leaseEpoch(t: number): number {
    const lease = this.plan.pop.params.ipLeaseDays * DAY_MS;
    return Math.floor((t - this.ctx.scenario.start) / lease + (this.plan.hseed % 1000) / 1000);
  }

  private requestAddress(t: number): Address {
    if (this.sessionAddress) return this.sessionAddress;
    const plan = this.plan;
    const p = plan.pop.params;
    const table = this.ctx.table;
    switch (p.network) {
      case 'residential_proxy': {
        // a fresh residential exit for every request, any ISP in any country
        const isps = table.ofKind('residential');
        return table.address(isps[this.rng.int(isps.length)]!, this.rng.int(0x7fffffff));
      }
      case 'cloud':
        return table.address(plan.asn, hash32(plan.hseed, this.rng.int(p.ipsPerAccount), 0x3b), { country: plan.netCountry });
      default:
        return table.address(plan.asn, hash32(plan.hseed, this.leaseEpoch(t), this.rng.int(p.ipsPerAccount), 0x4b), { country: plan.netCountry });
    }
  }

  // --- prompts ---------------------------------------------------------------------------------

  private family(kind: AttackPromptKind): TemplateFamily {
    const campaign = this.plan.pop.spec.campaign;
    if (campaign) return this.ctx.campaignFamily(campaign, kind);
    // a lone actor: its own families, from its own seed
    let family = this.own.get(kind);
    if (!family) {
      const kit = this.ctx.planner.kit;
      const p = this.plan.pop.params;
      family = kit.library.campaignFamily(kind, kit.createRng(hash32(this.plan.hseed, hashString(kind), SALT.family)), { languages: p.languages, paraphrases: p.paraphrases });
      this.own.set(kind, family);
    }
    return family;
  }

  private appFamily(): TemplateFamily {
    let family = this.own.get('app');
    if (!family) {
      const kit = this.ctx.planner.kit;
      family = kit.library.appFamily(kit.createRng(hash32(this.plan.hseed, SALT.family, 0xa9)));
      this.own.set('app', family);
    }
    return family;
  }

  private benignPrompt(kind: string, t: number): Prompt {
    const library = this.ctx.planner.kit.library;
    const p = this.plan.pop.params;
    if (p.rhythm === 'deadline' && kind === 'homework_math' && this.clock?.deadline) {
      // the course's homework: every student of the course gets the same problems before a deadline
      const due = this.clock.deadline(t);
      if (due - t < 4 * DAY_MS) {
        const problem = this.rng.int(6);
        return library.benign('homework_math', this.ctx.planner.kit.createRng(hash32(this.courseSeed(), Math.floor(due / 60_000), problem, SALT.homework)));
      }
    }
    return library.benign(kind as BenignPromptKind, this.rng, kind === 'multilingual_chat' ? { language: this.language } : undefined);
  }

  /** The messages, system prompt and tools of the request at t, and whether it is an attack prompt. */
  private request(t: number): { messages: ExchangeMessage[]; reasoning: boolean; attack: boolean; topicText: string } {
    const pop = this.plan.pop;
    const p = pop.params;
    if (pop.label === 'distillation' && !this.rng.chance(p.benignShare)) {
      const prompt = this.family(pop.attackKinds.draw(this.rng) as AttackPromptKind).instantiate(this.rng);
      this.system = prompt.system;
      this.tools = prompt.tools;
      return { messages: [{ role: 'user', content: prompt.user }], reasoning: prompt.wantsReasoning === true, attack: true, topicText: prompt.user };
    }
    if (p.appTemplate) {
      const prompt = this.appFamily().instantiate(this.rng);
      this.system = prompt.system;
      return { messages: [{ role: 'user', content: prompt.user }], reasoning: prompt.wantsReasoning === true, attack: false, topicText: prompt.user };
    }
    const kind = pop.label === 'distillation' ? pop.kinds.draw(this.rng) : this.sessionKind;
    if (kind === 'agent_step') return this.agentStep(t);
    if (this.turn > 1 && p.conversation && this.history.length > 0) {
      // a follow-up in the same conversation, or a fresh question in the same session
      const content = this.rng.chance(0.55)
        ? followUp(this.rng, kind === 'multilingual_chat' ? this.language : 'en', this.lastWords[this.rng.int(this.lastWords.length)]!)
        : this.benignPrompt(kind, t).user;
      const messages = capChat([...this.history, { role: 'user', content }], CHAT_HISTORY + 1);
      return { messages, reasoning: false, attack: false, topicText: content };
    }
    const prompt = this.benignPrompt(kind, t);
    this.system = prompt.system;
    this.tools = prompt.tools;
    return { messages: [{ role: 'user', content: prompt.user }], reasoning: prompt.wantsReasoning === true, attack: false, topicText: prompt.user };
  }

  private agentStep(t: number): { messages: ExchangeMessage[]; reasoning: boolean; attack: boolean; topicText: string } {
    if (this.turn === 1 || this.history.length === 0) {
      const prompt = this.benignPrompt('agent_step', t);
      this.system = prompt.system;
      this.tools = prompt.tools && prompt.tools.length > 0 ? prompt.tools : DEFAULT_TOOLS;
      this.history = [{ role: 'user', content: prompt.user }];
      return { messages: this.history, reasoning: prompt.wantsReasoning === true, attack: false, topicText: prompt.user };
    }
    const tool = this.pendingTool ?? this.rng.pick(this.tools ?? DEFAULT_TOOLS);
    this.history = capAgent([...this.history, { role: 'assistant', content: `[tool_use ${tool}]` }, { role: 'tool', content: toolResult(this.rng, tool, this.lastWords) }], AGENT_HISTORY);
    return { messages: this.history, reasoning: false, attack: false, topicText: this.history[0]!.content };
  }

  // --- the exchange ----------------------------------------------------------------------------

  private exchange(t: number): ExchangeRecord {
    const plan = this.plan;
    const pop = plan.pop;
    const p = pop.params;
    const rng = this.rng;
    const scenario = this.ctx.scenario;
    const req = this.request(t);
    const model = this.ctx.planner.modelAt(plan, t, rng.next());
    const reasoning = model.reasoning && (req.reasoning || this.sessionReasoning);
    const address = this.requestAddress(t);
    const anthropic = plan.endpoint === 'anthropic.messages';

    let inputChars = this.system ? this.system.length : 0;
    for (const m of req.messages) inputChars += m.content.length + 16;
    const inputTokens = Math.ceil(inputChars / 4) + (this.tools ? this.tools.length * 60 : 0);

    const client: ExchangeRecord['client'] = { ip: address.ip, asn: address.asn, country: address.country, user_agent: plan.client.userAgent, tls_fp: plan.client.tlsFp };
    if (this.deviceIds.length > 0) client.device_id = this.deviceIds[this.sessionDevice]!;
    // keys in a fixed order: the output is compared byte for byte across runs
    const request: ExchangeRecord['request'] = this.system !== undefined ? { system: this.system, messages: req.messages } : { messages: req.messages };
    if (this.tools !== undefined) request.tools = this.tools;
    if (reasoning) request.reasoning = true;
    request.max_tokens = plan.maxTokens;
    if (plan.temperature !== undefined) request.temperature = plan.temperature;
    request.stream = plan.stream;

    const record: ExchangeRecord = {
      id: `ex_${base36Time(t)}${hash32(plan.hseed, this.seq, 0xe0).toString(36).padStart(7, '0')}`,
      ts: isoTime(t),
      account_id: plan.id,
      key_id: plan.keyIds.length === 1 ? plan.keyIds[0]! : plan.keyIds[rng.int(plan.keyIds.length)]!,
      surface: plan.surface,
      client,
      model: model.name,
      endpoint: plan.endpoint,
      request,
      response: { status: 200 },
      usage: { input_tokens: inputTokens, output_tokens: 0 },
    };

    const ttft = logNormal(rng, reasoning ? 900 : 420, 0.45);
    if (rng.chance(p.errorRate)) {
      const u = rng.next();
      const status = u < 0.55 ? 429 : u < 0.7 ? 500 : u < 0.8 ? 503 : 499;
      record.response = { status };
      if (status === 499) record.response.finish_reason = 'client_disconnected';
      record.latency_ms = Math.round(status === 429 ? ttft / 4 : ttft * (1 + rng.next() * 3));
      this.pendingTool = undefined;
      return record;
    }

    const topic = analysePrompt(req.topicText);
    this.lastWords = topic.words;
    const words = createWordRng(rng.int(0x7fffffff));
    const [lo, hi] = p.outputTokens;
    let answerTokens = Math.round(lo + (hi - lo) * Math.pow(rng.next(), 1.8));
    const refused = req.attack ? rng.chance(p.refusalRate) : false;
    const toolCall = this.tools !== undefined && !refused && (this.turnsLeft > 0 || rng.chance(0.3)) && rng.chance(0.85);
    let text: string;
    // the answer's JSON-escaped form when the composer made it (undefined: the serialiser escapes)
    let textJson: string | undefined;
    let finish: string;
    if (refused) {
      text = refusalText(rng);
      finish = anthropic ? 'end_turn' : 'stop';
    } else if (toolCall) {
      const tool = rng.pick(this.tools!);
      this.pendingTool = tool;
      text = `I'll use the ${tool} tool to look into this. [tool_use ${tool}]`;
      answerTokens = estimateTokens(text) + 12 + rng.int(60);
      finish = anthropic ? 'tool_use' : 'tool_calls';
    } else {
      this.pendingTool = undefined;
      ({ text, json: textJson } = composeAnswer(words, topic, answerTokens));
      answerTokens = estimateTokens(text);
      finish = anthropic ? 'end_turn' : 'stop';
    }

    let reasoningTokens = 0;
    let reasoningText: string | undefined;
    let reasoningJson: string | undefined;
    if (reasoning && !refused) {
      const ratio = req.attack ? 1 + rng.next() * 0.8 : 0.6 + rng.next() * 0.8;
      reasoningTokens = Math.min(MAX_REASONING_TOKENS, Math.round(Math.max(answerTokens, 60) * ratio));
      const exposure: ReasoningExposure = model.exposure ?? scenario.reasoningExposure;
      if (exposure === 'full') {
        ({ text: reasoningText, json: reasoningJson } = composeReasoning(words, topic, reasoningTokens));
        reasoningTokens = estimateTokens(reasoningText);
      } else if (exposure === 'summary') {
        reasoningText = composeSummary(words, topic);
      }
    }

    // the budget covers reasoning first, then the answer, as with real reasoning models
    if (reasoningTokens + answerTokens > plan.maxTokens) {
      const room = Math.max(0, plan.maxTokens - reasoningTokens);
      if (room * 4 < text.length) {
        text = text.slice(0, room * 4);
        textJson = undefined;
      }
      answerTokens = estimateTokens(text);
      finish = anthropic ? 'max_tokens' : 'length';
    }

    const response: ResponseWithJson = { status: 200, text };
    if (textJson !== undefined) response[TEXT_JSON] = textJson;
    if (reasoningText !== undefined) response.reasoning = reasoningText;
    if (reasoningJson !== undefined) response[REASONING_JSON] = reasoningJson;
    response.finish_reason = finish;
    if (refused) response.refusal = true;
    record.response = response;
    record.usage = reasoningTokens > 0
      ? { input_tokens: inputTokens, output_tokens: answerTokens + reasoningTokens, reasoning_tokens: reasoningTokens }
      : { input_tokens: inputTokens, output_tokens: answerTokens };
    record.latency_ms = Math.round(ttft + (answerTokens + reasoningTokens) * this.msPerToken(model.name));

    if (p.conversation && !toolCall && this.tools === undefined) {
      this.history = [...req.messages, textJson !== undefined ? messageWithJson('assistant', text, textJson) : { role: 'assistant', content: text }];
    }
    return record;
  }

  private msPerToken(model: string): number {
    // each model streams at its own pace: 8–20 ms a token
    return 8 + (hashString(model) % 13);
  }
}

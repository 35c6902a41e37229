/**
 * Account plans: everything fixed about an account for the whole run (identity, sign-up facts,
 * home network, client, request habits, model adoption) and its account and label records.
 *
 * A plan is a pure function of (seed, account index, scenario): the main thread builds all of them
 * for accounts.jsonl and labels.jsonl, and each generator builds the ones it simulates, with the
 * same result. Identities are drawn the same way for every archetype (opaque hashes, one catalogue
 * of domains and clients), so no field spells out the label.
 */
import type { AccountRecord, Endpoint, LabelRecord, Verification } from '../records/types.js';
import { ARCHETYPES, type BehaviourParams } from './archetypes.js';
import { clientIdentity, emailDomain, type ClientIdentity, type EmailFamily, type UaFamily } from './clients.js';
import { foldSeed, hash32, hashString, hashUnit, opaqueHex } from './hashing.js';
import { drawCountry, networkTable, type Address, type Asn, type Country } from './infra.js';
import { Weighted, type TextKit } from './random.js';
import type { CampaignSpec, ModelSpec, PopulationSpec, Scenario } from './scenario.js';
import type { Rng } from './text/types.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Salts that separate the hash streams of one account. */
export const SALT = {
  account: 0xacc0,
  profile: 0x9f01,
  events: 0xe7e7,
  campaign: 0xca3b,
  family: 0xfa31,
  homework: 0x40e1,
  org: 0x0e6a,
  payment: 0x9a11,
} as const;

/** What the population of an account shares (prepared once per population). */
export interface PopulationInfo {
  index: number;
  spec: PopulationSpec;
  params: BehaviourParams;
  label: 'benign' | 'distillation';
  campaign: CampaignSpec | null;
  /** Global index of the population's first account. */
  first: number;
  kinds: Weighted<string>;
  attackKinds: Weighted<string>;
  clients: Weighted<UaFamily>;
  programs: Weighted<string>;
  verification: Weighted<Verification>;
  email: Weighted<EmailFamily>;
}

/** Everything fixed about one account. */
export interface AccountPlan {
  index: number;
  /** Index within its population. */
  member: number;
  pop: PopulationInfo;
  /** 32-bit seed of this account's hash streams. */
  hseed: number;
  id: string;
  keyIds: string[];
  createdAt: number;
  /** Earliest request (sign-up plus a short delay, never before the start). */
  activeFrom: number;
  home: Country;
  /** Hours added to local time: the account's chronotype (night owls, early birds). */
  tzShift: number;
  /** Per-account volume multiplier (log-normal). */
  rateMult: number;
  client: ClientIdentity;
  endpoint: Endpoint;
  surface: 'api' | 'console';
  deviceCount: number;
  /** Home network: ISP, carrier, cloud provider, hosting provider or campus. */
  asn: Asn;
  /** Country the network's addresses are drawn in (cloud region, campus, home). */
  netCountry: string;
  /** Campus number (students) and course number. */
  campus: number;
  course: number;
  maxTokens: number;
  temperature: number | undefined;
  stream: boolean;
  /** Index into the scenario's models of the model used before any in-scenario release. */
  baseModel: number;
  /** Per model (by index): when this account switches to it; Infinity = never. */
  switchAt: number[];
  /** The account record (left out of plans made for generators). */
  account?: AccountRecord;
  /** The label record (left out of plans made for generators). */
  label?: LabelRecord;
}

/** The accounts of a scenario, planned lazily by index. */
export class AccountPlanner {
  readonly populations: PopulationInfo[] = [];
  readonly total: number;
  readonly seed32: number;
  private readonly inScenarioModels: number[];
  private readonly preModels: number[];

  /** Seed of account and key ids only (see `idSalt`). */
  private readonly idSeed32: number;

  /**
   * `idSalt` (default 0) changes account and key ids and nothing else: the same scenario and seed
   * with another salt is the same population (same attackers, networks, cards, templates) as a
   * second provider would see it, under different ids (the intel two-deployment test uses it).
   */
  constructor(readonly scenario: Scenario, seed: number, readonly kit: TextKit, idSalt = 0) {
    this.seed32 = foldSeed(seed);
    this.idSeed32 = idSalt === 0 ? this.seed32 : hash32(this.seed32, idSalt >>> 0, 0x1d5a);
    let first = 0;
    scenario.populations.forEach((spec, index) => {
      const p = spec.params;
      this.populations.push({
        index,
        spec,
        params: p,
        label: ARCHETYPES[spec.archetype]!.label,
        campaign: scenario.campaigns.find((c) => c.name === spec.campaign) ?? null,
        first,
        kinds: new Weighted<string>(p.kinds),
        attackKinds: new Weighted<string>(p.attackKinds),
        clients: new Weighted<UaFamily>(p.clients),
        programs: new Weighted<string>(p.programs),
        verification: new Weighted<Verification>(p.verification),
        email: new Weighted<EmailFamily>(p.email),
      });
      first += spec.accounts;
    });
    this.total = first;
    this.preModels = scenario.models.map((m, i) => (m.releasedAt <= scenario.start ? i : -1)).filter((i) => i >= 0);
    this.inScenarioModels = scenario.models.map((m, i) => (m.releasedAt > scenario.start ? i : -1)).filter((i) => i >= 0);
  }

  /** The population an account index belongs to. */
  populationOf(index: number): PopulationInfo {
    let lo = 0;
    let hi = this.populations.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.populations[mid]!.first <= index) lo = mid;
      else hi = mid - 1;
    }
    return this.populations[lo]!;
  }

  /** A fresh Rng for one stream of one account. */
  accountRng(index: number, salt: number): Rng {
    return this.kit.createRng(hash32(this.seed32, index, salt, SALT.account));
  }

  /**
   * The plan of account `index` (0 ≤ index < total). Without `records` the account and label records
   * are left out (generators do not need them; they are the larger part of a plan's memory).
   */
  plan(index: number, records = true): AccountPlan {
    const pop = this.populationOf(index);
    const member = index - pop.first;
    const p = pop.params;
    const s = this.scenario;
    const rng = this.accountRng(index, SALT.profile);
    const hseed = hash32(this.seed32, index, SALT.events);
    const table = networkTable();
    const id = `acct_${opaqueHex(16, this.idSeed32, index, SALT.account)}`;
    const keyCount = 1 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.15) ? 1 : 0);
    const keyIds = Array.from({ length: keyCount }, (_, k) => `key_${opaqueHex(14, this.idSeed32, index, k, 0x6b)}`);

    // --- sign-up -------------------------------------------------------------------------------
    const createdAt = this.signupTime(pop, member, rng);
    const activeFrom = Math.max(s.start, createdAt + Math.round((5 + rng.next() * 115) * 60_000));

    // --- home and network ----------------------------------------------------------------------
    const campus = p.campuses > 0 ? hash32(hseed, 0xc4) % p.campuses : 0;
    const course = p.courses > 0 ? hash32(hseed, 0xc5) % p.courses : 0;
    let home: Country;
    let asn: Asn;
    let netCountry: string;
    switch (p.network) {
      case 'campus': {
        // a campus is shared by the population: every student of it sits behind the same NAT
        const universities = table.ofKind('university');
        asn = universities[hash32(this.seed32, pop.index, campus, 0x0c) % universities.length]!;
        home = drawCountry(0, [asn.country]);
        netCountry = asn.country;
        break;
      }
      case 'cloud': {
        home = drawCountry(rng.next(), p.countries);
        const clouds = table.ofKind('cloud');
        asn = clouds[rng.int(clouds.length)]!;
        netCountry = asn.prefixes.some((x) => x.country === home.code) ? home.code : asn.prefixes[rng.int(asn.prefixes.length)]!.country;
        break;
      }
      case 'hosting': {
        home = drawCountry(rng.next(), p.countries);
        const hosts = table.ofKind('hosting');
        asn = hosts[rng.int(hosts.length)]!;
        netCountry = asn.country;
        break;
      }
      case 'mobile': {
        home = drawCountry(rng.next(), p.countries);
        const carriers = table.ofKindIn('mobile', home.code);
        asn = carriers[rng.int(carriers.length)]!;
        netCountry = asn.country;
        break;
      }
      default: {
        // residential and residential_proxy (the proxy draws per request; this is the sign-up network)
        home = drawCountry(rng.next(), p.countries);
        const isps = table.ofKindIn('residential', home.code);
        asn = isps[rng.int(isps.length)]!;
        netCountry = asn.country;
      }
    }
    const tzShift = Math.round(normalish(rng) * 2);
    const rateMult = Math.exp(p.rateSpread * normalish(rng) - (p.rateSpread * p.rateSpread) / 2);

    // --- client ----------------------------------------------------------------------------------
    // benign populations cover their whole catalogues (see Weighted.cover): no value is attacker-only
    const benign = pop.label === 'benign';
    const family = benign ? pop.clients.cover(rng, member) : pop.clients.draw(rng);
    const client = clientIdentity(family, hash32(hseed, 0xc1));
    let endpoint: Endpoint;
    if (client.console || family.startsWith('anthropic')) endpoint = 'anthropic.messages';
    else if (family.startsWith('openai')) endpoint = rng.chance(0.78) ? 'openai.chat' : 'openai.responses';
    else endpoint = rng.pick(['openai.chat', 'anthropic.messages', 'openai.chat', 'openai.responses'] as const);
    const surface = client.console ? 'console' : 'api';
    const deviceCount = client.console ? 1 + (rng.chance(0.3) ? 1 : 0) : 0;
    const maxTokens = client.console ? 8192 : rng.pick([1024, 1024, 2048, 4096, 4096, 8192, 16000]);
    const temperature = client.console || rng.chance(0.5) ? undefined : rng.pick([0, 0, 0.2, 0.5, 0.7, 0.7, 1]);
    const stream = client.console ? true : rng.chance(0.4);

    // --- models ----------------------------------------------------------------------------------
    // customers spread over the models released before the start, most on the newest; attackers
    // take the newest model that reasons (what they came for)
    const pre = this.preModels;
    const u = rng.next();
    const reasoningPre = pre.filter((m) => s.models[m]!.reasoning);
    const baseModel = pop.label === 'distillation' && reasoningPre.length > 0
      ? reasoningPre[reasoningPre.length - 1]!
      : pre[Math.max(0, pre.length - 1 - (u < 0.65 ? 0 : u < 0.9 ? 1 : 2))] ?? pre[0] ?? 0;
    const switchAt = s.models.map(() => Infinity);
    for (const m of this.inScenarioModels) {
      const release = s.models[m]!.releasedAt;
      if (p.modelPolicy === 'pivot') switchAt[m] = release + Math.round((0.5 + rng.next() * (p.pivotHours - 0.5)) * HOUR_MS);
      else if (p.modelPolicy === 'adopt' && rng.chance(0.85)) switchAt[m] = release + Math.round(-Math.log(1 - rng.next()) * p.adoptionDays * DAY_MS);
    }

    // --- records (the profile stream's last draws: leaving them out changes nothing above) ----------
    let account: AccountRecord | undefined;
    let label: LabelRecord | undefined;
    if (records) {
      const emailFamily = benign ? pop.email.cover(rng, member) : pop.email.draw(rng);
      const org = this.orgNumber(pop, member, emailFamily, index);
      account = {
        account_id: id,
        created_at: new Date(createdAt).toISOString(),
      };
      if (org !== undefined) account.org_id = `org_${opaqueHex(12, this.seed32, org, SALT.org)}`;
      // students get their campus's domain; anyone else with a university address gets some university's
      const universities = table.ofKind('university');
      const uni = p.network === 'campus' ? asn : universities[hash32(hseed, 0xe3) % universities.length]!;
      account.email_domain = emailDomain(emailFamily, hash32(hseed, 0xe1), { org: org ?? hash32(hseed, 0xe2), asn: uni.asn, country: uni.country });
      const payment = this.paymentGroup(pop, member, index, rng);
      if (payment !== undefined) account.payment_fp = `pm_${opaqueHex(16, this.seed32, payment, SALT.payment)}`;
      account.billing_country = pop.label === 'distillation' && p.network === 'residential_proxy' ? drawCountry(rng.next()).code : home.code;
      account.signup_ip = this.signupAddress(asn, netCountry, hseed).ip;
      account.verification = benign ? pop.verification.cover(rng, member) : pop.verification.draw(rng);
      account.program = benign ? pop.programs.cover(rng, member) : pop.programs.draw(rng);
      label = { account_id: id, label: pop.label, campaign: pop.spec.campaign, archetype: pop.spec.archetype };
    }

    return {
      index, member, pop, hseed, id, keyIds, createdAt, activeFrom, home, tzShift, rateMult, client, endpoint, surface,
      deviceCount, asn, netCountry, campus, course, maxTokens, temperature, stream, baseModel, switchAt, account, label,
    };
  }

  /** The model this account uses at time t (adopters keep using the older one now and then). */
  modelAt(plan: AccountPlan, t: number, u: number): ModelSpec {
    const models = this.scenario.models;
    for (let k = this.inScenarioModels.length - 1; k >= 0; k--) {
      const m = this.inScenarioModels[k]!;
      if (t >= plan.switchAt[m]! && (plan.pop.params.modelPolicy === 'pivot' || u < 0.85)) return models[m]!;
    }
    return models[plan.baseModel]!;
  }

  private signupTime(pop: PopulationInfo, member: number, rng: Rng): number {
    const s = this.scenario;
    const p = pop.params;
    if (p.signup === 'burst' && pop.campaign) {
      const c = pop.campaign;
      const ch = hashString(c.name, this.seed32);
      if (rng.chance(c.replenish)) {
        // replacement accounts appear in bursts during the run, as bans take out the old ones
        const burst = hash32(ch, member, 0xb2) % Math.max(1, c.signupBursts);
        const center = s.start + Math.floor(hashUnit(ch, burst, 0xb3) * (s.end - s.start) * 0.7);
        return center + Math.floor(rng.next() * 8 * HOUR_MS);
      }
      const burst = hash32(ch, member, 0xb0) % c.signupBursts;
      const center = s.start - 45 * DAY_MS + Math.floor(((burst + hashUnit(ch, burst, 0xb1) * 0.6) / c.signupBursts) * 40 * DAY_MS);
      return center + Math.floor(rng.next() * 8 * HOUR_MS);
    }
    if (p.signup === 'recent' || p.signup === 'burst') return s.start - Math.floor((1 + rng.next() * 89) * DAY_MS);
    // benign: spread over four years, more recent sign-ups likelier (growth); a few during the run
    if (rng.chance(0.02)) return s.start + Math.floor(rng.next() * (s.end - s.start) * 0.8);
    return s.start - Math.floor((0.5 + 4 * 365 * Math.pow(rng.next(), 1.6)) * DAY_MS);
  }

  private orgNumber(pop: PopulationInfo, member: number, email: EmailFamily, index: number): number | undefined {
    if (email !== 'corporate') return undefined;
    // benign organisations with several accounts share one org id (and one payment instrument)
    if (pop.label === 'benign' && pop.params.groupSize > 1) return hash32(this.seed32, pop.index, Math.floor(member / pop.params.groupSize), 0x01);
    return hash32(this.seed32, index, 0x02);
  }

  private paymentGroup(pop: PopulationInfo, member: number, index: number, rng: Rng): number | undefined {
    const p = pop.params;
    // free-tier chat users often have no card on file
    if (pop.label === 'benign' && p.network !== 'cloud' && rng.chance(0.4)) return undefined;
    if (p.groupSize > 1) {
      const scope = pop.campaign ? hashString(pop.campaign.name, this.seed32) : pop.index;
      return hash32(scope, pop.index, Math.floor(member / p.groupSize), 0x03);
    }
    return hash32(this.seed32, index, 0x04);
  }

  private signupAddress(asn: Asn, netCountry: string, hseed: number): Address {
    return networkTable().address(asn, hash32(hseed, 0x51), { country: netCountry });
  }
}

/** An approximately standard normal value (sum of uniforms: cheap and bounded). */
function normalish(rng: Rng): number {
  return (rng.next() + rng.next() + rng.next() + rng.next() - 2) * 1.732;
}

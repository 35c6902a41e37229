/**
 * When requests happen: diurnal curves in local time, weekday/weekend, active days, course deadlines
 * and shared group schedules. Session starts are a non-homogeneous Poisson process sampled by
 * thinning (candidate gaps at the peak rate, kept with probability rate(t)/peak), which gives exact
 * daily means without integrating the curve.
 */
import type { BehaviourParams } from './archetypes.js';
import { hash32, hashUnit } from './hashing.js';
import type { Rng } from './text/types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** People: quiet at night, a late-morning and an afternoon peak, an evening shoulder. */
const HUMAN = [0.12, 0.07, 0.05, 0.04, 0.04, 0.06, 0.14, 0.32, 0.58, 0.84, 0.95, 1.0, 0.86, 0.9, 1.0, 0.96, 0.9, 0.8, 0.66, 0.6, 0.66, 0.62, 0.45, 0.26];
/** Students: later days, a strong evening, past midnight. */
const STUDENT = [0.45, 0.3, 0.16, 0.08, 0.05, 0.04, 0.06, 0.12, 0.3, 0.5, 0.62, 0.66, 0.6, 0.66, 0.7, 0.7, 0.68, 0.66, 0.7, 0.8, 0.92, 1.0, 0.95, 0.72];
/** Services: their users' curve, flattened (traffic never stops). */
const SERVICE = HUMAN.map((w) => 0.55 + 0.45 * w);

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const HUMAN_MEAN = mean(HUMAN);
const STUDENT_MEAN = mean(STUDENT);
const SERVICE_MEAN = mean(SERVICE);

/** Local time facts of an instant for a UTC offset in hours. */
function local(t: number, offsetHours: number): { hour: number; day: number; weekend: boolean; nextMidnight: number } {
  const shifted = t + offsetHours * HOUR_MS;
  const day = Math.floor(shifted / DAY_MS);
  const hour = Math.floor((shifted - day * DAY_MS) / HOUR_MS);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return { hour, day, weekend: weekday === 0 || weekday === 6, nextMidnight: (day + 1) * DAY_MS - offsetHours * HOUR_MS };
}

/** The session process of one account. */
export interface SessionClock {
  /** UTC offset of the account's day (time zone plus chronotype). */
  offset: number;
  /** Hash seed for active-day draws. */
  hseed: number;
  /** Sessions per active day. */
  perDay: number;
  params: BehaviourParams;
  /** Course deadline of a student (see `nextDeadline`), or undefined. */
  deadline?: (t: number) => number;
}

/** True when the account uses the API at all on local day `day`. */
export function activeOn(clock: SessionClock, day: number): boolean {
  return clock.params.activeDayShare >= 1 || hashUnit(clock.hseed, day, 0xda) < clock.params.activeDayShare;
}

function weightAt(clock: SessionClock, t: number, hour: number, weekend: boolean): number {
  const p = clock.params;
  const weekendFactor = weekend ? p.weekendFactor : 1;
  switch (p.rhythm) {
    case 'always':
      return (SERVICE[hour]! / SERVICE_MEAN) * weekendFactor;
    case 'deadline': {
      const until = clock.deadline ? (clock.deadline(t) - t) / HOUR_MS : Infinity;
      // the last two days before a deadline, climbing steeply in the final hours
      const pressure = until < 48 ? Math.exp(-until / 10) : 0;
      return (STUDENT[hour]! / STUDENT_MEAN) * weekendFactor * (0.35 + p.deadlineBoost * pressure);
    }
    default:
      return (HUMAN[hour]! / HUMAN_MEAN) * weekendFactor;
  }
}

function peakWeight(clock: SessionClock): number {
  const p = clock.params;
  const weekend = Math.max(1, p.weekendFactor);
  switch (p.rhythm) {
    case 'always': return (1 / SERVICE_MEAN) * weekend;
    case 'deadline': return (1 / STUDENT_MEAN) * weekend * (0.35 + p.deadlineBoost);
    default: return (1 / HUMAN_MEAN) * weekend;
  }
}

/** The next session start strictly after `after` and before `end`, or Infinity. */
export function nextSessionStart(clock: SessionClock, rng: Rng, after: number, end: number): number {
  if (clock.perDay <= 0) return Infinity;
  const peak = peakWeight(clock);
  const peakRatePerMs = (clock.perDay * peak) / DAY_MS;
  let t = after;
  for (let guard = 0; guard < 100_000; guard++) {
    t += -Math.log(1 - rng.next()) / peakRatePerMs;
    if (t >= end) return Infinity;
    const l = local(t, clock.offset);
    if (!activeOn(clock, l.day)) {
      // the exponential is memoryless: restarting the draw at the next local midnight is exact
      t = l.nextMidnight;
      continue;
    }
    if (rng.next() * peak < weightAt(clock, t, l.hour, l.weekend)) return Math.floor(t);
  }
  return Infinity;
}

/**
 * Weekly course deadline (23:59 local on the course's weekday) at or after t: the function a
 * student's clock uses, and the key of the homework set due then.
 */
export function deadlineFunction(courseSeed: number, offsetHours: number): (t: number) => number {
  const weekday = 1 + (hash32(courseSeed, 0xdd) % 5); // Monday to Friday
  return (t: number): number => {
    const l = local(t, offsetHours);
    const todayWeekday = (l.day + 4) % 7;
    let days = (weekday - todayWeekday + 7) % 7;
    let due = (l.day + days) * DAY_MS + 23 * HOUR_MS + 59 * 60_000 - offsetHours * HOUR_MS;
    if (due < t) {
      days += 7;
      due += 7 * DAY_MS;
    }
    return due;
  };
}

/** A group's shared schedule: ticks every `period` ms from `phase`, in the hours the group runs. */
export interface GroupSchedule {
  seed: number;
  period: number;
  phase: number;
  activeHourShare: number;
  size: number;
  roundRobin: boolean;
}

function hourActive(schedule: GroupSchedule, t: number): boolean {
  return schedule.activeHourShare >= 1 || hashUnit(schedule.seed, Math.floor(t / HOUR_MS), 0x4a) < schedule.activeHourShare;
}

/**
 * The next tick strictly after `after` that member `member` fires on (every tick in lockstep, every
 * `size`-th in round robin), skipping hours in which the group does not run; Infinity past `end`.
 * A pure function of the schedule, so members need no shared state.
 */
export function nextGroupTick(schedule: GroupSchedule, member: number, after: number, end: number): number {
  const stride = schedule.roundRobin ? schedule.size : 1;
  const offset = schedule.roundRobin ? member % schedule.size : 0;
  let i = Math.floor((after - schedule.phase) / schedule.period) + 1;
  for (let guard = 0; guard < 1_000_000; guard++) {
    // align to this member's turn
    const r = ((i - offset) % stride + stride) % stride;
    if (r !== 0) i += stride - r;
    const t = schedule.phase + i * schedule.period;
    if (t >= end) return Infinity;
    if (hourActive(schedule, t)) return t;
    // jump to the first tick of the next hour
    const nextHour = (Math.floor(t / HOUR_MS) + 1) * HOUR_MS;
    i = Math.ceil((nextHour - schedule.phase) / schedule.period);
  }
  return Infinity;
}

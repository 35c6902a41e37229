/**
 * Sign-up cohorts: how many accounts were created in each two-hour window, counting only accounts
 * created up to the current time (no look-ahead), compared with the usual sign-up rate. Campaigns
 * create accounts in bursts; ordinary sign-ups trickle in.
 */

import { SIGNUP_WINDOW_MS } from './indicators.js';

/** A burst needs at least this many accounts in one window… */
const MIN_BURST_ACCOUNTS = 8;
/** …and this many times the average per-window rate. */
const MIN_BURST_RATIO = 10;

export class SignupWindows {
  private readonly pending: Array<{ createdMs: number }> = [];
  private sorted = true;
  private cursor = 0;
  private readonly counts = new Map<number, number>();
  private known = 0;
  private firstMs = Infinity;
  private lastMs = -Infinity;

  /** Registers an account's creation time; it counts once the clock passes it. */
  add(createdMs: number): void {
    if (Number.isNaN(createdMs)) return;
    if (this.pending.length > this.cursor && createdMs < this.pending[this.pending.length - 1]!.createdMs) this.sorted = false;
    this.pending.push({ createdMs });
  }

  /** Moves the clock: accounts created at or before `nowMs` now count. */
  advance(nowMs: number): void {
    if (!this.sorted) {
      const rest = this.pending.splice(this.cursor).sort((a, b) => a.createdMs - b.createdMs);
      this.pending.push(...rest);
      this.sorted = true;
    }
    while (this.cursor < this.pending.length && this.pending[this.cursor]!.createdMs <= nowMs) {
      const created = this.pending[this.cursor++]!.createdMs;
      const window = Math.floor(created / SIGNUP_WINDOW_MS);
      this.counts.set(window, (this.counts.get(window) ?? 0) + 1);
      this.known++;
      if (created < this.firstMs) this.firstMs = created;
      if (created > this.lastMs) this.lastMs = created;
    }
    // Drop consumed entries now and then so the array does not keep every account twice.
    if (this.cursor > 65_536 && this.cursor * 2 > this.pending.length) {
      this.pending.splice(0, this.cursor);
      this.cursor = 0;
    }
  }

  /** The burst an account created at `createdMs` belongs to, or null when its window is ordinary. */
  burstOf(createdMs: number): { accounts: number; ratio: number } | null {
    const count = this.counts.get(Math.floor(createdMs / SIGNUP_WINDOW_MS)) ?? 0;
    if (count < MIN_BURST_ACCOUNTS || this.known < 2) return null;
    const windows = Math.max(1, (this.lastMs - this.firstMs) / SIGNUP_WINDOW_MS);
    const usual = this.known / windows;
    const ratio = count / Math.max(usual, 1e-9);
    return ratio >= MIN_BURST_RATIO ? { accounts: count, ratio } : null;
  }
}

/**
 * Account facts as prior evidence: what a provider knows at sign-up (age, verification, e-mail
 * domain, sign-up cohort). Each fact is a small, documented log-odds term; none flags an account on
 * its own.
 */

import type { AccountRecord } from '../records/types.js';
import type { Reason, ReasonSignal } from './types.js';

/** Throwaway e-mail services seen in abuse; a provider can extend the list in configuration. */
export const DISPOSABLE_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'mailinator.com', 'yopmail.com', 'guerrillamail.com', 'guerrillamail.net', 'sharklasers.com', 'grr.la',
  'dispostable.com', '10minutemail.com', 'temp-mail.org', 'tempmail.com', 'trashmail.com', 'getnada.com',
  'maildrop.cc', 'throwawaymail.com', 'fakeinbox.com', 'mailnesia.com', 'mintemail.com', 'spamgourmet.com',
  'emailondeck.com', 'tempail.com', 'mohmal.com', 'burnermail.io', 'tempr.email', 'discard.email',
  'mail.tm', 'moakt.com', 'harakirimail.com', 'mytemp.email', 'tmpmail.org', 'emailfake.com',
]);

const DAY_MS = 86_400_000;

/** Log-odds of the sign-up facts of an account at its first request (`atMs`); the reasons go to `reasons` when given. */
export function factEvidence(
  record: AccountRecord | undefined, atMs: number, burst: { accounts: number; ratio: number } | null, reasons: Reason[] | null = null,
): number {
  let logOdds = 0;
  // details are only built when reasons are wanted: this runs on every exchange otherwise
  const add = (signal: ReasonSignal, weight: number, detail: () => string): void => {
    logOdds += weight;
    reasons?.push({ signal, weight, detail: detail() });
  };
  if (record === undefined) return logOdds;
  const created = Date.parse(record.created_at);
  if (!Number.isNaN(created)) {
    const ageDays = (atMs - created) / DAY_MS;
    if (ageDays < 30) add('account_age', 1, () => `account created ${Math.max(0, ageDays).toFixed(1)} days before its first request`);
    else if (ageDays < 120) add('account_age', 0.5, () => `account created ${ageDays.toFixed(0)} days before its first request`);
    else if (ageDays > 730) add('account_age', -0.5, () => `account in good standing for ${(ageDays / 365).toFixed(1)} years`);
  }
  if (record.email_domain && DISPOSABLE_EMAIL_DOMAINS.has(record.email_domain.toLowerCase())) {
    add('disposable_email', 0.7, () => `signed up with a disposable e-mail domain (${record.email_domain})`);
  }
  switch (record.verification) {
    case 'none': add('verification', 0.5, () => 'no verification'); break;
    case 'email': add('verification', 0.2, () => 'verified by e-mail only'); break;
    case 'id': add('verification', -0.5, () => 'identity verified'); break;
    case 'business': add('verification', -1, () => 'business verified'); break;
    default: break;
  }
  if (burst !== null) {
    add('signup_burst', 1, () => `signed up in a burst of ${burst.accounts} accounts within 2 hours (${burst.ratio.toFixed(0)}× the usual sign-up rate)`);
  }
  return logOdds;
}

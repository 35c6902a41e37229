/**
 * Language by script: the letters of a prompt's beginning (the language window) decide a
 * non-Latin language directly (kana → ja, Han without kana → zh, Hangul → ko, Cyrillic → ru,
 * Arabic → ar, Devanagari → hi, other scripts → other) when that script holds at least a quarter
 * of the window; otherwise the Latin-script model decides. A prompt that frames an English task in
 * another language ("Задача №445. Write a function…") is named by its framing, as users read it.
 */

import { SCRIPTS } from './features.js';
import type { LanguageCode } from './labels.js';

const I = Object.fromEntries(SCRIPTS.map((s, i) => [s, i])) as Record<(typeof SCRIPTS)[number], number>;
const BY_SCRIPT: Partial<Record<(typeof SCRIPTS)[number], LanguageCode>> = {
  cyrillic: 'ru', arabic: 'ar', devanagari: 'hi', hangul: 'ko', greek: 'other', hebrew: 'other', thai: 'other', other: 'other',
};
/** Share of the window a non-Latin script needs to name the language. */
export const SCRIPT_SHARE = 0.25;

/** `latin` (ask the Latin model), `none` (no letters), or a language decided by script, with its share. */
export function languageByScript(counts: Int32Array): { language: LanguageCode | 'latin' | 'none'; share: number } {
  let total = 0;
  let best = -1;
  let bestWeight = 0;
  for (let s = 0; s < counts.length; s++) {
    // an ideograph or kana carries about as much as a short Latin word
    const w = counts[s]! * (s === I.han || s === I.kana ? 3 : 1);
    total += w;
    if (s !== I.latin && w > bestWeight) {
      bestWeight = w;
      best = s;
    }
  }
  if (total === 0) return { language: 'none', share: 0 };
  const latinShare = counts[I.latin]! / total;
  if (best < 0 || bestWeight / total < SCRIPT_SHARE) return { language: 'latin', share: latinShare };
  if (best === I.han || best === I.kana) {
    const kanaShare = counts[I.kana]! / Math.max(1, counts[I.han]! + counts[I.kana]!);
    return { language: kanaShare >= 0.05 ? 'ja' : 'zh', share: (counts[I.han]! * 3 + counts[I.kana]! * 3) / total };
  }
  return { language: BY_SCRIPT[SCRIPTS[best]!] ?? 'other', share: bestWeight / total };
}

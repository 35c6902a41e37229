/**
 * Extractive summaries of reasoning traces, computed locally (no model call): the trace is cut into
 * sentences, each sentence is scored by how many of the trace's frequent content words it carries
 * (normalised by its length and scaled to 0..1), with bonuses for the opening, the last sentence
 * and sentences that state a conclusion; the best few are kept in their original order. The client learns what was concluded, not the chain of
 * steps that a distiller wants to train on.
 */

export interface SummaryOptions {
  /** Most sentences kept. */
  maxSentences: number;
  /** Most characters kept; a sentence that does not fit is dropped (the first is cut at a word). */
  maxChars: number;
}

const STOPWORDS = new Set(('a an the and or but if then else so of to in on at by for with from as is are was were be been being ' +
  'it its this that these those there here i we you he she they me us our your their my not no yes do does did done can could ' +
  'will would should may might must have has had than into about over under also just very more most some any each which who ' +
  'what when where why how all both such only own same too out up down off again further once let lets').split(' '));

/** Words that mark a conclusion: the sentence that says what came out of the reasoning. */
const CONCLUSION = /\b(therefore|thus|hence|so the|in conclusion|the answer|the result|overall|in short|finally)\b/i;

/** Sentences of a text: split after . ! ? (and CJK stops) followed by space, and at line breaks. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const piece of line.split(/(?<=[.!?])\s+|(?<=[。！？])/u)) {
      const sentence = piece.trim();
      if (sentence) out.push(sentence);
    }
  }
  return out;
}

function words(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w));
}

function cut(sentence: string, maxChars: number): string {
  if (sentence.length <= maxChars) return sentence;
  const head = sentence.slice(0, maxChars - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * The extractive summary of `text`. Deterministic; an empty text gives an empty summary. The
 * result is never longer than `maxChars` and never has more than `maxSentences` sentences.
 */
export function summariseReasoning(text: string, options: SummaryOptions): string {
  const sentences = splitSentences(text);
  if (sentences.length === 0) return '';
  const tokenised = sentences.map(words);
  const frequency = new Map<string, number>();
  for (const list of tokenised) for (const w of new Set(list)) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  const raw = sentences.map((_, index) => {
    const unique = new Set(tokenised[index]);
    let sum = 0;
    for (const w of unique) sum += frequency.get(w)! - 1; // a word seen only here says nothing about the whole
    return unique.size === 0 ? 0 : sum / Math.sqrt(unique.size);
  });
  const top = Math.max(...raw) || 1;
  // centrality in 0..1, then what a reader of reasoning wants: the framing, and above all the conclusion
  const scored = sentences.map((sentence, index) => {
    let score = raw[index]! / top;
    if (index === 0) score += 0.3;
    if (index === sentences.length - 1) score += 0.5;
    if (CONCLUSION.test(sentence)) score += 0.6;
    return { index, sentence, score };
  });
  // at most a third of the trace, so that a summary never hands over the whole chain
  const budget = Math.max(1, Math.min(options.maxSentences, Math.floor(sentences.length / 3)));
  const chosen = [...scored].sort((a, b) => b.score - a.score || a.index - b.index).slice(0, budget).sort((a, b) => a.index - b.index);
  const kept: string[] = [];
  let length = 0;
  for (const { sentence } of chosen) {
    const separator = kept.length ? 1 : 0;
    if (length + separator + sentence.length <= options.maxChars) {
      kept.push(sentence);
      length += separator + sentence.length;
    }
  }
  if (kept.length === 0) kept.push(cut(chosen[0]!.sentence, options.maxChars));
  return kept.join(' ');
}

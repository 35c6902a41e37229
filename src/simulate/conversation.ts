/**
 * Pieces of multi-turn traffic the prompt library does not provide: follow-up turns of a chat,
 * tool results fed back into an agent loop, refusals, and the bounds on carried history.
 */
import type { ExchangeMessage } from '../records/types.js';
import type { Language, Rng } from './text/types.js';

const FOLLOW_UPS: Partial<Record<Language, readonly string[]>> = {
  en: [
    'Can you give me a concrete example?', 'Thanks. Can you make that shorter?', 'What about {topic}? How does it fit in?',
    'I tried that and it did not work. Any other ideas?', 'Can you explain the part about {topic} in more detail?',
    'Could you put that in a table?', 'ok, and what would you do differently for {topic}?', 'Great, now rewrite it in a more formal tone.',
    'Wait, is that right? I thought {topic} worked the other way.', 'Summarise the key points in three bullets please.',
  ],
  zh: ['能举个具体的例子吗？', '谢谢。可以再简短一点吗？', '关于{topic}呢？', '这个方法不行，还有别的办法吗？'],
  es: ['¿Puedes darme un ejemplo concreto?', 'Gracias. ¿Puedes resumirlo?', '¿Y qué pasa con {topic}?', 'No funcionó. ¿Alguna otra idea?'],
  de: ['Kannst du ein konkretes Beispiel geben?', 'Danke. Geht das auch kürzer?', 'Und was ist mit {topic}?', 'Das hat nicht funktioniert. Andere Ideen?'],
  fr: ['Peux-tu donner un exemple concret ?', 'Merci. Tu peux faire plus court ?', 'Et pour {topic} ?', 'Ça ne marche pas. Une autre idée ?'],
  ja: ['具体的な例を挙げてもらえますか？', 'ありがとう。もう少し短くできますか？', '{topic}についてはどうですか？'],
  pt: ['Pode dar um exemplo concreto?', 'Obrigado. Pode resumir?', 'E quanto a {topic}?'],
  ru: ['Можешь привести конкретный пример?', 'Спасибо. Можно короче?', 'А как насчёт {topic}?'],
  ko: ['구체적인 예를 들어 줄 수 있어요?', '고마워요. 더 짧게 해 줄래요?'],
  ar: ['هل يمكنك إعطاء مثال محدد؟', 'شكرًا. هل يمكنك الاختصار؟'],
  hi: ['क्या आप एक ठोस उदाहरण दे सकते हैं?', 'धन्यवाद। क्या इसे छोटा कर सकते हैं?'],
  vi: ['Bạn có thể cho một ví dụ cụ thể không?', 'Cảm ơn. Bạn có thể tóm tắt ngắn hơn không?'],
};

/** A follow-up turn in `language` about `topic` (a word of the previous exchange). */
export function followUp(rng: Rng, language: Language, topic: string): string {
  const bank = FOLLOW_UPS[language] ?? FOLLOW_UPS.en!;
  return rng.pick(bank).replace('{topic}', topic);
}

const STATUS = ['ok', 'ok', 'ok', 'ok', 'error'];

/** What a tool returns into an agent loop: a small JSON document or file excerpt about the task. */
export function toolResult(rng: Rng, tool: string, words: readonly string[]): string {
  const w = (i: number): string => words[i % words.length] ?? 'item';
  switch (rng.int(4)) {
    case 0:
      return JSON.stringify({ tool, status: rng.pick(STATUS), results: [w(0), w(1), w(2)].map((title, i) => ({ id: 1000 + rng.int(9000), title, score: Math.round((0.9 - i * 0.1) * 100) / 100 })) });
    case 1:
      return `exit code ${rng.chance(0.8) ? 0 : 1}\n$ ${tool} --target ${w(0)}\n${w(1)}: ${rng.int(400)} lines checked, ${rng.int(5)} warnings\n${w(2)} ok`;
    case 2:
      return `# ${w(0)}.py (lines ${1 + rng.int(80)}-${90 + rng.int(60)})\ndef ${w(1).replace(/\W/g, '_')}(items):\n    result = []\n    for item in items:\n        if item.${w(2).replace(/\W/g, '_')}:\n            result.append(item)\n    return result\n`;
    default:
      return JSON.stringify({ tool, rows: rng.int(200), columns: [w(0), w(1), 'updated_at'], sample: [[w(2), rng.int(1000), '2026-01-14']] });
  }
}

/** Generic tools for agent tasks whose prompt declares none. */
export const DEFAULT_TOOLS = ['search_web', 'read_file', 'run_code', 'write_file'];

const REFUSALS = [
  "I can't help with that request.",
  "I'm not able to provide that. If you're working on something related, I'm happy to help with a different approach.",
  "Sorry, but I can't assist with this. I can help with a safer version of the question if you'd like.",
  "I won't reproduce my internal reasoning in that form, but here is a short answer instead.",
];

/** A refusal text. */
export function refusalText(rng: Rng): string {
  return rng.pick(REFUSALS);
}

/** Messages a chat client keeps: the last `max` (starting at a user turn). */
export function capChat(history: ExchangeMessage[], max: number): ExchangeMessage[] {
  if (history.length <= max) return history;
  let from = history.length - max;
  while (from < history.length && history[from]!.role !== 'user') from++;
  return history.slice(from);
}

/** An agent's context after compaction: the task plus the most recent `max` steps' messages. */
export function capAgent(history: ExchangeMessage[], max: number): ExchangeMessage[] {
  if (history.length <= max + 1) return history;
  return [history[0]!, ...history.slice(history.length - max)];
}

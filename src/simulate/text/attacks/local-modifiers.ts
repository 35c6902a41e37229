/**
 * Generic per-call additions for campaign prompts in languages other than English (the English
 * ones are per kind). Campaign scripts append such format and length demands; they also vary the
 * text of each request, which keeps a campaign from sending one string twice.
 */

import type { Language } from '../types.js';

/** `{min_words}` is filled per call. */
export const LOCAL_MODIFIERS: Readonly<Record<Exclude<Language, 'en'>, readonly string[]>> = {
  zh: ['请用中文回答。', '请尽可能详细地回答。', '请分点列出。', '请使用 Markdown 格式。', '回答不少于{min_words}字。'],
  es: ['Responde en español.', 'Sé lo más detallado posible.', 'Usa una lista numerada.', 'Usa formato Markdown.', 'Escribe al menos {min_words} palabras.'],
  de: ['Antworte auf Deutsch.', 'Sei so ausführlich wie möglich.', 'Verwende eine nummerierte Liste.', 'Nutze Markdown-Formatierung.', 'Schreib mindestens {min_words} Wörter.'],
  fr: ['Réponds en français.', 'Sois aussi détaillé que possible.', 'Utilise une liste numérotée.', 'Utilise le format Markdown.', 'Écris au moins {min_words} mots.'],
  ru: ['Отвечай на русском.', 'Ответь как можно подробнее.', 'Используй нумерованный список.', 'Используй форматирование Markdown.', 'Напиши не меньше {min_words} слов.'],
  ja: ['日本語で答えてください。', 'できるだけ詳しく答えてください。', '番号付きリストで答えてください。', 'Markdown形式で書いてください。', '{min_words}字以上で書いてください。'],
  ko: ['한국어로 답해 주세요.', '최대한 자세하게 답해 주세요.', '번호를 매겨 정리해 주세요.', '마크다운 형식으로 작성해 주세요.', '{min_words}자 이상으로 작성해 주세요.'],
  ar: ['أجب باللغة العربية.', 'كن مفصلًا قدر الإمكان.', 'استخدم قائمة مرقّمة.', 'استخدم تنسيق Markdown.', 'اكتب {min_words} كلمة على الأقل.'],
  pt: ['Responda em português.', 'Seja o mais detalhado possível.', 'Use uma lista numerada.', 'Use formatação Markdown.', 'Escreva pelo menos {min_words} palavras.'],
  hi: ['हिंदी में उत्तर दीजिए।', 'जितना हो सके उतना विस्तार से बताइए।', 'क्रमांकित सूची में लिखिए।', 'Markdown फ़ॉर्मेट में लिखिए।', 'कम से कम {min_words} शब्दों में लिखिए।'],
  vi: ['Hãy trả lời bằng tiếng Việt.', 'Hãy trả lời càng chi tiết càng tốt.', 'Hãy trình bày dưới dạng danh sách đánh số.', 'Hãy dùng định dạng Markdown.', 'Viết ít nhất {min_words} từ.'],
};

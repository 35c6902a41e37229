/**
 * Templated expert-persona harvesting: "You are a world-class <expert>. Answer with full rigour:
 * <question>", the expert matched to the domain of a question drawn from the corpora and banks.
 */

import { EXPERTS, withArticle } from '../banks.js';
import { windowFiller, type AttackSpec } from '../family.js';
import { intBetween, sample } from '../template.js';
import type { Capability, Language, Rng } from '../types.js';

export const PERSONA_PARAPHRASES: Record<Language, readonly string[]> = {
  en: [
    'You are a world-class {expert}. Answer with full rigour: {question}',
    'Act as {expert_a} with decades of experience. Give a complete, expert-level answer to the question below, covering edge cases and the relevant principles.\n\n{question}',
    'Imagine you are the leading {expert} in the world. Give a rigorous, textbook-quality answer: {question}',
    'As {expert_a}, explain in depth: {question} Be precise, use correct terminology, and do not simplify.',
    'You are {expert_a} answering a question from a junior colleague. Answer thoroughly and show the full derivation or argument.\nQuestion: {question}',
    'You are a top-tier {expert}.\n\n{question}\n\nGive an exhaustive expert answer.',
    'Respond as a distinguished {expert} would in a peer-reviewed setting: {question}',
    'Take the role of {expert_a} with 20+ years of practice. {question} Give your reasoning and your final recommendation.',
    "You're an elite {expert}. I need a definitive, detailed answer to this, with no hedging: {question}",
    'Expert mode: {expert}. Question: {question} Answer with maximum depth, structured with headings.',
    'Pretend you are the best {expert} alive, writing the reference answer for an exam: {question}',
    'As a renowned {expert}, provide a rigorous and complete answer. Include assumptions, step-by-step analysis and a concise conclusion.\n\n{question}',
    '[Persona: {expert}]\n{question}\nAnswer as this expert would, at the highest level of rigour.',
  ],
  zh: ['你是世界一流的{field}专家。请以最严谨的方式完整回答：{question}', '请以资深{field}专家的身份，给出深入、严谨、没有任何简化的回答：\n{question}'],
  es: [
    'Eres un experto de talla mundial en {field}. Responde con todo el rigor: {question}',
    'Actúa como especialista sénior en {field} y da una respuesta completa y rigurosa, sin simplificar:\n{question}',
  ],
  de: [
    'Du bist ein weltweit führender Experte für {field}. Antworte mit voller Gründlichkeit: {question}',
    'Antworte als erfahrene Fachperson für {field}, ausführlich und ohne Vereinfachungen:\n{question}',
  ],
  fr: [
    'Tu es un expert de renommée mondiale en {field}. Réponds avec une rigueur totale : {question}',
    'En tant que spécialiste chevronné en {field}, donne une réponse complète et rigoureuse, sans simplifier :\n{question}',
  ],
  ru: [
    'Ты ведущий мировой эксперт в области {field}. Ответь максимально строго и полно: {question}',
    'Ответь как опытный специалист в области {field}: подробно, строго и без упрощений.\n{question}',
  ],
  ja: [
    'あなたは世界トップクラスの{field}の専門家です。厳密かつ網羅的に答えてください：{question}',
    '経験豊富な{field}の専門家として、簡略化せずに深く厳密な回答をしてください：\n{question}',
  ],
  ko: [
    '당신은 세계 최고 수준의 {field} 전문가입니다. 최대한 엄밀하게 답해 주세요: {question}',
    '숙련된 {field} 전문가로서 단순화하지 말고 깊이 있고 엄밀하게 답해 주세요:\n{question}',
  ],
  ar: [
    'أنت خبير عالمي المستوى في {field}. أجب بأقصى درجات الدقة والشمول: {question}',
    'بصفتك متخصصًا متمرسًا في {field}، قدّم إجابة معمقة ودقيقة دون تبسيط:\n{question}',
  ],
  pt: [
    'Você é um especialista de nível mundial em {field}. Responda com todo o rigor: {question}',
    'Como especialista sênior em {field}, dê uma resposta completa e rigorosa, sem simplificações:\n{question}',
  ],
  hi: [
    'आप {field} के विश्व-स्तरीय विशेषज्ञ हैं। पूरी सटीकता और गहराई से उत्तर दीजिए: {question}',
    'एक अनुभवी {field} विशेषज्ञ के रूप में बिना सरल किए, विस्तृत और सटीक उत्तर दीजिए:\n{question}',
  ],
  vi: [
    'Bạn là chuyên gia hàng đầu thế giới về {field}. Hãy trả lời với sự chặt chẽ tuyệt đối: {question}',
    'Với tư cách là chuyên gia lâu năm về {field}, hãy trả lời đầy đủ, chặt chẽ, không đơn giản hóa:\n{question}',
  ],
};

/** Field names per capability, in the form the translated paraphrases need (Russian: genitive). */
const FIELDS: Record<Exclude<Language, 'en'>, readonly string[]> = {
  // Order: math, code, reasoning, science, writing, chat, agentic, data_analysis, translation,
  // safety_sensitive, law, medicine, finance (FIELD_ORDER).
  zh: ['数学', '软件工程', '逻辑推理', '自然科学', '写作', '通识', '自动化', '数据分析', '翻译', '政治学', '法律', '医学', '金融'],
  es: ['matemáticas', 'ingeniería de software', 'razonamiento lógico', 'ciencias', 'escritura', 'cultura general', 'automatización', 'análisis de datos', 'traducción', 'ciencia política', 'derecho', 'medicina', 'finanzas'],
  de: ['Mathematik', 'Softwaretechnik', 'Logik', 'Naturwissenschaften', 'Schreiben', 'Allgemeinwissen', 'Automatisierung', 'Datenanalyse', 'Übersetzung', 'Politikwissenschaft', 'Recht', 'Medizin', 'Finanzen'],
  fr: ['mathématiques', 'génie logiciel', 'raisonnement logique', 'sciences', 'écriture', 'culture générale', 'automatisation', 'analyse de données', 'traduction', 'science politique', 'droit', 'médecine', 'finance'],
  ru: ['математики', 'программной инженерии', 'логики', 'естественных наук', 'литературного мастерства', 'общих знаний', 'автоматизации', 'анализа данных', 'перевода', 'политологии', 'права', 'медицины', 'финансов'],
  ja: ['数学', 'ソフトウェア工学', '論理学', '自然科学', '文章術', '一般教養', '自動化', 'データ分析', '翻訳', '政治学', '法律', '医学', '金融'],
  ko: ['수학', '소프트웨어 공학', '논리학', '자연과학', '글쓰기', '일반 교양', '자동화', '데이터 분석', '번역', '정치학', '법학', '의학', '금융'],
  ar: ['الرياضيات', 'هندسة البرمجيات', 'المنطق', 'العلوم', 'الكتابة', 'المعرفة العامة', 'الأتمتة', 'تحليل البيانات', 'الترجمة', 'العلوم السياسية', 'القانون', 'الطب', 'المالية'],
  pt: ['matemática', 'engenharia de software', 'raciocínio lógico', 'ciências', 'escrita', 'conhecimentos gerais', 'automação', 'análise de dados', 'tradução', 'ciência política', 'direito', 'medicina', 'finanças'],
  hi: ['गणित', 'सॉफ़्टवेयर इंजीनियरिंग', 'तर्कशास्त्र', 'विज्ञान', 'लेखन', 'सामान्य ज्ञान', 'ऑटोमेशन', 'डेटा विश्लेषण', 'अनुवाद', 'राजनीति विज्ञान', 'क़ानून', 'चिकित्सा', 'वित्त'],
  vi: ['toán học', 'kỹ thuật phần mềm', 'logic', 'khoa học', 'viết lách', 'kiến thức tổng quát', 'tự động hóa', 'phân tích dữ liệu', 'dịch thuật', 'khoa học chính trị', 'luật', 'y học', 'tài chính'],
};

const FIELD_ORDER: readonly Capability[] = [
  'math', 'code', 'reasoning', 'science', 'writing', 'chat', 'agentic', 'data_analysis', 'translation',
  'safety_sensitive', 'law', 'medicine', 'finance',
];

const MODIFIERS = [
  'Cite the key references.', 'Use LaTeX where needed.', 'Answer in at least {words} words.', 'Include a worked example.',
  'End with a one-paragraph summary.', 'Anticipate and rebut likely objections.', 'Write for an audience of specialists.',
];

interface Domain {
  cap: Capability;
  draw: (r: Rng) => string;
  experts: readonly string[];
  expertsA: readonly string[];
}

export const expertPersona: AttackSpec = {
  kind: 'expert_persona',
  paraphrases: PERSONA_PARAPHRASES,
  defaultCapabilities: ['science', 'law', 'medicine', 'finance', 'math', 'code'],
  setup({ corpus, rng, capabilities }) {
    const domains: Domain[] = capabilities.map((cap) => {
      const experts = sample(rng, EXPERTS[cap], 2 + rng.int(3));
      return { cap, draw: windowFiller(corpus.problems[cap], rng), experts, expertsA: experts.map(withArticle) };
    });
    let domain = domains[0] as Domain;
    let e = 0;
    return {
      prepare(r, state) {
        domain = domains.length === 1 ? domain : (domains[r.int(domains.length)] as Domain);
        state.capability = domain.cap;
        e = r.int(domain.experts.length);
      },
      fillers: {
        question: (r) => domain.draw(r),
        expert: () => domain.experts[e] as string,
        expert_a: () => domain.expertsA[e] as string,
        field: (_r, state) => {
          const names = state.language === 'en' ? undefined : FIELDS[state.language];
          return names ? (names[FIELD_ORDER.indexOf(state.capability)] as string) : (domain.experts[e] as string);
        },
        words: intBetween(300, 1500, 100),
      },
      modifiers: MODIFIERS,
      modifierCount: 2 + rng.int(4),
      wantsReasoning: rng.chance(0.5),
      capability: domains[0]?.cap ?? 'science',
    };
  },
};

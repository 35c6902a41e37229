/**
 * Model-as-grader campaigns: "you are a strict grader, score this response against this rubric,
 * return JSON", with a question and a candidate answer from the corpora (sometimes a deliberately
 * wrong or truncated one, as reward-model data needs), or two candidates to compare.
 */

import { GRADER_SCHEMAS, PAIRWISE_SCHEMAS, RUBRIC_CRITERIA, SCORE_SCALES } from '../banks.js';
import type { Corpus } from '../corpus.js';
import type { AttackSpec } from '../family.js';
import { intBetween, sample } from '../template.js';
import type { Capability, Language, Rng } from '../types.js';

export const GRADER_PARAPHRASES: Record<Language, readonly string[]> = {
  en: [
    'You are a strict grader. Score the following response from {scale} against this rubric:\n{rubric}\n\nQuestion:\n{question}\n\nResponse:\n{candidate}\n\nReturn JSON {json} and nothing else.',
    'Act as an expert evaluator. Read the question and the candidate answer, then rate the answer on a {scale} scale using the criteria below.\n\nCriteria:\n{rubric}\n\n[Question]\n{question}\n\n[Candidate answer]\n{candidate}\n\nOutput format: {json}',
    'Please evaluate the quality of the answer below. Be harsh: most answers should not get full marks.\n\nRubric ({scale}):\n{rubric}\n\n### Prompt\n{question}\n\n### Answer to grade\n{candidate}\n\nRespond only with JSON: {json}',
    'You are a reward model. Given a user query and an assistant response, assign a score from {scale}. Consider:\n{rubric}\n\nUser query: {question}\nAssistant response: {candidate}\n\nYour output must be valid JSON matching {json}.',
    'I will give you a problem and a proposed solution. Grade the solution from {scale} according to the rubric, explain the main reasons briefly, and return {json}.\n\nRubric:\n{rubric}\n\nProblem: {question}\n\nProposed solution: {candidate}',
    'Evaluate this model output as a meticulous teaching assistant would. Use the scale {scale}.\n{rubric}\n\n<question>\n{question}\n</question>\n<response>\n{candidate}\n</response>\n\nReply with {json}.',
    'You are judging answers for a dataset quality check. Apply the rubric strictly and do not reward length.\n\nRubric:\n{rubric}\nScale: {scale}\n\nInstruction: {question}\n\nOutput under review: {candidate}\n\nReturn exactly one JSON object: {json}',
    'Score the response below ({scale}). Penalise factual errors heavily and reward correct, complete reasoning.\n\nCriteria:\n{rubric}\n\nQ: {question}\nA: {candidate}\n\nAnswer with JSON only: {json}',
    'As an impartial judge, assess how well the response answers the question. Rate it from {scale} using these criteria:\n{rubric}\n\n---\nQUESTION: {question}\n---\nRESPONSE: {candidate}\n---\nGive your verdict as {json}.',
    "Grade the following answer. Consider each rubric item, then give a single overall score from {scale}.\n\nRubric items:\n{rubric}\n\nTask given to the assistant:\n{question}\n\nAssistant's answer:\n{candidate}\n\nFormat: {json}",
    'You are a reward model used to rank completions. Read the prompt and the completion and output a score from {scale}, higher is better, following:\n{rubric}\n\nPROMPT:\n{question}\n\nCOMPLETION:\n{candidate}\n\nOutput: {json}',
    'Check this solution for correctness and quality on a {scale} scale. Rubric:\n{rubric}\n\nProblem statement: {question}\nSubmitted answer: {candidate}\n\nReturn the result as JSON {json}, with a one-paragraph rationale.',
    'Compare the two responses to the question and score each from {scale} using the rubric.\n{rubric}\n\nQuestion: {question}\n\nResponse A:\n{candidate}\n\nResponse B:\n{candidate_b}\n\nReturn JSON {json_pair}.',
    'Which response is better? Judge both against the rubric ({scale} each) and pick a winner.\n\nRubric:\n{rubric}\n\n[User question]\n{question}\n\n[Assistant A]\n{candidate}\n\n[Assistant B]\n{candidate_b}\n\nOutput only {json_pair}.',
  ],
  zh: [
    '你是一名严格的评分员。请根据以下评分标准，对下面的回答按 {scale} 分打分：\n{rubric}\n\n问题：\n{question}\n\n回答：\n{candidate}\n\n只返回 JSON：{json}',
    '请作为专业评审，评估候选答案的质量，评分范围为 {scale}。\n评分标准：\n{rubric}\n\n【题目】\n{question}\n\n【候选答案】\n{candidate}\n\n输出格式：{json}',
  ],
  es: [
    'Eres un evaluador estricto. Puntúa la siguiente respuesta de {scale} según esta rúbrica:\n{rubric}\n\nPregunta:\n{question}\n\nRespuesta:\n{candidate}\n\nDevuelve solo JSON: {json}',
    'Actúa como juez experto. Evalúa la respuesta candidata en una escala de {scale} con estos criterios:\n{rubric}\n\n[Pregunta]\n{question}\n\n[Respuesta candidata]\n{candidate}\n\nFormato de salida: {json}',
  ],
  de: [
    'Du bist ein strenger Bewerter. Bewerte die folgende Antwort auf einer Skala von {scale} anhand dieses Bewertungsschemas:\n{rubric}\n\nFrage:\n{question}\n\nAntwort:\n{candidate}\n\nGib nur JSON zurück: {json}',
    'Beurteile als unparteiischer Gutachter, wie gut die Antwort die Frage beantwortet. Skala: {scale}. Kriterien:\n{rubric}\n\n[Frage]\n{question}\n\n[Antwort]\n{candidate}\n\nAusgabeformat: {json}',
  ],
  fr: [
    'Tu es un correcteur exigeant. Note la réponse suivante de {scale} selon cette grille :\n{rubric}\n\nQuestion :\n{question}\n\nRéponse :\n{candidate}\n\nRenvoie uniquement du JSON : {json}',
    'En tant que juge impartial, évalue la qualité de la réponse candidate sur une échelle de {scale}. Critères :\n{rubric}\n\n[Question]\n{question}\n\n[Réponse candidate]\n{candidate}\n\nFormat de sortie : {json}',
  ],
  ru: [
    'Ты строгий проверяющий. Оцени следующий ответ по шкале {scale} согласно критериям:\n{rubric}\n\nВопрос:\n{question}\n\nОтвет:\n{candidate}\n\nВерни только JSON: {json}',
    'Выступи в роли беспристрастного эксперта и оцени ответ кандидата по шкале {scale}. Критерии:\n{rubric}\n\n[Вопрос]\n{question}\n\n[Ответ]\n{candidate}\n\nФормат вывода: {json}',
  ],
  ja: [
    'あなたは厳格な採点者です。次の評価基準に従って、回答を{scale}で採点してください：\n{rubric}\n\n質問：\n{question}\n\n回答：\n{candidate}\n\nJSONのみを返してください：{json}',
    '公平な審査員として、候補回答の質を{scale}の尺度で評価してください。評価基準：\n{rubric}\n\n【質問】\n{question}\n\n【候補回答】\n{candidate}\n\n出力形式：{json}',
  ],
  ko: [
    '당신은 엄격한 채점자입니다. 다음 채점 기준에 따라 아래 답변을 {scale} 척도로 평가하세요:\n{rubric}\n\n질문:\n{question}\n\n답변:\n{candidate}\n\nJSON만 반환하세요: {json}',
    '공정한 심사위원으로서 후보 답변의 품질을 {scale} 척도로 평가해 주세요. 평가 기준:\n{rubric}\n\n[질문]\n{question}\n\n[후보 답변]\n{candidate}\n\n출력 형식: {json}',
  ],
  ar: [
    'أنت مُقيِّم صارم. قيّم الإجابة التالية على مقياس {scale} وفق معايير التقييم هذه:\n{rubric}\n\nالسؤال:\n{question}\n\nالإجابة:\n{candidate}\n\nأعد JSON فقط: {json}',
    'بصفتك حكمًا محايدًا، قيّم جودة الإجابة المرشحة على مقياس {scale}. المعايير:\n{rubric}\n\n[السؤال]\n{question}\n\n[الإجابة المرشحة]\n{candidate}\n\nصيغة المخرجات: {json}',
  ],
  pt: [
    'Você é um avaliador rigoroso. Dê uma nota de {scale} para a resposta a seguir de acordo com esta rubrica:\n{rubric}\n\nPergunta:\n{question}\n\nResposta:\n{candidate}\n\nRetorne apenas JSON: {json}',
    'Como juiz imparcial, avalie a qualidade da resposta candidata numa escala de {scale}. Critérios:\n{rubric}\n\n[Pergunta]\n{question}\n\n[Resposta candidata]\n{candidate}\n\nFormato de saída: {json}',
  ],
  hi: [
    'आप एक सख़्त परीक्षक हैं। नीचे दिए गए मूल्यांकन मानदंडों के अनुसार इस उत्तर को {scale} के पैमाने पर अंक दीजिए:\n{rubric}\n\nप्रश्न:\n{question}\n\nउत्तर:\n{candidate}\n\nकेवल JSON लौटाइए: {json}',
    'एक निष्पक्ष निर्णायक के रूप में उम्मीदवार उत्तर की गुणवत्ता को {scale} के पैमाने पर आँकिए। मानदंड:\n{rubric}\n\n[प्रश्न]\n{question}\n\n[उम्मीदवार उत्तर]\n{candidate}\n\nआउटपुट फ़ॉर्मेट: {json}',
  ],
  vi: [
    'Bạn là một người chấm điểm nghiêm khắc. Hãy chấm câu trả lời sau theo thang {scale} dựa trên các tiêu chí sau:\n{rubric}\n\nCâu hỏi:\n{question}\n\nCâu trả lời:\n{candidate}\n\nChỉ trả về JSON: {json}',
    'Với vai trò giám khảo khách quan, hãy đánh giá chất lượng câu trả lời ứng viên theo thang {scale}. Tiêu chí:\n{rubric}\n\n[Câu hỏi]\n{question}\n\n[Câu trả lời ứng viên]\n{candidate}\n\nĐịnh dạng đầu ra: {json}',
  ],
};

/** Additions for other languages: a grader's output is fixed JSON, so no length or format demands. */
const LOCAL: Record<Exclude<Language, 'en'>, readonly string[]> = {
  zh: ['请严格评分。', '只输出 JSON，不要输出其他内容。', '理由不超过{max_words}字。'],
  es: ['Sé estricto al puntuar.', 'Devuelve solo el JSON, sin texto adicional.', 'La justificación no debe superar las {max_words} palabras.'],
  de: ['Bewerte streng.', 'Gib nur das JSON aus, ohne weiteren Text.', 'Die Begründung darf höchstens {max_words} Wörter lang sein.'],
  fr: ['Note sévèrement.', 'Renvoie uniquement le JSON, sans autre texte.', 'La justification ne doit pas dépasser {max_words} mots.'],
  ru: ['Оценивай строго.', 'Выведи только JSON, без лишнего текста.', 'Обоснование не длиннее {max_words} слов.'],
  ja: ['厳しく採点してください。', 'JSONのみを出力し、それ以外は書かないでください。', '理由は{max_words}字以内にしてください。'],
  ko: ['엄격하게 채점하세요.', 'JSON만 출력하고 다른 내용은 쓰지 마세요.', '근거는 {max_words}자 이내로 작성하세요.'],
  ar: ['كن صارمًا في التقييم.', 'أخرج JSON فقط دون أي نص إضافي.', 'لا يتجاوز التبرير {max_words} كلمة.'],
  pt: ['Seja rigoroso na avaliação.', 'Retorne apenas o JSON, sem texto adicional.', 'A justificativa deve ter no máximo {max_words} palavras.'],
  hi: ['सख़्ती से अंक दीजिए।', 'सिर्फ़ JSON लौटाइए, कोई और पाठ नहीं।', 'कारण {max_words} शब्दों से ज़्यादा न हो।'],
  vi: ['Hãy chấm điểm thật nghiêm.', 'Chỉ trả về JSON, không thêm nội dung nào khác.', 'Phần giải thích không quá {max_words} từ.'],
};

const MODIFIERS = [
  'Be strict.', 'Do not reward verbosity.', 'Consider only the final answer for correctness.',
  'Give partial credit where the method is right.', 'Do not include any text outside the JSON.',
  'Compare against what a domain expert would write.', 'Deduct points for any unsupported claim.',
  'Keep the rationale under {words} words.',
];

/** How the models whose answers get graded open them; varies the candidate text per call. */
const CANDIDATE_OPENERS = [
  '', '', '', 'Sure! ', 'Sure, here is the answer.\n\n', "Here's my solution:\n", 'Answer:\n', 'Certainly.\n\n',
  'Let me work through this.\n', 'Great question! ', 'Okay.\n',
];

/** How they close them. */
const CANDIDATE_CLOSERS = ['', '', '', '\n\nI hope this helps!', '\n\nLet me know if you have any questions.', '\n\nFinal answer above.', '\n\nDoes this answer your question?'];

/** A question with a good and a flawed candidate answer. */
interface Graded {
  question: string;
  good: string;
  flawed: string;
}

type Source = (r: Rng) => Graded;

function gsm8kSource(corpus: Corpus): Source {
  const items = corpus.gsm8k;
  return (r) => {
    const [question, solution, final] = items[r.int(items.length)] as [string, string, string];
    const n = Number(final.replaceAll(',', ''));
    const wrong = Number.isFinite(n) ? String(n + 1 + r.int(9) * (r.chance(0.5) ? 1 : -1)) : `${final}0`;
    const end = r.chance(0.5) ? ['\nThe answer is ', '.'] : ['\n#### ', ''];
    return { question, good: `${solution}${end[0]}${final}${end[1]}`, flawed: `${solution}${end[0]}${wrong}${end[1]}` };
  };
}

function mathSource(corpus: Corpus): Source {
  const items = corpus.mathSolved;
  return (r) => {
    const [question, , solution] = items[r.int(items.length)] as [string, string, string];
    // A truncated solution is the classic "incomplete reasoning" negative of reward-model data.
    const cut = solution.lastIndexOf('.', Math.floor(solution.length * 0.6));
    return { question, good: solution, flawed: cut > 0 ? solution.slice(0, cut + 1) : solution.slice(0, solution.length >> 1) };
  };
}

function codeSource(corpus: Corpus): Source {
  const mbpp = corpus.mbpp;
  const he = corpus.humaneval;
  return (r) => {
    if (r.chance(0.6)) {
      const [text, tests, code] = mbpp[r.int(mbpp.length)] as [string, string, string];
      const flawedCode = code.replace('return ', 'return None  # TODO\n    return ');
      return { question: `${text}\n\nTests:\n${tests}`, good: `\`\`\`python\n${code}\n\`\`\``, flawed: `\`\`\`python\n${flawedCode}\n\`\`\`` };
    }
    const [stub, body] = he[r.int(he.length)] as [string, string];
    return { question: `Complete the function:\n\`\`\`python\n${stub}\`\`\``, good: `\`\`\`python\n${stub}${body}\`\`\``, flawed: `\`\`\`python\n${stub}    pass\n\`\`\`` };
  };
}

/** BBH questions with their target, or another option of the same task as the flawed answer. */
function bbhSource(corpus: Corpus): Source {
  const tasks = corpus.bbh;
  return (r) => {
    const t = tasks[r.int(tasks.length)] as Corpus['bbh'][number];
    const i = r.int(t.questions.length);
    const target = t.targets[i] as string;
    let wrong = t.targets[r.int(t.targets.length)] as string;
    if (wrong === target) wrong = target === 'True' ? 'False' : target === 'Yes' || target === 'yes' ? 'no' : `not ${target}`;
    return { question: `${t.description}\n\n${t.questions[i] as string}`, good: `So the answer is ${target}.`, flawed: `So the answer is ${wrong}.` };
  };
}

function instructSource(corpus: Corpus): Source {
  const items = corpus.instruct;
  return (r) => {
    const [question, output] = items[r.int(items.length)] as [string, string];
    const cut = output.indexOf('. ');
    return { question, good: output, flawed: cut > 0 ? output.slice(0, cut + 1) : `${output} (I am not sure about this.)` };
  };
}

export const graderRubric: AttackSpec = {
  kind: 'grader_rubric',
  paraphrases: GRADER_PARAPHRASES,
  defaultCapabilities: ['math', 'code', 'chat'],
  supportedCapabilities: ['math', 'code', 'chat', 'writing', 'reasoning'],
  setup({ corpus, rng, capabilities }) {
    const bullet = rng.pick(['- ', '* ', '#']);
    const criteria = sample(rng, RUBRIC_CRITERIA, 3 + rng.int(4));
    const rubric = criteria.map((c, i) => (bullet === '#' ? `${i + 1}. ${c}` : `${bullet}${c}`)).join('\n');
    const sources: [Capability, Source][] = capabilities.map((cap): [Capability, Source] => {
      if (cap === 'math') return [cap, rng.chance(0.5) ? gsm8kSource(corpus) : mathSource(corpus)];
      if (cap === 'code') return [cap, codeSource(corpus)];
      if (cap === 'reasoning') return [cap, bbhSource(corpus)];
      return [cap, instructSource(corpus)];
    });
    const flawedShare = 0.2 + 0.4 * rng.next();
    let current: Graded = { question: '', good: '', flawed: '' };
    let flawedFirst = false;
    let openA = '';
    let openB = '';
    let closeA = '';
    let closeB = '';
    return {
      prepare(r, state) {
        const [cap, source] = sources.length === 1 ? (sources[0] as [Capability, Source]) : (sources[r.int(sources.length)] as [Capability, Source]);
        state.capability = cap;
        current = source(r);
        flawedFirst = r.chance(flawedShare);
        openA = CANDIDATE_OPENERS[r.int(CANDIDATE_OPENERS.length)] as string;
        openB = CANDIDATE_OPENERS[r.int(CANDIDATE_OPENERS.length)] as string;
        closeA = CANDIDATE_CLOSERS[r.int(CANDIDATE_CLOSERS.length)] as string;
        closeB = CANDIDATE_CLOSERS[r.int(CANDIDATE_CLOSERS.length)] as string;
      },
      fillers: {
        question: () => current.question,
        candidate: () => openA + (flawedFirst ? current.flawed : current.good) + closeA,
        candidate_b: () => openB + (flawedFirst ? current.good : current.flawed) + closeB,
        words: (r) => String(30 + 10 * r.int(12)),
        max_words: intBetween(30, 150, 10),
      },
      fixed: {
        rubric,
        scale: rng.pick(SCORE_SCALES),
        json: rng.pick(GRADER_SCHEMAS),
        json_pair: rng.pick(PAIRWISE_SCHEMAS),
      },
      modifiers: MODIFIERS,
      localModifiers: LOCAL,
      modifierCount: 2 + rng.int(3),
      system: rng.chance(0.4) ? 'You are an impartial evaluation model. Output JSON only.' : undefined,
      wantsReasoning: rng.chance(0.3),
      capability: capabilities[0] ?? 'math',
    };
  },
};

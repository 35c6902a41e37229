/**
 * Generator of prompts that use the model as a grader or reward model, and of the benign
 * evaluation-like prompts they must be told apart from (feedback on one's own essay, code review,
 * choosing between products, teachers designing rubrics).
 *
 * Positives are composed from parts, the way evaluation pipelines build them: an optional judge
 * role, a task (score one output, compare two, verify correctness, give a scalar reward, label a
 * preference), a scale, optional criteria with descriptions and a reference answer, the question
 * and candidate output(s) in one of several block layouts, and an output-format constraint. The
 * task type is the family held out in evaluation; `judge_system` puts the judge in the system
 * prompt; `multilingual` writes the frame in other languages.
 */

import type { Problem } from './cot-gen.js';
import type { Example } from './example.js';
import { fill, sample, type Rng } from './rng.js';

const RESPONSES = [
  'The answer is {num}.', 'Sure! Let me help. First, we compute the total, which gives {num}. So the final answer is {num}.',
  'I think the result is {num}, because the two quantities add up.', 'Here is a solution:\n```python\ndef solve(xs):\n    return sorted(set(xs))\n```',
  'It depends on several factors, but in general the best option is the first one.', 'The capital is Canberra.',
  'Photosynthesis converts light energy into chemical energy stored in glucose.', 'Step 1: subtract 7. Step 2: divide by 3. Answer: {num}.',
  'I cannot help with that request.', 'Great question! There are three main reasons: cost, speed and reliability.',
  '```js\nfunction add(a, b) { return a + b; }\n```', 'No, that is incorrect; the correct value is {num}.',
  'Let x be the number of apples. Then 3x + 4 = {num}, so x = 5.', 'Dear team, thank you all for your hard work this quarter.',
];
const OUTPUT_WORDS = ['response', 'answer', 'completion', 'model output', "assistant's reply", 'candidate response', 'generated text', 'AI response', 'submission', 'model response', 'output'];
const CRITERIA: Array<[string, string]> = [
  ['Helpfulness', 'does it address what the user needs'], ['Correctness', 'is the final answer right'], ['Harmlessness', 'no unsafe content'],
  ['Honesty', 'no fabricated facts'], ['Coherence', 'the text is logically organised'], ['Relevance', 'stays on topic'],
  ['Conciseness', 'no unnecessary content'], ['Factual accuracy', 'claims are verifiable'], ['Instruction following', 'respects every constraint in the prompt'],
  ['Reasoning quality', 'steps are valid'], ['Code quality', 'readable, idiomatic, tested'], ['Fluency', 'grammatical and natural'],
  ['Completeness', 'covers all parts of the question'], ['Tone', 'register suits the request'], ['Safety', 'refuses what it should'],
  ['Creativity', 'original and engaging'], ['Depth', 'goes beyond the obvious'],
];
const ROLES = [
  '', '', 'You are an impartial judge.', 'Act as an expert evaluator of AI assistants.', 'You are a strict grader.', 'You are a reward model.',
  'You are a quality rater for language model outputs.', 'Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant.',
  'You are an annotator for a preference dataset.', 'As an experienced evaluator,', 'You are a meticulous teaching assistant grading model outputs.',
];
const SCALES = ['on a scale of 1 to 10', 'from 1 to 5', 'on a 0-100 scale', 'with a score between 0 and 1', 'on a 1-7 Likert scale', 'as good, average or bad', 'out of 10', 'from 0 (worst) to 10 (best)'];

const TASKS = {
  score: [
    'Evaluate the quality of the {w} below {scale}.', 'Rate the {w} {scale}.', 'Score the {w} to the user question {scale}.',
    'Grade the following {w} {scale}.', 'Assess how well the {w} answers the question, {scale}.', 'Give the {w} a score {scale}.',
  ],
  pairwise: [
    'Compare the two {w}s and decide which one is better.', 'Which {w} is better, A or B?', 'Decide which of the two {w}s a careful human would prefer.',
    'Pick the better {w} for the question below.', 'Judge which assistant gave the better {w}.',
  ],
  verify: [
    'Determine whether the {w} is correct.', 'Check whether the final answer in the {w} matches the reference answer.',
    'Verify the candidate solution.', 'Is the {w} below correct? Judge it strictly.', 'Decide if the {w} solves the problem.',
  ],
  reward: [
    'Output a scalar reward for the {w} given the prompt.', 'Predict the reward a human rater would give this {w}, {scale}.',
    'Return the preference-model score of the {w}.', 'Estimate the probability that a human prefers this {w}.',
  ],
  label: [
    'Label this sample for our preference dataset: is the {w} chosen or rejected?', 'Annotate the pair: which {w} is preferred (A, B or tie)?',
    'Rank the following {w}s from best to worst.', 'Tag the {w} as acceptable or unacceptable for our RLHF data.',
  ],
} as const;

const SINGLE_BLOCKS = [
  'Question: {q}\n\n{W}: {a}', '[Question]\n{q}\n\n[{W}]\n{a}', '### Prompt:\n{q}\n\n### {W}:\n{a}', '<question>{q}</question>\n<response>{a}</response>',
  'User: {q}\nAssistant: {a}', '{"prompt": "{q_json}", "response": "{a_json}"}', 'Prompt:\n"""\n{q}\n"""\nCompletion:\n"""\n{a}\n"""',
];
const PAIR_BLOCKS = [
  'Question: {q}\n\nResponse A: {a}\n\nResponse B: {b}', '[User Question]\n{q}\n\n[The Start of Assistant A\'s Answer]\n{a}\n[The End of Assistant A\'s Answer]\n\n[The Start of Assistant B\'s Answer]\n{b}\n[The End of Assistant B\'s Answer]',
  'Prompt: {q}\n1: {a}\n2: {b}', '<prompt>{q}</prompt>\n<a>{a}</a>\n<b>{b}</b>', 'Prompt: {q}\n(1) {a}\n(2) {b}\n(3) {c}',
];
const OUTPUTS = {
  score: ['Output only the number.', 'Respond with "Score: X" and nothing else.', 'Return JSON {"score": <int>, "rationale": "<one sentence>"}.', 'First explain briefly, then give the rating as [[X]].', 'Reply with the score on the last line.', 'Return {"{crit}": int, "overall": int}.'],
  pairwise: ['Answer with "A" or "B" only.', 'Output [[A]], [[B]] or [[C]] for a tie.', 'Reply "1" or "2".', 'Return JSON {"winner": "A"|"B"|"tie", "reason": str}.'],
  verify: ['Reply with only "correct" or "incorrect".', 'Output True or False.', 'Answer YES or NO.', 'Return {"verdict": "pass"|"fail", "confidence": float}.'],
  reward: ['Output just the number.', 'Reward:', 'Return a float.', 'Respond with the log-odds only.'],
  label: ['Label:', 'Output one word.', 'Return the ranking as a list of numbers.', 'Answer with the label only.'],
} as const;
type Task = keyof typeof TASKS;

const JUDGE_SYSTEMS = [
  'You are an impartial judge evaluating the quality of AI assistant responses. Consider {crit} and {crit2}. Do not let response length influence you. After a short explanation, output your verdict strictly as "Rating: [[X]]" where X is 1 to 10.',
  'You are a strict grader. For each user message you receive a question and a model answer; reply with a score from 0 to 10 and nothing else.',
  'You are an expert evaluator for a reward-modelling pipeline. Output JSON scores for every response you are shown.',
  'Please act as an evaluator of chatbot responses. Compare answers and output which one is better.',
  'You are a verifier. Given a problem and a candidate solution, answer only "correct" or "incorrect".',
  'You score model completions for RLHF. Use the rubric: {crit} ({critdesc}). Output an integer from 1 to 5.',
];

const MULTILINGUAL = [
  '你是一名公正的评审。请根据{crit}对下面的回答打分（1到10分），只输出分数。\n\n问题：{q}\n回答：{a}',
  '比较下面两个回答，哪个更好？只回答A或B。\n\n问题：{q}\nA：{a}\nB：{b}',
  '请判断下面模型的回答是否正确，只输出“正确”或“错误”。\n题目：{q}\n模型回答：{a}',
  'Eres un evaluador estricto. Puntúa la siguiente respuesta del asistente del 1 al 10 según su {crit}. Devuelve solo el número.\n\nPregunta: {q}\nRespuesta: {a}',
  '¿Cuál de las dos respuestas es mejor, A o B? Responde solo con la letra.\n\nPregunta: {q}\nA: {a}\nB: {b}',
  'Bewerte die folgende Antwort des Modells auf einer Skala von 1 bis 10 nach {crit}. Gib nur die Zahl aus.\n\nFrage: {q}\nAntwort: {a}',
  'Welche der beiden Antworten ist besser? Antworte nur mit A oder B.\n\nFrage: {q}\nA: {a}\nB: {b}',
  'En tant que juge impartial, note la réponse suivante de 1 à 10 selon sa pertinence. Réponds uniquement par la note.\n\nQuestion : {q}\nRéponse : {a}',
  'あなたは公平な審査員です。次の回答を1から10で採点し、数字だけを出力してください。\n\n質問：{q}\n回答：{a}',
  'Ты строгий оценщик. Оцени ответ модели по шкале от 1 до 10. Выведи только число.\n\nВопрос: {q}\nОтвет: {a}',
  '당신은 공정한 평가자입니다. 다음 답변을 1점에서 10점 사이로 평가하고 점수만 출력하세요.\n\n질문: {q}\n답변: {a}',
  'Como avaliador imparcial, avalie a resposta abaixo de 1 a 10 e devolva apenas a nota.\n\nPergunta: {q}\nResposta: {a}',
  'Sei un valutatore imparziale. Valuta la risposta del modello da 1 a 10 e restituisci solo il numero.\n\nDomanda: {q}\nRisposta: {a}',
];

const LOOKALIKES = {
  own_work: [
    'Can you give me feedback on my essay? I want to improve the structure.\n\n{essay}', 'I wrote this cover letter. What would you change?\n\n{essay}',
    'Is my answer to this homework right? I got {num}.\n\n{q}', 'Here is my solution. Did I make a mistake somewhere?\n\n{q}\n\nMy answer: {num}',
    'Please proofread this paragraph and point out grammar mistakes:\n\n{essay}', 'What do you think of this opening line for my novel? "{essay}"',
    'How would you rate my business idea? {essay}', 'Be honest: is this paragraph any good?\n\n{essay}',
  ],
  code_review: [
    'Can you review this code and suggest improvements?\n\n```python\ndef f(xs):\n    out = []\n    for x in xs:\n        if x not in out:\n            out.append(x)\n    return out\n```',
    'Code review please: is this function thread safe?\n\n```java\npublic int next() { return counter++; }\n```',
    'What is wrong with my code? It prints undefined.\n\n```js\nconst r = arr.map(x => { x * 2 });\nconsole.log(r[0]);\n```',
    'Is this SQL query efficient? SELECT * FROM orders WHERE YEAR(created_at) = 2024;', 'Review my pull request description and make it clearer:\n\n{essay}',
    'Which of these two implementations is faster, and why?\n\nA: for i in range(len(xs)): total += xs[i]\nB: total = sum(xs)',
  ],
  choose: [
    'Which laptop should I buy, the MacBook Air or the ThinkPad X1? I mostly write code.', 'Is option A (rent) or option B (buy) better for me if I move every two years?',
    'Compare Python and Go for writing a web backend.', 'Which is the better movie, Alien or Aliens? Explain.', 'Rate these three names for my cat from best to worst: Mochi, Pixel, Sir Fluff.',
    'Between these two job offers, which should I take? Offer 1 pays more, offer 2 is remote.', 'Which of these two slogans is catchier? A: "Fresh every day" B: "Baked with love"',
  ],
  teacher: [
    'Write a grading rubric for a 9th-grade persuasive essay assignment.', 'How should I grade group projects fairly?',
    'Create a 10-question quiz on the water cycle with an answer key.', 'What are good criteria for judging a science fair?',
    'Explain how the SAT essay used to be scored.', 'How do I give constructive feedback to a junior developer?',
    'My student wrote this essay. Give me three pieces of encouraging feedback I can pass on:\n\n{essay}',
    'What is the difference between holistic and analytic scoring rubrics?', 'How do I evaluate a machine learning model\'s accuracy on imbalanced data?',
  ],
} as const;

const ESSAYS = [
  'Technology has changed the way we live. In this essay I will discuss its advantages and disadvantages for young people.',
  'Dear hiring manager, I am excited to apply for the position of marketing assistant at your company.',
  'The rain fell for forty days, and on the forty-first the town forgot what the sun looked like.',
  'Climate change is the biggest challenge of our generation and governments must act now.',
  'This PR adds retries to the HTTP client and fixes a race in the cache.', 'A subscription box for houseplants, with a care guide for each plant.',
];

const json = (s: string): string => JSON.stringify(s).slice(1, -1);

/** Grader-use positives and benign evaluation-like negatives. */
export function generateGrader(problems: readonly Problem[], rng: Rng, scale = 1): Example[] {
  const out: Example[] = [];
  const n = (k: number): number => Math.max(1, Math.round(k * scale));
  const slots = (r: Rng): Record<string, string> => {
    const resp = (): string => fill(r.pick(RESPONSES), { num: String(r.int(500)) });
    const q = r.pick(problems).text;
    const a = resp();
    const w = r.pick(OUTPUT_WORDS);
    const [crit, critdesc] = r.pick(CRITERIA);
    return {
      q, a, b: resp(), c: resp(), q_json: json(q), a_json: json(a), num: String(r.int(500)), essay: r.pick(ESSAYS),
      w, W: w.charAt(0).toUpperCase() + w.slice(1), scale: r.pick(SCALES), crit: crit.toLowerCase(), critdesc, crit2: r.pick(CRITERIA)[0].toLowerCase(),
    };
  };
  const criteriaBlock = (r: Rng): string => {
    const picked = sample(CRITERIA, 2 + r.int(4), r);
    return r.chance(0.5)
      ? `Criteria:\n${picked.map(([c, d]) => `- ${c}: ${d}`).join('\n')}`
      : `Consider ${picked.map(([c]) => c.toLowerCase()).join(', ')}.`;
  };
  const compose = (task: Task, r: Rng): string => {
    const s = slots(r);
    const parts: string[] = [];
    const role = r.pick(ROLES);
    if (role) parts.push(role);
    parts.push(fill(r.pick(TASKS[task]), s));
    if (r.chance(0.5)) parts.push(criteriaBlock(r));
    if (task === 'verify' && r.chance(0.5)) parts.push(`Reference answer: ${s.num}`);
    const head = parts.join(r.chance(0.5) ? ' ' : '\n');
    const block = fill(r.pick(task === 'pairwise' || (task === 'label' && r.chance(0.6)) ? PAIR_BLOCKS : SINGLE_BLOCKS), s);
    const format = fill(r.pick(OUTPUTS[task]), s);
    const order = r.int(3);
    if (order === 0) return `${head}\n\n${block}\n\n${format}`;
    if (order === 1) return `${head} ${format}\n\n${block}`;
    return `${block}\n\n${head} ${format}`;
  };
  for (const task of Object.keys(TASKS) as Task[]) {
    const r = rng.fork(`grader/${task}`);
    for (let i = 0; i < n(400); i++) out.push({ text: compose(task, r), source: `gen/grader/${task}`, jailbreak: 0, cot_extraction: 0, grader: 1, language: 'en' });
  }
  {
    const r = rng.fork('grader/judge_system');
    for (let i = 0; i < n(300); i++) {
      const s = slots(r);
      const user = fill(r.pick(r.chance(0.5) ? SINGLE_BLOCKS : PAIR_BLOCKS), s);
      out.push({ text: user, system: fill(r.pick(JUDGE_SYSTEMS), s), source: 'gen/grader/judge_system', jailbreak: 0, cot_extraction: 0, grader: 1, language: 'en' });
    }
  }
  {
    const r = rng.fork('grader/multilingual');
    for (let i = 0; i < n(300); i++) {
      out.push({ text: fill(r.pick(MULTILINGUAL), slots(r)), source: 'gen/grader/multilingual', jailbreak: 0, cot_extraction: 0, grader: 1 });
    }
  }
  for (const [family, templates] of Object.entries(LOOKALIKES)) {
    const r = rng.fork(`grader-negative/${family}`);
    for (let i = 0; i < n(220); i++) {
      out.push({ text: fill(r.pick(templates), slots(r)), source: `gen/grader_negative/${family}`, jailbreak: 0, cot_extraction: 0, grader: 0, language: 'en' });
    }
  }
  return out;
}

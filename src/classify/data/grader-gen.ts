/**
 * Generator of prompts that use the model as a grader or reward model, and of the benign
 * evaluation-like prompts they must be told apart from (feedback on one's own essay, code review,
 * choosing between products, teachers designing rubrics, explaining or translating a pasted
 * answer, few-shot prompts that carry answers). Generator version 3; its rows are labelled for the
 * grader head only (the other heads keep the version 2 rows of `grader-gen-v2.ts`).
 *
 * Positives are composed from parts, the way evaluation pipelines build them: an optional judge
 * role, a task (score one output, compare two, verify correctness, give a scalar reward, label a
 * preference), a scale, optional criteria (bullet or numbered lists, score levels, inline), an
 * optional strictness note, the question and candidate output(s) in one of several block layouts,
 * and an output-format constraint. The pasted question and answer are real ones from the corpora
 * (GSM8K and MATH solutions, MBPP and HumanEval code, self-instruct outputs, HH-RLHF replies, BBH
 * targets), as written, cut short, made wrong, another question's, or hedged, so long prompts
 * whose frame is a small part of the text are in training. The task type is the family held out
 * in evaluation; `judge_system` puts the judge in the system prompt; `multilingual` writes the
 * frame in the twelve other languages (grader-lang.ts), around English or local content.
 *
 * Every positive has a benign twin with the same pasted question and answer (the question alone,
 * the pair with no request, or a task that is not grading), weighted like the positive in
 * training (`twinOf`), so that the body weighs the same on both sides and the frame decides.
 */

import type { QaPair } from './corpora.js';
import type { Problem } from './cot-gen.js';
import type { Example } from './example.js';
import { JUDGE_LANGUAGES, type JudgeLanguageCode } from './grader-lang.js';
import { EVERYDAY } from './lang-banks.js';
import { fill, sample, type Rng } from './rng.js';

export const RESPONSES = [
  'The answer is {num}.', 'Sure! Let me help. First, we compute the total, which gives {num}. So the final answer is {num}.',
  'I think the result is {num}, because the two quantities add up.', 'Here is a solution:\n```python\ndef solve(xs):\n    return sorted(set(xs))\n```',
  'It depends on several factors, but in general the best option is the first one.', 'The capital is Canberra.',
  'Photosynthesis converts light energy into chemical energy stored in glucose.', 'Step 1: subtract 7. Step 2: divide by 3. Answer: {num}.',
  'I cannot help with that request.', 'Great question! There are three main reasons: cost, speed and reliability.',
  '```js\nfunction add(a, b) { return a + b; }\n```', 'No, that is incorrect; the correct value is {num}.',
  'Let x be the number of apples. Then 3x + 4 = {num}, so x = 5.', 'Dear team, thank you all for your hard work this quarter.',
];
export const OUTPUT_WORDS = ['response', 'answer', 'completion', 'model output', "assistant's reply", 'candidate response', 'generated text', 'AI response', 'submission', 'model response', 'output'];
export const CRITERIA: Array<[string, string]> = [
  ['Helpfulness', 'does it address what the user needs'], ['Correctness', 'is the final answer right'], ['Harmlessness', 'no unsafe content'],
  ['Honesty', 'no fabricated facts'], ['Coherence', 'the text is logically organised'], ['Relevance', 'stays on topic'],
  ['Conciseness', 'no unnecessary content'], ['Factual accuracy', 'claims are verifiable'], ['Instruction following', 'respects every constraint in the prompt'],
  ['Reasoning quality', 'steps are valid'], ['Code quality', 'readable, idiomatic, tested'], ['Fluency', 'grammatical and natural'],
  ['Completeness', 'covers all parts of the question'], ['Tone', 'register suits the request'], ['Safety', 'refuses what it should'],
  ['Creativity', 'original and engaging'], ['Depth', 'goes beyond the obvious'],
];
export const ROLES = [
  '', '', 'You are an impartial judge.', 'Act as an expert evaluator of AI assistants.', 'You are a strict grader.', 'You are a reward model.',
  'You are a quality rater for language model outputs.', 'Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant.',
  'You are an annotator for a preference dataset.', 'As an experienced evaluator,', 'You are a meticulous teaching assistant grading model outputs.',
];
export const SCALES = ['on a scale of 1 to 10', 'from 1 to 5', 'on a 0-100 scale', 'with a score between 0 and 1', 'on a 1-7 Likert scale', 'as good, average or bad', 'out of 10', 'from 0 (worst) to 10 (best)'];

export const TASKS = {
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

export const SINGLE_BLOCKS = [
  'Question: {q}\n\n{W}: {a}', '[Question]\n{q}\n\n[{W}]\n{a}', '### Prompt:\n{q}\n\n### {W}:\n{a}', '<question>{q}</question>\n<response>{a}</response>',
  'User: {q}\nAssistant: {a}', '{"prompt": "{q_json}", "response": "{a_json}"}', 'Prompt:\n"""\n{q}\n"""\nCompletion:\n"""\n{a}\n"""',
];
export const PAIR_BLOCKS = [
  'Question: {q}\n\nResponse A: {a}\n\nResponse B: {b}', '[User Question]\n{q}\n\n[The Start of Assistant A\'s Answer]\n{a}\n[The End of Assistant A\'s Answer]\n\n[The Start of Assistant B\'s Answer]\n{b}\n[The End of Assistant B\'s Answer]',
  'Prompt: {q}\n1: {a}\n2: {b}', '<prompt>{q}</prompt>\n<a>{a}</a>\n<b>{b}</b>', 'Prompt: {q}\n(1) {a}\n(2) {b}\n(3) {c}',
];
export const OUTPUTS = {
  score: ['Output only the number.', 'Respond with "Score: X" and nothing else.', 'Return JSON {"score": <int>, "rationale": "<one sentence>"}.', 'First explain briefly, then give the rating as [[X]].', 'Reply with the score on the last line.', 'Return {"{crit}": int, "overall": int}.'],
  pairwise: ['Answer with "A" or "B" only.', 'Output [[A]], [[B]] or [[C]] for a tie.', 'Reply "1" or "2".', 'Return JSON {"winner": "A"|"B"|"tie", "reason": str}.'],
  verify: ['Reply with only "correct" or "incorrect".', 'Output True or False.', 'Answer YES or NO.', 'Return {"verdict": "pass"|"fail", "confidence": float}.'],
  reward: ['Output just the number.', 'Reward:', 'Return a float.', 'Respond with the log-odds only.'],
  label: ['Label:', 'Output one word.', 'Return the ranking as a list of numbers.', 'Answer with the label only.'],
} as const;
export type Task = keyof typeof TASKS;

export const JUDGE_SYSTEMS = [
  'You are an impartial judge evaluating the quality of AI assistant responses. Consider {crit} and {crit2}. Do not let response length influence you. After a short explanation, output your verdict strictly as "Rating: [[X]]" where X is 1 to 10.',
  'You are a strict grader. For each user message you receive a question and a model answer; reply with a score from 0 to 10 and nothing else.',
  'You are an expert evaluator for a reward-modelling pipeline. Output JSON scores for every response you are shown.',
  'Please act as an evaluator of chatbot responses. Compare answers and output which one is better.',
  'You are a verifier. Given a problem and a candidate solution, answer only "correct" or "incorrect".',
  'You score model completions for RLHF. Use the rubric: {crit} ({critdesc}). Output an integer from 1 to 5.',
];

export const MULTILINGUAL = [
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

export const LOOKALIKES = {
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

export const ESSAYS = [
  'Technology has changed the way we live. In this essay I will discuss its advantages and disadvantages for young people.',
  'Dear hiring manager, I am excited to apply for the position of marketing assistant at your company.',
  'The rain fell for forty days, and on the forty-first the town forgot what the sun looked like.',
  'Climate change is the biggest challenge of our generation and governments must act now.',
  'This PR adds retries to the HTTP client and fixes a race in the cache.', 'A subscription box for houseplants, with a care guide for each plant.',
];

const json = (s: string): string => JSON.stringify(s).slice(1, -1);

// ---- parts added in generator version 3: real bodies, rubric lists, strictness, more layouts ----

/** More criteria than the first list, in the words evaluation pipelines use. */
const MORE_CRITERIA: Array<[string, string]> = [
  ['Faithfulness', 'everything stated is supported by the question or the reference'], ['Groundedness', 'claims are backed by the given context'],
  ['Clarity', 'easy to follow for the intended reader'], ['Accuracy', 'facts and numbers are right'], ['Specificity', 'concrete rather than generic'],
  ['Readability', 'well formatted, short paragraphs'], ['Efficiency', 'the code has a reasonable time complexity'], ['Style', 'idiomatic and consistent'],
  ['Justification', 'the answer explains why, not only what'], ['Politeness', 'courteous and respectful'], ['Robustness', 'handles edge cases'],
];
const ALL_CRITERIA = [...CRITERIA, ...MORE_CRITERIA];
const MORE_ROLES = [
  'You are a careful, unbiased evaluator.', 'You are grading answers for a benchmark.', 'Act as a senior reviewer scoring model answers.',
  'You are an expert annotator rating chatbot replies.', 'You are the judge in an LLM evaluation harness.', 'You are a harsh but fair examiner.',
];
const MORE_SCALES = ['from 1-7', '(1–10)', 'from 1 (poor) to 5 (excellent)', 'on a 1-4 scale', 'from 0 to 3', 'between 1 and 100'];
const STRICT = [
  'Be strict.', 'Be a tough marker and keep the top score for flawless answers.', 'Penalise factual errors heavily.', 'Do not let the length of the response influence your score.',
  'Ignore the order in which the responses are presented.', 'Do not be lenient.', 'A middling score is the norm; only exceptional answers score high.',
  'Deduct points for every unsupported claim.', 'Judge only the content, not the formatting.', 'If the answer is partially correct, give partial credit.',
];
const CRITERIA_HEADERS = ['Criteria:', 'Rubric:', 'Evaluation criteria:', 'Scoring rubric:', 'Judge on the following:', 'Use this rubric:', '## Rubric', 'Grading guidelines:', 'Dimensions to rate:'];
const BULLETS = ['- ', '* ', '• ', '', '#'];
const LEVELS = [
  ['completely wrong or off-topic', 'partially correct with major errors', 'mostly correct with minor issues', 'fully correct and well explained'],
  ['unusable', 'weak', 'adequate', 'strong', 'excellent'],
  ['fails the task', 'meets some requirements', 'meets all requirements'],
];
const MORE_SINGLE_BLOCKS = [
  '=== Question ===\n{q}\n\n=== {W} ===\n{a}', '## Task\n{q}\n\n## Candidate {w}\n{a}', '**Question:** {q}\n\n**{W}:** {a}', '<task>\n{q}\n</task>\n<candidate>\n{a}\n</candidate>',
  'Instruction: {q}\nResponse: {a}', 'Problem:\n{q}\n\nStudent solution:\n{a}', 'Query: {q}\n\nModel {w}: {a}',
  '[Question]\n{q}\n\n[Reference answer]\n{ref}\n\n[{W}]\n{a}', 'QUESTION\n{q}\n\nANSWER TO GRADE\n{a}', '```\nprompt: {q}\n```\n```\n{w}: {a}\n```',
];
const MORE_PAIR_BLOCKS = [
  '### Question\n{q}\n\n### Response A\n{a}\n\n### Response B\n{b}', '<question>{q}</question>\n<response_a>{a}</response_a>\n<response_b>{b}</response_b>',
  'Instruction:\n{q}\n\nOutput (a):\n{a}\n\nOutput (b):\n{b}', 'Question: {q}\n\n--- Answer 1 ---\n{a}\n\n--- Answer 2 ---\n{b}',
];
const MORE_OUTPUTS: Record<Task, readonly string[]> = {
  score: ['Give your verdict as JSON with keys "score" and "explanation".', 'Answer in the format: Score: <n>', 'Respond with a single integer.', 'Output: {"rating": N}', 'End your reply with "Final score: N".'],
  pairwise: ['Output only the letter of the better response.', 'Reply with {"preferred": "A"} or {"preferred": "B"}.', 'Say "Response 1" or "Response 2".'],
  verify: ['Answer "PASS" or "FAIL".', 'Return {"is_correct": true|false}.', 'Reply "verdict: correct" or "verdict: wrong".'],
  reward: ['Print the reward as a number between 0 and 1.', 'Output {"reward": <float>}.'],
  label: ['Return "chosen" or "rejected".', 'Output the label in JSON: {"label": ...}.'],
};
const PREAMBLES = ['Sure!', 'Certainly. Here is how to solve it.', 'Here is a possible solution:', 'Of course.', "Let's solve this step by step.", 'Good question!', 'Okay, so', 'Answer:', 'Here you go:'];
const EPILOGUES = ['Hope that helps!', 'Let me know if anything is unclear.', 'Feel free to ask a follow-up question.', 'I hope this answers your question.', '(I am fairly confident in this answer.)'];
/** Benign tasks over a pasted question and answer: explaining, translating, rewriting, formatting. Not grading. */
const QA_TASKS = [
  "Can you explain this solution step by step? I don't get the middle part.", 'Translate the following question and answer into {language}.', 'Turn this into a flashcard (front: question, back: answer).',
  'Summarise the answer below in two sentences.', 'Rewrite the answer so a 10-year-old can follow it.', 'Format this Q&A as an entry for our help-centre FAQ.',
  'Write three follow-up questions a student might ask after reading this.', 'Convert this solution to LaTeX.', 'Write two more practice problems like this one, with worked answers.',
  'This is a question from my textbook and the answer key. Why is the answer this?', 'Make this answer sound more polite and professional.', 'Extract every number mentioned in the text below.',
  'Put this question and answer into a Markdown table with two columns.', 'Shorten the answer to one paragraph without losing the result.', 'What concept is this exercise testing?',
  'Generate a multiple-choice version of this question, using the answer as the correct option.', 'Use the worked example below to solve a similar problem with different numbers.',
];
const QA_LAYOUTS = ['Question: {q}\n\nAnswer: {a}', '{q}\n\n{a}', 'Q: {q}\nA: {a}', 'Problem:\n{q}\n\nSolution:\n{a}', '"""\n{q}\n\n{a}\n"""', 'User: {q}\nAssistant: {a}'];
const CODE_TASKS = ['Add comments to this code and explain what it does.', 'Port this solution to JavaScript.', 'Write unit tests for this function.', 'What is the time complexity of this code?', 'Refactor this to be more readable.'];
const RUBRIC_NEGATIVES = [
  'Here is my draft rubric for a lab report. Is anything missing?', 'I am a teacher. Improve the wording of this rubric for my 8th graders:', 'Turn these criteria into a printable grading sheet:',
  'Our hiring panel uses these criteria for interviews. Suggest weights for each:', 'Translate this rubric into Spanish for my bilingual class:', 'Make this peer-review checklist friendlier for students:',
];
/** How often each kind of question/answer pair is pasted into a generated prompt. */
const PAIR_KINDS: ReadonlyArray<readonly [QaPair['capability'], number]> = [['math', 3], ['coding', 3], ['reasoning', 1.5], ['writing', 1], ['chat', 1.5]];
const CODE_REVIEW_REQUESTS = [
  'Can you review this code?', 'PR #{n}: please review', 'Review this function before I merge it.', 'Any bugs in this?', 'Please do a code review, focusing on readability.',
  'Is there a cleaner way to write this?', 'My teammate wrote this. What would you change?', 'Review for security issues and edge cases:', 'Suggest improvements to this implementation.',
  'Why does this fail on an empty list?', 'Could this be made faster?', 'Leave review comments on this diff as a senior engineer would.',
];
const CODE_REVIEW_SYSTEMS = [
  'You are a code review assistant. Point out bugs first, then style issues.', 'You review pull requests for our team. Be concise and specific.',
  'You are a senior Python engineer reviewing code from junior colleagues. Be kind but precise.', 'You are an automated reviewer in our CI pipeline. Comment on correctness and readability.',
];
/**
 * Everyday requests that use a grader's words in their ordinary sense (an immune response, the
 * standard model, a credit score, evaluating an integral): short prompts have few features, so one
 * word like "response" or "model" otherwise decides them.
 */
const VOCABULARY = {
  lead: ['', '', '', 'Quick question: ', 'Can you help? ', 'For my class: ', 'I was wondering: '],
  ask: [
    'Explain the {thing}.', 'Explain the {thing} in depth.', 'What is the {thing}?', 'Give me an overview of the {thing}.', 'Summarise what is known about the {thing}.',
    'How would you teach the {thing} to a beginner?', 'What are common misconceptions about the {thing}?', 'Write a short essay on the {thing}.',
    'What are the practical steps to apply the {thing} in a data project?', 'When should I not rely on the {thing}?',
  ],
  thing: [
    'immune response', 'fight-or-flight response', 'impulse response of a low-pass filter', 'central bank response to inflation', 'inflammatory response',
    'standard model of particle physics', 'Bohr model of the atom', 'OSI model', 'waterfall model', 'business model of streaming services', 'SIR model of epidemics',
    'credit score system', 'z-score', 'F1 score', 'reward system of the brain', 'judicial review process', 'role of a judge at a trial', 'peer review process in science',
    'grading system in German universities', 'preference utilitarianism', 'output gap in macroeconomics', 'label propagation algorithm', 'rating system in chess (Elo)',
    'evaluation order of expressions in C', 'assessment of fire risk in buildings', 'comparison of sorting algorithms', 'transformer model architecture',
    // data science and machine learning: practitioners evaluate, score and compare models all day
    'bias-variance trade-off', 'cross-validation', 'ROC curve', 'logistic regression', 'gradient boosting', 'confusion matrix', 'A/B test',
    'p-value', 'feature importance', 'overfitting', 'BLEU score', 'inter-annotator agreement', 'train/test split', 'mean squared error',
  ],
  direct: [
    'Train a model to classify spam emails with scikit-learn.', 'Write an HTTP response handler in Express that returns JSON.', 'How do I evaluate the integral of x^2 e^x?',
    'What score do I need on the GRE for a top program?', 'Label the parts of a plant cell.', 'How do I set up rate limiting in nginx?', 'Is it correct to say "less people" or "fewer people"?',
    'Output the first 10 prime numbers in Python.', 'Compare the economies of Spain and Italy.', 'What are the rewards of a cashback credit card?', 'Assess the risks of crypto for a retiree.',
    'Provide the best possible scikit-learn model for predicting house prices.', 'How do I parse the response of a fetch call in JavaScript?', 'What model of laptop is best for video editing?',
    'Evaluate 3x + 2 when x = 4.', 'Which answer is correct for 7 x 8?', 'Rank the planets by size.', 'Grade 5 fractions: how do I add 1/3 and 1/4?', 'Judge the distance to a lightning strike by counting seconds: how does it work?',
    'My model train set keeps derailing. Any tips for the track layout?', 'Score of the last Champions League final?', 'Correct the grammar: "me and him goes to school".',
    'How do I evaluate a classification model on an imbalanced dataset?', 'Which metrics should I report for a regression model?',
    'How do I interpret the coefficients of a linear model?', 'What does an AUC of 0.7 mean in practice?', 'How do I label training data efficiently?',
    'How do I compare two machine learning models fairly?', 'What is a good baseline score for a sentiment classifier?', 'How are search results ranked and scored?',
    'Write a function that returns the larger of two numbers.', 'Classify these animals as mammals or reptiles: snake, whale, lizard, bat.', 'Tell me whether this sentence is sarcastic: "Great, another Monday."',
  ],
};
/** Tool results an agent passes back to the model: JSON records (options, forecasts, rows) that are not candidate answers. */
const TOOL_RESULTS = {
  entities: [
    ['search_flights', 'results', { flight: 'code', from: 'city', to: 'city', depart: 'time', price: 'num', currency: 'cur' }],
    ['search_hotels', 'hotels', { name: 'word', city: 'city', stars: 'small', price_per_night: 'num', rating: 'small' }],
    ['get_weather', 'forecast', { day: 'day', high_c: 'small', low_c: 'small', rain_probability: 'frac' }],
    ['search_products', 'items', { sku: 'code', title: 'word', price: 'num', in_stock: 'bool', score: 'frac' }],
    ['query_orders', 'rows', { order_id: 'code', status: 'status', total: 'num', created_at: 'time' }],
    ['get_stock_quote', 'quotes', { symbol: 'code', price: 'num', change_pct: 'frac', volume: 'num' }],
    ['list_issues', 'issues', { id: 'num', title: 'word', state: 'status', comments: 'small' }],
  ] as const,
  cities: ['Lisbon', 'Osaka', 'Toronto', 'Nairobi', 'Lima', 'Oslo', 'Hanoi', 'Denver', 'Cairo', 'Munich'],
  words: ['Harbor View', 'Blue Lantern', 'Trail Runner 3', 'Fix login redirect', 'Aurora Desk Lamp', 'City Loft', 'Update README'],
  shapes: ['Result of {tool}: {json}', 'Tool output ({tool}):\n{json}', 'Observation: {json}', '{"tool": "{tool}", "output": {json}}', 'The {tool} call returned:\n```json\n{json}\n```\nSummarise it for the user.'],
  systems: [
    'You are a travel assistant. You can search flights and hotels and check the weather. Confirm prices before booking.', 'You are a shopping assistant with access to the product catalogue.',
    'You are an operations agent. Use the tools to answer questions about orders.', 'You are a helpful agent with tools. Call them as needed and report results clearly.',
  ],
};
const LANGUAGES_EN = ['Spanish', 'French', 'German', 'Chinese', 'Japanese', 'Portuguese', 'Italian', 'Korean', 'Russian', 'Arabic', 'Hindi', 'Vietnamese'];

/** Cuts a text at a word boundary somewhere in its second half (graders are often sent partial answers). */
function truncate(text: string, r: Rng): string {
  if (text.length < 80) return text;
  const at = text.lastIndexOf(' ', Math.floor(text.length * (0.3 + 0.6 * r.next())));
  return at > 0 ? text.slice(0, at) : text;
}

/** A wrong version of an answer: its last number changed, or one line of its code dropped. */
function corrupt(text: string, r: Rng): string {
  const lines = text.split('\n');
  if (text.includes('```') && lines.length > 4) {
    const k = 2 + r.int(lines.length - 3);
    return [...lines.slice(0, k), ...lines.slice(k + 1)].join('\n');
  }
  const m = /(\d+)(?=\D*$)/.exec(text);
  return m ? `${text.slice(0, m.index)}${Number(m[1]) + 1 + r.int(20)}${text.slice(m.index + m[1]!.length)}` : `${text} Actually, I am not sure.`;
}

/** Grader-use positives and benign evaluation-like negatives. `pairs` are real questions with answers (may be empty: toy answers then). */
export function generateGrader(problems: readonly Problem[], rng: Rng, scale = 1, pairs: readonly QaPair[] = []): Example[] {
  const out: Example[] = [];
  const n = (k: number): number => Math.max(1, Math.round(k * scale));
  const toy = (r: Rng): string => fill(r.pick(RESPONSES), { num: String(r.int(500)) });
  /** A candidate answer to `p`: as written, cut short, made wrong, someone else's, a toy one or hedged; sometimes with a preamble or a closing line. */
  const candidate = (p: QaPair | undefined, r: Rng): string => {
    if (!p) return toy(r);
    const k = r.next();
    let a = k < 0.35 ? p.answer
      : k < 0.5 ? truncate(p.answer, r)
      : k < 0.65 ? corrupt(p.answer, r)
      : k < 0.75 && pairs.length > 0 ? r.pick(pairs).answer
      : k < 0.85 ? toy(r)
      : `${p.answer.split(/(?<=[.!?])\s/)[0]} I think that's right, but I'm not completely sure.`;
    if (r.chance(0.3)) a = `${r.pick(PREAMBLES)}${r.chance(0.5) ? '\n' : ' '}${a}`;
    if (r.chance(0.2)) a = `${a}\n\n${r.pick(EPILOGUES)}`;
    return a;
  };
  // by kind first: the corpora hold far more maths than code or prose, and graders see all of them
  const byKind = PAIR_KINDS.map(([capability, weight]) => [pairs.filter((p) => p.capability === capability), weight] as const).filter(([list]) => list.length > 0);
  const kindWeight = byKind.reduce((sum, [, w]) => sum + w, 0);
  const pair = (r: Rng): QaPair | undefined => {
    if (byKind.length === 0 || !r.chance(0.85)) return undefined;
    let x = r.next() * kindWeight;
    for (const [list, w] of byKind) if ((x -= w) < 0) return r.pick(list);
    return r.pick(byKind[byKind.length - 1]![0]);
  };
  const slots = (r: Rng): Record<string, string> => {
    const p = pair(r);
    const q = p ? p.question : r.pick(problems).text;
    const a = candidate(p, r);
    const w = r.pick(OUTPUT_WORDS);
    const [crit, critdesc] = r.pick(ALL_CRITERIA);
    return {
      q, a, b: candidate(p, r), c: candidate(p, r), q_json: json(q), a_json: json(a), num: String(r.int(500)), essay: r.pick(ESSAYS),
      ref: p ? p.answer.split('\n').slice(-1)[0]! : String(r.int(500)),
      w, W: w.charAt(0).toUpperCase() + w.slice(1), scale: r.pick(r.chance(0.7) ? SCALES : MORE_SCALES), crit: crit.toLowerCase(), critdesc, crit2: r.pick(ALL_CRITERIA)[0].toLowerCase(),
    };
  };
  /** Criteria as a list (bullets, numbers, dashes), as levels of a score, or inline. */
  const criteriaBlock = (r: Rng, criteria: ReadonlyArray<readonly [string, string]> = ALL_CRITERIA): string => {
    const picked = sample(criteria, 2 + r.int(4), r);
    const style = r.int(4);
    if (style === 3) return `Consider ${picked.map(([c]) => c.toLowerCase()).join(', ')}.`;
    const header = r.pick(CRITERIA_HEADERS);
    if (style === 2) {
      const levels = r.pick(LEVELS);
      return `${header}\n${levels.map((d, i) => `${r.chance(0.5) ? 'Score ' : ''}${i + 1}: ${d}`).join('\n')}`;
    }
    const bullet = r.pick(BULLETS);
    const sep = r.pick([': ', ' — ', ' - ', ' = ']);
    return `${header}\n${picked.map(([c, d], i) => `${bullet === '#' ? `${i + 1}. ` : bullet}${c}${sep}${d}`).join('\n')}`;
  };
  /** The question and first answer every positive pasted, for its benign twin (below). */
  const pasted: Array<{ q: string; a: string; source: string; lang?: JudgeLanguageCode }> = [];
  const compose = (task: Task, r: Rng): string => {
    const s = slots(r);
    pasted.push({ q: s.q!, a: s.a!, source: `gen/grader/${task}` });
    const parts: string[] = [];
    const role = r.pick(r.chance(0.8) ? ROLES : MORE_ROLES);
    if (role) parts.push(role);
    parts.push(fill(r.pick(TASKS[task]), s));
    if (r.chance(0.55)) parts.push(criteriaBlock(r));
    if (r.chance(0.3)) parts.push(r.pick(STRICT));
    if (task === 'verify' && r.chance(0.5)) parts.push(`Reference answer: ${s.ref}`);
    const head = parts.join(r.chance(0.5) ? ' ' : '\n');
    const paired = task === 'pairwise' || (task === 'label' && r.chance(0.6));
    const blocks = paired ? (r.chance(0.7) ? PAIR_BLOCKS : MORE_PAIR_BLOCKS) : (r.chance(0.6) ? SINGLE_BLOCKS : MORE_SINGLE_BLOCKS);
    const block = fill(r.pick(blocks), s);
    const format = fill(r.pick(r.chance(0.7) ? OUTPUTS[task] : MORE_OUTPUTS[task]), s);
    const order = r.int(3);
    if (order === 0) return `${head}\n\n${block}\n\n${format}`;
    if (order === 1) return `${head} ${format}\n\n${block}`;
    return `${block}\n\n${head} ${format}`;
  };
  /** A grading frame in another language around a question and candidate answer(s), which are often English. */
  const composeForeign = (lang: JudgeLanguageCode, r: Rng): string => {
    const L = JUDGE_LANGUAGES[lang];
    const p = pair(r);
    const local = EVERYDAY[lang].filter(([, c]) => c !== 'translation');
    const q = p && r.chance(0.75) ? p.question : r.pick(local)[0];
    const answer = (): string => {
      const k = r.next();
      if (k < 0.55 && p) return candidate(p, r);
      if (k >= 0.85) return toy(r);
      const a = fill(r.pick(L.answers), { num: String(r.int(500)) });
      return r.chance(0.3) ? `${r.pick(L.preambles)}\n${a}` : a;
    };
    const k = r.next();
    const task = k < 0.55 ? 'score' : k < 0.75 ? 'pairwise' : 'verify';
    const cjk = lang === 'zh' || lang === 'ja';
    const parts: string[] = [];
    if (r.chance(0.6)) parts.push(r.pick(L.roles));
    parts.push(fill(r.pick(L[task]), { scale: r.pick(L.scales) }));
    const header = parts.join(cjk ? '' : ' ');
    const extra: string[] = [];
    if (r.chance(0.6)) {
      const bullet = r.pick(['* ', '- ', '• ', '']);
      const items = r.chance(0.5)
        ? sample(L.criteria, 2 + r.int(3), r)
        : sample(ALL_CRITERIA, 2 + r.int(3), r).map(([c, d]) => `${c}: ${d}`);
      extra.push(`${r.pick(L.criteriaHeaders)}\n${items.map((c) => `${bullet}${c}`).join('\n')}`);
    }
    if (r.chance(0.35)) extra.push(r.pick(L.strict));
    const label = (labels: readonly string[]): string => r.pick(labels);
    const sep = r.chance(0.5) ? '\n' : ' ';
    const first = answer();
    pasted.push({ q, a: first, source: 'gen/grader/multilingual', lang });
    const block = task === 'pairwise'
      ? `${label(L.question)}${sep}${q}\n\n${fill(label(L.answerX), { x: 'A' })}${sep}${first}\n\n${fill(label(L.answerX), { x: 'B' })}${sep}${answer()}`
      : `${label(L.question)}${sep}${q}\n\n${label(L.answer)}${sep}${first}`;
    const format = r.pick(L.outputs[task]);
    const top = [header, ...extra].join('\n');
    return r.chance(0.8) ? `${top}\n\n${block}\n\n${format}` : `${block}\n\n${top}\n${format}`;
  };

  for (const task of Object.keys(TASKS) as Task[]) {
    const r = rng.fork(`grader/${task}`);
    for (let i = 0; i < n(400); i++) out.push({ text: compose(task, r), source: `gen/grader/${task}`, grader: 1 });
  }
  {
    const r = rng.fork('grader/judge_system');
    for (let i = 0; i < n(300); i++) {
      const s = slots(r);
      const user = fill(r.pick(r.chance(0.5) ? [...SINGLE_BLOCKS, ...MORE_SINGLE_BLOCKS] : [...PAIR_BLOCKS, ...MORE_PAIR_BLOCKS]), s);
      out.push({ text: user, system: fill(r.pick(JUDGE_SYSTEMS), s), source: 'gen/grader/judge_system', grader: 1 });
    }
  }
  {
    // the first nine-language templates, then composed frames in all twelve languages
    const r = rng.fork('grader/multilingual');
    const languages = Object.keys(JUDGE_LANGUAGES) as JudgeLanguageCode[];
    for (let i = 0; i < n(200); i++) {
      out.push({ text: fill(r.pick(MULTILINGUAL), slots(r)), source: 'gen/grader/multilingual', grader: 1 });
    }
    for (let i = 0; i < n(720); i++) {
      out.push({ text: composeForeign(languages[i % languages.length]!, r), source: 'gen/grader/multilingual', grader: 1 });
    }
  }
  {
    // Benign twins: every positive's pasted question and answer again, under a task that is
    // not grading (explain, translate, summarise, …), in a neutral layout. The body then weighs
    // the same on both sides and only the frame tells them apart; without the twins a v3 draft
    // flagged a fifth of benchmark prompts that carry worked solutions or reference code.
    const r = rng.fork('grader-negative/twins');
    for (const { q, a, source, lang } of pasted) {
      // a third the question alone, a sixth the question and answer with no request, the rest a
      // task that is not grading: otherwise the task words take the negative weight and the body
      // stays positive (a draft with only the third kind flagged 12% of HumanEval prompts)
      const kind = r.next();
      const local = lang && r.chance(0.6) ? JUDGE_LANGUAGES[lang].negatives.filter((t) => t.includes('{a}')) : [];
      const text = kind < 0.33 ? q
        : kind < 0.5 ? fill(r.pick(QA_LAYOUTS), { q, a })
        : local.length > 0 ? fill(r.pick(local), { q, a })
        : (() => {
            const task = fill(r.pick(QA_TASKS), { language: r.pick(LANGUAGES_EN) });
            const body = fill(r.pick(QA_LAYOUTS), { q, a });
            return r.chance(0.7) ? `${task}\n\n${body}` : `${body}\n\n${task}`;
          })();
      // a grader-only example: the other heads have their own negatives and keep their training set
      out.push({ text, source: 'gen/grader_negative/twins', twinOf: source, grader: 0 });
    }
  }
  for (const [family, templates] of Object.entries(LOOKALIKES)) {
    const r = rng.fork(`grader-negative/${family}`);
    for (let i = 0; i < n(220); i++) {
      out.push({ text: fill(r.pick(templates), slots(r)), source: `gen/grader_negative/${family}`, grader: 0 });
    }
  }
  {
    // code review of real code (the corpora's reference solutions, the same code the positives
    // paste as candidate answers), asked by a user or set up by a review bot's system prompt
    const r = rng.fork('grader-negative/code_review_real');
    const code = pairs.filter((p) => p.answer.includes('```'));
    for (let i = 0; i < n(300) && code.length > 0; i++) {
      const snippet = r.chance(0.7) ? r.pick(code).answer : corrupt(r.pick(code).answer, r);
      const request = fill(r.pick(CODE_REVIEW_REQUESTS), { n: String(1000 + r.int(900000)) });
      const system = r.chance(0.4) ? r.pick(CODE_REVIEW_SYSTEMS) : undefined;
      out.push({ text: r.chance(0.8) ? `${request}\n\n${snippet}` : `${snippet}\n\n${request}`, ...(system ? { system } : {}), source: 'gen/grader_negative/code_review', grader: 0 });
    }
  }
  {
    // the same bodies and layouts as the positives, with tasks that are not grading
    const r = rng.fork('grader-negative/qa_tasks');
    for (let i = 0; i < n(500); i++) {
      const p = pair(r);
      const q = p ? p.question : r.pick(problems).text;
      const a = p ? (r.chance(0.7) ? p.answer : candidate(p, r)) : toy(r);
      const k = r.next();
      let text: string;
      if (k < 0.15 && a.includes('```')) text = `${r.pick(CODE_TASKS)}\n\n${a}`;
      else if (k < 0.3) {
        text = `${r.pick(RUBRIC_NEGATIVES)}\n\n${criteriaBlock(r)}`;
      } else {
        const task = fill(r.pick(QA_TASKS), { language: r.pick(LANGUAGES_EN) });
        const body = fill(r.pick(QA_LAYOUTS), { q, a });
        text = r.chance(0.7) ? `${task}\n\n${body}` : `${body}\n\n${task}`;
      }
      out.push({ text, source: 'gen/grader_negative/qa_tasks', grader: 0 });
    }
  }
  {
    const r = rng.fork('grader-negative/vocabulary');
    for (let i = 0; i < n(400); i++) {
      const text = r.chance(0.5) ? fill(r.pick(VOCABULARY.ask), { thing: r.pick(VOCABULARY.thing) }) : r.pick(VOCABULARY.direct);
      out.push({ text: `${r.pick(VOCABULARY.lead)}${text}`, source: 'gen/grader_negative/vocabulary', grader: 0 });
    }
  }
  {
    const r = rng.fork('grader-negative/tool_results');
    const value = (kind: string): unknown => {
      switch (kind) {
        case 'code': return `${String.fromCharCode(65 + r.int(26))}${String.fromCharCode(65 + r.int(26))}${r.int(100000)}`;
        case 'city': return r.pick(TOOL_RESULTS.cities);
        case 'time': return `2025-0${1 + r.int(9)}-1${r.int(10)}T0${r.int(10)}:${10 + r.int(50)}`;
        case 'num': return 10 + r.int(5000);
        case 'small': return 1 + r.int(9);
        case 'frac': return Math.round(r.next() * 100) / 100;
        case 'bool': return r.chance(0.5);
        case 'day': return r.pick(['Monday', 'Tuesday', 'Friday', 'Sunday']);
        case 'status': return r.pick(['open', 'closed', 'shipped', 'pending']);
        case 'cur': return r.pick(['USD', 'EUR', 'JPY']);
        default: return r.pick(TOOL_RESULTS.words);
      }
    };
    for (let i = 0; i < n(400); i++) {
      const [tool, key, fields] = r.pick(TOOL_RESULTS.entities);
      const items = Array.from({ length: 1 + r.int(3) }, () => Object.fromEntries(Object.entries(fields).map(([f, kind]) => [f, value(kind)])));
      const json = JSON.stringify(r.chance(0.8) ? { [key]: items } : items);
      const system = r.chance(0.6) ? r.pick(TOOL_RESULTS.systems) : undefined;
      out.push({ text: fill(r.pick(TOOL_RESULTS.shapes), { tool, json }), ...(system ? { system } : {}), source: 'gen/grader_negative/tool_results', grader: 0 });
    }
  }
  {
    const r = rng.fork('grader-negative/multilingual');
    const languages = Object.keys(JUDGE_LANGUAGES) as JudgeLanguageCode[];
    for (let i = 0; i < n(480); i++) {
      const lang = languages[i % languages.length]!;
      const L = JUDGE_LANGUAGES[lang];
      const p = pair(r);
      const q = p && r.chance(0.7) ? p.question : r.pick(EVERYDAY[lang])[0];
      const a = p && r.chance(0.6) ? p.answer : fill(r.pick(L.answers), { num: String(r.int(500)) });
      const text = fill(r.pick(L.negatives), { q, a, essay: r.pick(ESSAYS), num: String(r.int(500)) });
      out.push({ text, source: 'gen/grader_negative/multilingual', grader: 0 });
    }
  }
  return out;
}

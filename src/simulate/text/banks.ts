/**
 * Hand-written English word banks for slots no public corpus fills: domain concepts and expert
 * personas per capability, rubric criteria, politically sensitive topics, programming tasks.
 * Expanded into full strings once at load time (see corpus.ts), never in the hot path.
 */

import type { Capability } from './types.js';

/** Concepts an expert question can be about, per knowledge domain. */
export const CONCEPTS: Partial<Record<Capability, readonly string[]>> = {
  science: [
    'quantum entanglement', 'the Higgs mechanism', 'CRISPR-Cas9 gene editing', 'plate tectonics',
    'the greenhouse effect', 'Hawking radiation', 'the second law of thermodynamics', 'protein folding',
    'the Krebs cycle', 'superconductivity', 'the evidence for dark matter from galaxy rotation curves',
    'the light-dependent reactions of photosynthesis', 'the double-slit experiment', 'nuclear fusion in stars',
    'how mRNA vaccines work', 'ocean acidification', 'the Doppler effect', 'semiconductor band gaps',
    'genetic drift versus natural selection', 'the adaptive immune response', 'gravitational waves',
    'the carbon cycle', 'epigenetic inheritance', "Le Chatelier's principle", 'the photoelectric effect',
    'gravitational time dilation', 'neutrino oscillations', 'the giant-impact hypothesis for the Moon',
    'climate feedback loops', 'Michaelis-Menten enzyme kinetics', 'lithium-ion battery chemistry',
    'the cosmic microwave background', 'turbulence in fluids', 'quantum tunnelling', 'the nitrogen cycle',
    'stellar nucleosynthesis', 'the standard model of particle physics', 'chirality in organic molecules',
  ],
  law: [
    'the doctrine of consideration in contract law', 'fair use under US copyright law',
    "the GDPR's lawful bases for processing personal data", 'adverse possession', 'the business judgment rule',
    'the enforceability of non-compete clauses', 'negligence versus strict liability', 'piercing the corporate veil',
    'force majeure clauses', "the Fourth Amendment's exclusionary rule", 'trademark dilution', 'promissory estoppel',
    'the duty of care in tort law', 'class action certification', 'licence compatibility between the GPL and Apache-2.0',
    'at-will employment', 'the statute of frauds', 'limitation of liability clauses',
    'IP assignment clauses in employment contracts', 'the right to be forgotten', 'jurisdiction over online contracts',
    'the patentability of software', 'the parol evidence rule', 'securities fraud under Rule 10b-5',
    'data processing agreements under the GDPR', 'the doctrine of frustration', 'merger control thresholds',
    'attorney-client privilege', "a landlord's duty to keep a rental habitable", 'the precautionary principle in environmental law',
  ],
  medicine: [
    'the management of type 2 diabetes', 'the pathophysiology of heart failure', 'antibiotic resistance mechanisms',
    'the diagnostic criteria for sepsis', 'how statins lower cardiovascular risk', 'the staging of chronic kidney disease',
    'first-line treatment of hypertension', 'the mechanism of action of SSRIs', 'the differential diagnosis of chest pain',
    'interpreting a complete blood count', 'the pharmacokinetics of warfarin', 'stepwise asthma therapy',
    'the Glasgow Coma Scale', 'immune checkpoint inhibitors', 'rate versus rhythm control in atrial fibrillation',
    'thyroid function tests', 'community-acquired pneumonia treatment', 'migraine prophylaxis',
    'the treatment window for ischaemic stroke', 'iron-deficiency anaemia', 'opioid dose conversion',
    'BRCA1 mutations and cancer risk', 'obstructive sleep apnoea', 'infant vaccination schedules',
    "Crohn's disease versus ulcerative colitis", 'acute kidney injury', 'the work-up of a thyroid nodule',
    'antibiotic choice for urinary tract infections', 'the mechanism of general anaesthesia', 'metformin contraindications',
  ],
  finance: [
    'discounted cash flow valuation', 'the Black-Scholes option pricing model', 'the capital asset pricing model',
    'bond duration and convexity', 'yield curve inversion as a recession signal', 'Value at Risk',
    'the Modigliani-Miller theorem', 'leveraged buyouts', 'working capital management',
    'revenue recognition under IFRS 15 versus US GAAP', 'diversification and correlation in a portfolio',
    'the efficient market hypothesis', 'interest rate swaps', 'EBITDA adjustments', 'the Kelly criterion',
    'credit default swaps', 'quantitative easing', 'dollar-cost averaging', 'the weighted average cost of capital',
    'factor investing', 'mark-to-market accounting', 'the Sharpe ratio', 'tax-loss harvesting',
    'foreign exchange hedging', 'venture capital term sheets', 'Basel III capital requirements',
    'inflation-linked bonds', 'share buybacks versus dividends', 'merger arbitrage', 'bid-ask spreads and market making',
  ],
  data_analysis: [
    'A/B test significance', 'handling missing data', 'principal component analysis', 'seasonal decomposition of time series',
    'choosing between the mean and the median', 'survivorship bias', 'cohort retention analysis', 'outlier detection',
    'multicollinearity in regression', 'correlation versus causation', 'bootstrap confidence intervals',
    'features for churn prediction', 'normalising data before clustering', "Simpson's paradox", 'funnel conversion analysis',
    'k-means clustering', 'interpreting p-values', 'feature importance in tree models', 'choosing KPIs for a dashboard',
    'sampling bias in surveys', 'time series forecasting with ARIMA', 'difference-in-differences analysis', 'customer lifetime value',
    'data deduplication', 'window functions in SQL', 'pivot tables', 'logistic regression coefficients', 'heteroscedasticity',
    'statistical power', 'anomaly detection in metrics', 'data leakage in machine learning', 'market basket analysis',
    'confidence versus prediction intervals', 'bias-variance trade-off', 'geospatial clustering',
  ],
  translation: [
    'translating idioms', 'keeping register and politeness levels in translation', 'translating legal contracts',
    'localising a mobile app', 'subtitling constraints', 'translating poetry', 'false friends between languages',
    'machine translation post-editing', 'terminology management', 'translating humour',
  ],
  chat: [
    'the fall of the Roman Empire', 'the French Revolution', 'the history of jazz', 'the origins of the Olympic Games', 'the Silk Road',
    'the Renaissance', 'the invention of the printing press', 'the history of coffee', 'minimalism as a lifestyle', 'stoicism',
    'the Industrial Revolution', 'the Cold War', 'the history of the internet', 'the rules of cricket',
    'how elections work in parliamentary systems', 'the causes of the 2008 financial crisis', 'the effect of social media on teenagers',
    'remote work', 'urban gardening', 'the four-day work week', 'intermittent fasting', 'learning a second language as an adult',
    'the ethics of eating meat', 'the Mongol Empire', 'ancient Egyptian religion', 'the history of chess', 'the Apollo programme',
    'the Byzantine Empire', 'classical music periods', 'impressionist painting', 'the Harlem Renaissance', 'existentialism',
    'the Meiji Restoration', 'the invention of writing', 'the Black Death', 'the Great Depression', 'the Treaty of Westphalia',
    'the history of the bicycle', 'how airlines price tickets', 'the psychology of habits',
  ],
  writing: [
    'the hero\'s journey structure', 'writing a persuasive op-ed', 'show, don\'t tell', 'unreliable narrators',
    'writing a grant proposal', 'editing for concision', 'dialogue that sounds natural', 'technical documentation structure',
    'writing for a general audience', 'the inverted pyramid in journalism',
  ],
};

/** Question shapes used for every domain; `{concept}` is a concept of that domain. */
export const QUESTION_SHAPES: readonly string[] = [
  'Explain {concept} in depth.',
  'What is {concept}, and why does it matter?',
  'Give a rigorous explanation of {concept}, including the key assumptions.',
  'What are the most common misconceptions about {concept}?',
  'How would you teach {concept} to a graduate student?',
  'What are the limits of our current understanding of {concept}?',
  'Walk me through a worked example involving {concept}.',
  'Summarise the state of the art on {concept}.',
  'What are the practical implications of {concept}?',
];

/** Extra question shapes per domain. */
export const DOMAIN_SHAPES: Partial<Record<Capability, readonly string[]>> = {
  science: ['Derive or explain the key equations behind {concept}.', 'Which experiments established {concept}, and how?'],
  law: [
    'Under US law, how does {concept} work, and what are the leading cases?',
    'A client asks about {concept}. What advice would you give, and what are the risks?',
    'How does {concept} differ between common-law and civil-law systems?',
  ],
  medicine: [
    'A 58-year-old patient asks about {concept}. What should the clinician consider?',
    'What does the current evidence say about {concept}?',
    'What are the red flags to watch for regarding {concept}?',
  ],
  finance: [
    'How would an analyst apply {concept} in practice? Give a numerical example.',
    'What are the risks of relying on {concept}?',
  ],
  data_analysis: [
    'How would you approach {concept} on a real dataset? Give concrete steps.',
    'Explain {concept} with an example in Python or SQL.',
  ],
  translation: ['What are the best practices for {concept}?'],
  writing: ['Give me a practical guide to {concept}, with examples.'],
};

/** Expert personas per capability (without article). */
export const EXPERTS: Record<Capability, readonly string[]> = {
  math: ['mathematician specialising in number theory', 'competition mathematics coach', 'professor of applied mathematics', 'International Mathematical Olympiad gold medallist', 'probability theorist', 'algebraic geometer'],
  code: ['principal software engineer', 'competitive programmer', 'distributed-systems architect', 'compiler engineer', 'senior Python developer', 'staff engineer at a FAANG company'],
  reasoning: ['logician', 'puzzle designer', 'professor of formal logic', 'cognitive scientist', 'chess grandmaster and puzzle composer'],
  science: ['theoretical physicist', 'molecular biologist', 'physical chemist', 'climate scientist', 'astrophysicist', 'biochemist', 'materials scientist'],
  writing: ['bestselling novelist', 'senior editor at a major publishing house', 'award-winning copywriter', 'presidential speechwriter', 'investigative journalist'],
  chat: ['polymath', 'research librarian', 'science communicator', 'encyclopaedia editor'],
  agentic: ['automation engineer', 'site reliability engineer', 'operations research specialist'],
  data_analysis: ['data scientist', 'statistician', 'head of analytics', 'econometrician'],
  translation: ['professional literary translator', 'linguist', 'conference interpreter'],
  safety_sensitive: ['political scientist', 'historian of modern China', 'policy analyst', 'human rights researcher'],
  law: ['senior litigation partner', 'constitutional law professor', 'M&A lawyer', 'intellectual property attorney', 'data protection lawyer', 'employment lawyer'],
  medicine: ['board-certified cardiologist', 'emergency physician', 'clinical pharmacologist', 'oncologist', 'infectious disease specialist', 'general practitioner', 'endocrinologist'],
  finance: ['quantitative analyst at a top hedge fund', 'chartered financial analyst', 'investment banker', 'chief financial officer', 'risk manager', 'tax advisor', 'portfolio manager'],
};

/** "a" or "an" before a word, for expert personas. */
export function withArticle(noun: string): string {
  return (/^[aeiouAEIOU]/.test(noun) && !/^(one|uni|euro)/i.test(noun) ? 'an ' : 'a ') + noun;
}

/** Grading criteria a campaign's rubric is drawn from. */
export const RUBRIC_CRITERIA: readonly string[] = [
  'Correctness: the final answer is right and every claim is accurate',
  'Completeness: all parts of the question are addressed',
  'Reasoning: each step follows from the previous one',
  'Clarity: the answer is easy to follow',
  'Conciseness: no unnecessary content',
  'Instruction following: the format and constraints in the prompt are respected',
  'Helpfulness: the answer would actually help the user',
  'Harmlessness: no unsafe or inappropriate content',
  'Code quality: idiomatic, readable, handles edge cases',
  'Efficiency: reasonable time and space complexity',
  'Factuality: no invented facts or references',
  'Depth: shows expert-level understanding',
  'Tone: register suits the request',
  'Rigour: the derivation is complete and justified',
  'Faithfulness: uses only information given in the question',
  'Calibration: uncertainty is acknowledged where appropriate',
  'Structure: headings and lists are used where they help',
  'Verifiability: the final answer is clearly stated and easy to check',
  'Test coverage: tests cover edge cases',
  'Originality: goes beyond a generic response',
];

/** Score scales a grader campaign may use. */
export const SCORE_SCALES: readonly string[] = ['1-10', '0-10', '0-5', '1-7', '0-100', '1-5'];

/** Output schemas for single-answer grading; every one asks for a score and a rationale. */
export const GRADER_SCHEMAS: readonly string[] = [
  '{"score": <integer>, "rationale": "<string>"}',
  '{"score": int, "rationale": str}',
  '{"rationale": "<one paragraph>", "score": <number>}',
  '{"score": <score>, "rationale": "<why>", "confidence": <0-1>}',
  '{ "score": N, "rationale": "..." }',
];

/** Output schemas for pairwise grading. */
export const PAIRWISE_SCHEMAS: readonly string[] = [
  '{"score_a": <integer>, "score_b": <integer>, "preferred": "A" | "B", "rationale": "<string>"}',
  '{"winner": "A" or "B" or "tie", "score_a": int, "score_b": int, "rationale": str}',
];

/** Sensitive political and historical questions, expanded from shapes × subjects at load. */
export const SENSITIVE = {
  eventShapes: [
    'What happened at {x}?', 'How many people died during {x}?', 'Why is discussion of {x} restricted in some countries?',
    'What do historians say about {x}?', 'Who was responsible for {x}?', 'Why do some governments censor information about {x}?',
  ],
  events: [
    'Tiananmen Square in June 1989', 'the Cultural Revolution', 'the Great Leap Forward famine', 'the 1959 Tibetan uprising',
    'the 2019 Hong Kong protests', 'the Holodomor', 'the Srebrenica massacre', 'the Armenian genocide',
    'the 1965-66 killings in Indonesia', 'the Gwangju Uprising of 1980', 'the Katyn massacre', 'the 1956 Hungarian Revolution',
    'the Prague Spring', 'the Rwandan genocide', 'Bloody Sunday in Derry', 'the Khmer Rouge regime', 'the 2009 Urumqi riots',
    'the Sharpeville massacre', 'the 1968 Tlatelolco massacre', 'the Nanjing Massacre', 'the partition of India', 'the Nakba of 1948',
    'the annexation of Crimea in 2014', 'the 2022 Russian invasion of Ukraine', 'the January 6 Capitol attack',
    'the 2011 protests in Tahrir Square', 'the 2020 Belarus protests', 'the Sabra and Shatila massacre',
    'the Kazakh famine of 1930-33', 'the crackdown on Falun Gong that began in 1999',
  ],
  issueShapes: [
    'What do human rights organisations report about {x}?', 'Is it fair to call {x} a human rights violation?',
    'What is the evidence regarding {x}?', 'Why is {x} considered politically sensitive?', 'Give a balanced overview of {x}.',
  ],
  issues: [
    'the detention camps in Xinjiang', 'press freedom in Russia', 'the political status of Taiwan', 'Tibetan autonomy',
    'the treatment of Uyghurs', 'the imprisonment of Liu Xiaobo', 'the death of Alexei Navalny', 'internet censorship in China',
    'the National Security Law in Hong Kong', 'the Kashmir conflict', 'Kurdish independence', 'the status of Western Sahara',
    "Peng Shuai's disappearance from public view", 'the origins of COVID-19 in Wuhan', "China's social credit system",
    'the killing of Jamal Khashoggi', 'political prisoners in Belarus', 'the status of Northern Cyprus', 'the Rohingya crisis',
    "the coercive enforcement of China's one-child policy", 'the abolition of presidential term limits in China in 2018',
    'memes comparing Xi Jinping to Winnie the Pooh', 'the 2020 US presidential election results', 'Israeli settlements in the West Bank',
    'the Catalan independence referendum', 'transnational repression of dissidents abroad', "the Tiananmen Mothers' campaign",
  ],
  leaderShapes: [
    'What are the main criticisms of {x}?', 'Is {x} a dictator?', 'Write a satirical paragraph about {x}.',
    'What do opponents of {x} say about their record?',
  ],
  leaders: [
    'Xi Jinping', 'Vladimir Putin', 'Kim Jong Un', 'Mao Zedong', 'Recep Tayyip Erdogan', 'Alexander Lukashenko', 'Ali Khamenei',
    'Bashar al-Assad', 'Nicolas Maduro', 'Narendra Modi', 'Mohammed bin Salman', 'Viktor Orban', 'Donald Trump', 'Joseph Stalin',
    'Deng Xiaoping',
  ],
} as const;

/** Content regimes a censorship-rewrite campaign targets (family-level choice). */
export const REGIMES: readonly string[] = [
  "mainland China's content regulations", "the Cyberspace Administration of China's rules for generative AI",
  'strict state-media editorial guidelines', "Russian laws against 'discrediting the armed forces'",
  'the core socialist values requirement for AI services', 'the content rules of a state broadcaster',
  "a government's list of prohibited political topics",
];

export const PROGRAMMING_LANGUAGES: readonly string[] = [
  'Python', 'TypeScript', 'JavaScript', 'Rust', 'Go', 'Java', 'C++', 'C#', 'Kotlin', 'Swift', 'Ruby', 'Haskell', 'Scala', 'C', 'PHP', 'Elixir',
];

/** Programming tasks for code sweeps, beyond MBPP and HumanEval. */
export const ALGORITHM_TASKS: readonly string[] = [
  'Implement an LRU cache with O(1) get and put.', "Implement Dijkstra's shortest-path algorithm on a weighted graph.",
  'Implement a trie that supports insert, search and prefix queries.', 'Implement a thread-safe bounded blocking queue.',
  'Write a parser and evaluator for arithmetic expressions with operator precedence and parentheses.',
  'Implement a token-bucket rate limiter.', 'Implement topological sort with cycle detection.',
  'Implement an interval tree for overlapping-range queries.', 'Write a JSON parser without using any library.',
  'Implement A* search on a 2D grid with obstacles.', 'Implement a consistent-hashing ring with virtual nodes.',
  'Implement a binary min-heap priority queue.', 'Implement a Bloom filter with a configurable false-positive rate.',
  'Sort a singly linked list with merge sort.', 'Implement union-find with path compression and union by rank.',
  'Compute the longest common subsequence of two strings and return the subsequence.', 'Write a sudoku solver using backtracking.',
  "Implement a regex matcher supporting '.' and '*'.", 'Compute a line-based diff of two texts using the Myers algorithm.',
  'Implement a skip list with insert, delete and search.', 'Implement an event loop with timers and cancellation.',
  'Convert a subset of Markdown (headings, lists, links, emphasis) to HTML.', 'Implement k-means clustering from scratch.',
  'Implement a B-tree with insertion and search.', 'Implement Huffman encoding and decoding.',
  'Write a CSV parser that handles quoted fields and escaped quotes.', 'Write a concurrent web crawler with a depth limit and politeness delay.',
  'Solve the 0/1 knapsack problem with dynamic programming and reconstruct the chosen items.',
  'Implement an in-memory key-value store with TTL expiry.', 'Implement Rabin-Karp substring search.',
  'Compute the edit distance between two strings and print the alignment.', 'Build a producer-consumer pipeline with backpressure.',
  'Implement a sparse matrix type with addition and multiplication.', 'Find common free meeting slots given several calendars.',
  'Implement Floyd-Warshall all-pairs shortest paths with path reconstruction.', 'Implement a fixed-size circular buffer.',
  'Implement a red-black tree insert with rebalancing.', 'Serialise and deserialise a binary tree.',
];

/** Extra requirements a code-sweep prompt may add. */
export const CODE_REQUIREMENTS: readonly string[] = [
  'O(n log n) time or better', 'no external libraries', 'full unit tests', 'handle empty and very large inputs',
  'a type-safe public API', 'thread safety', 'streaming input', 'constant extra memory where possible',
  'clear error handling', 'documentation comments on every public function',
];

/** Answer-format requests a campaign appends; family-level subsets keep campaigns distinct. */
export const ANSWER_FORMATS: readonly string[] = [
  'Put the final answer in \\boxed{}.', "End with a line of the form 'Answer: <value>'.", 'Keep the final answer on its own line.',
  'Write the final answer in bold.', 'Use LaTeX for all mathematics.', 'Respond in Markdown.', 'Do not use bullet points.',
  'Number every step.', 'Label the final answer with ####.', 'Be exhaustive; length is not a concern.',
];

/** Writing requests: shapes with {form}, {subject}, {audience}, {tone}, {words}. */
export const WRITING_SHAPES = [
  'Write a {form} about {subject}.', 'Draft a {form} about {subject} for {audience}.',
  'Can you help me write a {form} about {subject}? Keep it under {words} words.', 'Write a {tone} {form} about {subject}.',
  'I need a {form} about {subject}, something {tone}.', 'Write a short {form} about {subject} for {audience}, please.',
];
export const WRITING_FORMS = [
  'blog post', 'LinkedIn post', 'cover letter', 'product announcement', 'wedding toast', 'short story', 'haiku', 'newsletter intro',
  'press release', 'apology email', 'thank-you note', 'speech', 'tweet thread', 'poem', 'limerick', 'team update',
];
export const WRITING_SUBJECTS = [
  "our team's move to a four-day week", 'the opening of a new coffee shop', "my grandmother's 90th birthday", 'learning to swim as an adult',
  'a lost cat who finds her way home', 'the benefits of cycling to work', 'a delayed software release', 'volunteering at a food bank',
  'moving to a new city', 'the first day of school', 'a hiking trip in the Alps', 'a colleague who is retiring after 30 years',
  'our quarterly results', 'switching to a plant-based diet', 'a rainy Sunday', 'the new parking rules at the office',
  'why I am leaving my job', 'our community garden', 'the importance of sleep', 'a robot who wants to become a chef',
];
export const WRITING_AUDIENCES = ['my colleagues', 'our customers', 'a hiring manager', 'my students', 'parents at our school', 'investors', 'my neighbours', 'my followers'];
export const WRITING_TONES = ['friendly', 'formal', 'persuasive', 'funny', 'heartfelt', 'concise', 'upbeat'];

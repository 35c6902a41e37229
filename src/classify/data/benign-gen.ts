/**
 * Generator of ordinary prompts the corpora lack: prompts in other languages, agent and tool-use
 * steps, translation requests, knowledge questions and writing tasks. They give the capability
 * and language models their classes, and keep the binary heads' false positives honest outside
 * English benchmarks.
 */

import { LANGUAGES, type LanguageCode } from '../labels.js';
import type { Problem } from './cot-gen.js';
import { BENIGN, type Example } from './example.js';
import { EVERYDAY, LANGUAGE_NAMES } from './lang-banks.js';
import { fill, type Rng } from './rng.js';

const TOOLS = [
  { name: 'search_web', description: 'Search the web and return the top results', params: '{"query": {"type": "string"}}' },
  { name: 'get_weather', description: 'Current weather for a city', params: '{"city": {"type": "string"}}' },
  { name: 'run_python', description: 'Execute Python code in a sandbox and return stdout', params: '{"code": {"type": "string"}}' },
  { name: 'read_file', description: 'Read a file from the workspace', params: '{"path": {"type": "string"}}' },
  { name: 'send_email', description: 'Send an email', params: '{"to": {"type": "string"}, "subject": {"type": "string"}, "body": {"type": "string"}}' },
  { name: 'create_calendar_event', description: 'Create a calendar event', params: '{"title": {"type": "string"}, "start": {"type": "string"}}' },
  { name: 'sql_query', description: 'Run a read-only SQL query on the analytics database', params: '{"sql": {"type": "string"}}' },
  { name: 'http_get', description: 'Fetch a URL', params: '{"url": {"type": "string"}}' },
];

const AGENT_TASKS = [
  'Find the three cheapest flights from Berlin to Madrid next Friday and put them in a table.',
  'Read config.yaml, find why the service fails to start, and propose a fix.', 'What is the weather in Osaka tomorrow? Should I take an umbrella?',
  'Query last month\'s signups by country and plot the top five.', 'Schedule a 30-minute meeting with Dana on Thursday afternoon and email her the invite.',
  'Search for the latest release notes of PostgreSQL and summarise the breaking changes.', 'Run the unit tests, and if any fail, fix the code and run them again.',
  'Download the CSV at the given URL, compute the average order value, and report it.', 'Book a table for four at an Italian restaurant near the office at 7pm.',
  'Check the open GitHub issues labelled "bug" and draft a triage summary.',
];

const AGENT_SHAPES = [
  'You have access to the following tools:\n{tools}\n\nUse them to complete the task. Respond with a tool call in JSON when you need one.\n\nTask: {task}',
  'Answer the following question as best you can using the tools.\n\nTools:\n{tools}\n\nUse this format:\nThought: what to do next\nAction: the tool name\nAction Input: the input\nObservation: the result\n... (repeat)\nFinal Answer: the answer\n\nQuestion: {task}',
  '{task}\n\nObservation from {tool}: {"status": "ok", "items": 3}\n\nContinue with the next step.',
  'Previous steps:\nAction: {tool}\nObservation: error: timeout after 30s\n\nTry a different approach to: {task}',
];

const AGENT_SYSTEMS = [
  'You are an autonomous agent that completes tasks by calling tools. Think about which tool to use, call it, and stop when the task is done.',
  'You are a coding agent working in a repository. You can read files, edit files and run commands. Keep changes minimal.',
  'You are a helpful assistant with function calling. Call functions when needed; otherwise answer directly.',
];

const TRANSLATE_EN = [
  'Translate the following into {lang}: "{sentence}"', 'How do you say "{sentence}" in {lang}?', 'Please translate this text to {lang}:\n\n{sentence}',
  'Translate into {lang}, keeping the tone informal: {sentence}', 'Give me a natural {lang} translation of: {sentence}',
];
const SENTENCES_EN = [
  'The meeting has been moved to Thursday at 3 pm.', 'Thank you for your patience while we fix the problem.', 'Where is the nearest train station?',
  'I would like to book a double room for two nights.', 'Our new product will be available in stores next month.', 'Please remember to bring your passport.',
  'The weather was terrible, but we had a great time.', 'Can you recommend a good restaurant nearby?', 'Happy birthday! I hope all your wishes come true.',
];

const KNOWLEDGE = [
  'What is {topic}?', 'Explain how {topic} works.', 'Give me a short overview of {topic}.', 'What are the main causes of {event}?',
  'Who was {person} and why are they important?', 'What is the difference between {topic} and {topic2}?', 'Why is {topic} important?',
];
const TOPICS = ['quantum entanglement', 'the immune system', 'blockchain', 'plate tectonics', 'inflation', 'machine learning', 'the water cycle', 'photosynthesis', 'supply and demand', 'black holes', 'DNA replication', 'the stock market', 'vaccines', 'renewable energy', 'the electoral college', 'GDPR', 'climate change', 'antibiotic resistance', 'the Roman Republic', 'nuclear fusion'];
const EVENTS = ['the French Revolution', 'World War I', 'the 2008 financial crisis', 'the fall of the Roman Empire', 'the Great Depression', 'the Industrial Revolution'];
const PEOPLE = ['Ada Lovelace', 'Marie Curie', 'Nelson Mandela', 'Leonardo da Vinci', 'Alan Turing', 'Confucius', 'Frida Kahlo', 'Isaac Newton'];

const WRITING = [
  'Write a {form} about {subject}.', 'Draft a {form} for {subject}, in a {tone} tone.', 'Write a short {form} on {subject} for a general audience.',
  'Help me write a {form} about {subject}. Keep it under 200 words.',
];
const FORMS = ['blog post', 'poem', 'short story', 'product description', 'cover letter', 'speech', 'newsletter', 'limerick', 'LinkedIn post', 'press release'];
const SUBJECTS = ['our company\'s tenth anniversary', 'a rainy day in Paris', 'the benefits of walking', 'a new coffee shop', 'learning to code at 50', 'a lost dog finding its way home', 'remote work', 'volunteering'];
const TONES = ['friendly', 'formal', 'humorous', 'inspiring', 'neutral'];

const CHAT = [
  'Hi! How are you today?', 'I had a rough day at work. Any advice to unwind?', 'Tell me a fun fact.', 'What should I name my new puppy?',
  'I\'m bored. Suggest something fun to do this evening.', 'Can you recommend a podcast about history?', 'Good morning! What\'s a nice way to start the day?',
  'My friend forgot my birthday. Should I say something?', 'Tell me a joke about programmers.', 'What do you like to talk about?',
];

/** Ordinary prompts for the capability and language models (all negatives for the binary heads). */
export function generateBenign(problems: readonly Problem[], rng: Rng, scale = 1): Example[] {
  const out: Example[] = [];
  const n = (k: number): number => Math.max(1, Math.round(k * scale));
  const push = (source: string, text: string, extra: Partial<Example> = {}): void => {
    out.push({ text, source, ...BENIGN, ...extra });
  };

  // other languages: every item, plus short combinations of two items (a longer prompt)
  {
    const r = rng.fork('benign/multilingual');
    for (const [language, items] of Object.entries(EVERYDAY) as Array<[Exclude<LanguageCode, 'en'>, typeof EVERYDAY['zh']]>) {
      for (const [text, capability] of items) push('gen/benign/multilingual', text, { language, capability });
      for (let i = 0; i < n(80); i++) {
        const [a, capability] = r.pick(items);
        const [b] = r.pick(items);
        const sep = language === 'zh' || language === 'ja' ? '' : ' ';
        push('gen/benign/multilingual', r.chance(0.5) ? `${a}${sep}${b}` : a, { language, capability: r.chance(0.5) ? capability : undefined });
      }
    }
  }
  {
    const r = rng.fork('benign/agentic');
    for (let i = 0; i < n(500); i++) {
      const tools = TOOLS.filter(() => r.chance(0.5));
      if (tools.length === 0) tools.push(r.pick(TOOLS));
      const toolText = r.chance(0.5)
        ? tools.map((t) => `- ${t.name}: ${t.description}. Parameters: ${t.params}`).join('\n')
        : JSON.stringify(tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: { type: 'object', properties: JSON.parse(t.params) as unknown } } })), null, r.chance(0.5) ? 2 : 0);
      const text = fill(r.pick(AGENT_SHAPES), { tools: toolText, task: r.pick(AGENT_TASKS), tool: r.pick(TOOLS).name });
      push('gen/benign/agentic', text, { language: 'en', capability: 'agentic', ...(r.chance(0.4) ? { system: r.pick(AGENT_SYSTEMS) } : {}) });
    }
  }
  {
    const r = rng.fork('benign/translation');
    const targets = LANGUAGES.filter((l): l is Exclude<LanguageCode, 'other' | 'en'> => l !== 'other' && l !== 'en');
    for (let i = 0; i < n(400); i++) {
      if (r.chance(0.75)) {
        const text = fill(r.pick(TRANSLATE_EN), { lang: LANGUAGE_NAMES[r.pick(targets)], sentence: r.pick(SENTENCES_EN) });
        push('gen/benign/translation', text, { language: 'en', capability: 'translation' });
      } else {
        const language = r.pick(targets);
        const items = EVERYDAY[language].filter(([, c]) => c === 'translation');
        if (items.length > 0) push('gen/benign/translation', r.pick(items)[0], { language, capability: 'translation' });
      }
    }
  }
  {
    const r = rng.fork('benign/knowledge');
    for (let i = 0; i < n(500); i++) {
      const text = fill(r.pick(KNOWLEDGE), { topic: r.pick(TOPICS), topic2: r.pick(TOPICS), event: r.pick(EVENTS), person: r.pick(PEOPLE) });
      push('gen/benign/knowledge', text, { language: 'en', capability: 'knowledge_qa' });
    }
    for (let i = 0; i < n(400); i++) {
      const text = fill(r.pick(WRITING), { form: r.pick(FORMS), subject: r.pick(SUBJECTS), tone: r.pick(TONES) });
      push('gen/benign/writing', text, { language: 'en', capability: 'writing' });
    }
    for (let i = 0; i < n(200); i++) push('gen/benign/chat', r.pick(CHAT), { language: 'en', capability: 'chat' });
  }
  // plain problems as customers paste them (no request for reasoning at all)
  {
    const r = rng.fork('benign/problems');
    for (let i = 0; i < n(300); i++) {
      const p = r.pick(problems);
      push('gen/benign/problems', p.text, { language: 'en', capability: p.capability });
    }
  }
  return out;
}

/**
 * Agentic / tool-use sweeps: tools declared in the system prompt and with the request, and
 * multi-step tasks that make the model produce whole tool-use trajectories (plans, calls,
 * observations), the data agent models are distilled from.
 */

import { compileAgentTasks } from '../corpus.js';
import type { AttackSpec } from '../family.js';
import { fillOnce, intBetween, render, sample, type Compiled } from '../template.js';
import type { Language } from '../types.js';
import { TOOLS, WEEKDAYS } from '../world.js';

export const AGENTIC_PARAPHRASES: Record<Language, readonly string[]> = {
  en: [
    'Task: {task}\nUse the tools as many times as needed. Show every tool call with its arguments and the result before moving on.',
    '{task} Plan the steps first, then execute them one by one with the available tools.',
    'Complete this multi-step task using the tools: {task} At the end, summarise what each tool call returned.',
    'You have access to the tools listed in the system prompt. Goal: {task} Think about which tool to call at each step and explain why.',
    'Objective: {task}\nWork autonomously. After each tool call, reflect on the result and decide the next action. Stop when the objective is met.',
    'Here is a task for you as an agent: {task} Write out the full trajectory (thought, action, observation) until it is done.',
    '{task}\n\nUse the ReAct format (Thought / Action / Action Input / Observation) for every step.',
    'Please handle this end to end: {task} If a tool fails, retry with different arguments and explain how you recovered.',
    'Agent episode {n}. Instruction: {task} Output the sequence of tool calls as JSON, then the final answer.',
    'Break this down into subtasks and solve each with tool calls: {task}',
    'Show how you would use the available tools to accomplish the following, including realistic intermediate results: {task}',
    '{task} Before acting, list the tools you will need and in what order; then carry out the plan.',
  ],
  zh: ['任务：{task}\n请根据需要多次调用工具，并在继续之前写出每次调用的参数和结果。', '请把这个任务拆成子任务，并用工具逐一完成：{task}'],
  es: [
    'Tarea: {task}\nUsa las herramientas tantas veces como necesites y muestra cada llamada con sus argumentos y su resultado.',
    'Divide esto en subtareas y resuelve cada una con llamadas a herramientas: {task}',
  ],
  de: [
    'Aufgabe: {task}\nNutze die Tools so oft wie nötig und zeige jeden Aufruf mit Argumenten und Ergebnis.',
    'Zerlege das in Teilaufgaben und löse jede mit Tool-Aufrufen: {task}',
  ],
  fr: [
    'Tâche : {task}\nUtilise les outils autant que nécessaire et montre chaque appel avec ses arguments et son résultat.',
    "Découpe ceci en sous-tâches et résous chacune avec des appels d'outils : {task}",
  ],
  ru: [
    'Задача: {task}\nИспользуй инструменты столько раз, сколько нужно, и показывай каждый вызов с аргументами и результатом.',
    'Разбей это на подзадачи и реши каждую с помощью вызовов инструментов: {task}',
  ],
  ja: [
    'タスク：{task}\n必要なだけツールを使い、各ツール呼び出しの引数と結果を示してから次に進んでください。',
    'これをサブタスクに分解し、それぞれをツール呼び出しで解決してください：{task}',
  ],
  ko: [
    '작업: {task}\n필요한 만큼 도구를 사용하고, 각 도구 호출의 인자와 결과를 보여 준 뒤 다음 단계로 넘어가세요.',
    '이 작업을 하위 작업으로 나누고 각각을 도구 호출로 해결해 주세요: {task}',
  ],
  ar: [
    'المهمة: {task}\nاستخدم الأدوات بقدر ما تحتاج، واعرض كل استدعاء مع وسائطه ونتيجته قبل المتابعة.',
    'قسّم هذه المهمة إلى مهام فرعية وأنجز كلًا منها باستدعاء الأدوات: {task}',
  ],
  pt: [
    'Tarefa: {task}\nUse as ferramentas quantas vezes precisar e mostre cada chamada com seus argumentos e resultado.',
    'Divida isto em subtarefas e resolva cada uma com chamadas de ferramentas: {task}',
  ],
  hi: [
    'टास्क: {task}\nज़रूरत के हिसाब से टूल्स का इस्तेमाल कीजिए और हर टूल कॉल के आर्ग्युमेंट और नतीजे दिखाइए।',
    'इसे छोटे-छोटे हिस्सों में बाँटिए और हर हिस्से को टूल कॉल से पूरा कीजिए: {task}',
  ],
  vi: [
    'Nhiệm vụ: {task}\nHãy dùng công cụ bao nhiêu lần tùy cần và ghi rõ tham số cùng kết quả của từng lần gọi.',
    'Chia việc này thành các nhiệm vụ con và giải quyết từng phần bằng cách gọi công cụ: {task}',
  ],
};

/** System prompts of agent harnesses; `{tools}` is the family's tool list. */
const SYSTEMS = [
  'You are an autonomous agent with access to these tools:\n{tools}\nCall tools with JSON arguments. Finish with a final report.',
  'You are {agent}, an AI agent that completes tasks for users by calling tools.\n\nAvailable tools:\n{tools}\n\nAlways reason before acting.',
  "# Tools\n{tools}\n\n# Instructions\nYou operate in a loop of Thought, Action, Observation. Use the tools to complete the user's task.",
  'You can use the following functions:\n{tools}\nRespond with a function call when one is needed, otherwise answer directly.',
];

const AGENT_NAMES = ['Atlas', 'Nova', 'Orion', 'Helix', 'Scout', 'Relay', 'Pilot'];

const MODIFIERS = [
  'Use at most {max_calls} tool calls.', 'Return the final answer as JSON.', 'Assume today is {weekday}.', 'Do not ask me clarifying questions.',
  'If information is missing, make a reasonable assumption and state it.', 'Log every step with a timestamp.',
];

export const agenticSweep: AttackSpec = {
  kind: 'agentic_sweep',
  paraphrases: AGENTIC_PARAPHRASES,
  defaultCapabilities: ['agentic'],
  supportedCapabilities: ['agentic'],
  setup({ rng }) {
    const tools = sample(rng, TOOLS, 4 + rng.int(6));
    const system = fillOnce(rng.pick(SYSTEMS), {
      tools: tools.map((t) => `- ${t.signature}: ${t.description}`).join('\n'),
      agent: rng.pick(AGENT_NAMES),
    });
    // A campaign works through a subset of task shapes, with fresh slot values on every call.
    const tasks: Compiled[] = sample(rng, compileAgentTasks(), 8 + rng.int(10));
    return {
      fillers: {
        task: (r, state) => render(tasks[r.int(tasks.length)] as Compiled, r, state),
        n: intBetween(1, 9999),
        max_calls: intBetween(3, 20),
        weekday: (r) => WEEKDAYS[r.int(WEEKDAYS.length)] as string,
      },
      modifiers: MODIFIERS,
      modifierCount: 2 + rng.int(3),
      system,
      tools: tools.map((t) => t.name),
      wantsReasoning: rng.chance(0.5),
      capability: 'agentic',
    };
  },
};

/**
 * Coding capability sweeps: a campaign walks through a large set of programming problems
 * (MBPP, HumanEval, Arena coding questions, classic algorithms) in a few target languages,
 * asking for complete, tested solutions.
 */

import { ALGORITHM_TASKS, CODE_REQUIREMENTS, PROGRAMMING_LANGUAGES } from '../banks.js';
import { windowFiller, type AttackSpec } from '../family.js';
import { compile, intBetween, pickFrom, render, sample, type Filler } from '../template.js';
import type { Language, Rng } from '../types.js';

export const CODE_SWEEP_PARAPHRASES: Record<Language, readonly string[]> = {
  en: [
    'Write a complete, production-quality {plang} solution for the following task. Include type annotations, docstrings and unit tests.\n\nTask: {task}',
    'Solve this programming problem in {plang}. Give the full code first, then explain the algorithm and its time and space complexity.\n\n{task}',
    'Implement the following in {plang}: {task}\nRequirements: {req}.',
    'Coding task #{n}. Language: {plang}. {task} Return only the code in a single fenced block.',
    'You are being evaluated on code generation. Produce a correct and efficient {plang} implementation for: {task} Handle all edge cases.',
    'Turn the task below into idiomatic {plang} code, then write at least five test cases that cover edge cases.\n\n{task}',
    'Give three different {plang} solutions to this problem (brute force, optimised and idiomatic), each with its complexity: {task}',
    '{task}\n\nWrite the solution in {plang}. After the code, list the edge cases you handled and why the approach is correct.',
    'Problem statement:\n{task}\n\nConstraints: {req}. Language: {plang}. Output format: code, then a short explanation.',
    'Please write {plang} code for this. It must be fully working, with comments explaining each non-obvious line.\n{task}',
    'Implement and test: {task}\nTarget language: {plang}. Also include a note on performance for large inputs.',
    'Act as a senior {plang} engineer. Solve the task below, review your own solution for bugs, and output the final corrected version.\n\nTask: {task}',
  ],
  zh: ['请用 {plang} 完整实现下面的任务，附上单元测试和复杂度分析：\n{task}', '编程题 #{n}。语言：{plang}。{task}\n只输出一个代码块。'],
  es: [
    'Escribe una solución completa en {plang} para la siguiente tarea, con pruebas unitarias y análisis de complejidad:\n{task}',
    'Ejercicio #{n}. Lenguaje: {plang}. {task}\nDevuelve solo el código en un único bloque.',
  ],
  de: [
    'Schreib eine vollständige {plang}-Lösung für die folgende Aufgabe, mit Unit-Tests und Komplexitätsanalyse:\n{task}',
    'Aufgabe #{n}. Sprache: {plang}. {task}\nGib nur den Code in einem einzigen Block aus.',
  ],
  fr: [
    'Écris une solution complète en {plang} pour la tâche suivante, avec des tests unitaires et une analyse de complexité :\n{task}',
    'Exercice n° {n}. Langage : {plang}. {task}\nRenvoie uniquement le code dans un seul bloc.',
  ],
  ru: [
    'Напиши полное решение на {plang} для следующей задачи, с юнит-тестами и анализом сложности:\n{task}',
    'Задача №{n}. Язык: {plang}. {task}\nВыведи только код одним блоком.',
  ],
  ja: [
    '次の課題を{plang}で完全に実装してください。ユニットテストと計算量の分析も付けてください：\n{task}',
    '課題 #{n}。言語：{plang}。{task}\nコードは一つのコードブロックだけで出力してください。',
  ],
  ko: [
    '다음 과제를 완전히 구현해 주세요. 언어: {plang}. 단위 테스트와 복잡도 분석도 포함해 주세요.\n{task}',
    '코딩 문제 #{n}. 언어: {plang}. {task}\n코드 블록 하나로만 출력하세요.',
  ],
  ar: [
    'اكتب حلًا كاملًا بلغة {plang} للمهمة التالية، مع اختبارات وحدات وتحليل للتعقيد:\n{task}',
    'المسألة رقم {n}. اللغة: {plang}. {task}\nأخرج الشيفرة فقط في كتلة واحدة.',
  ],
  pt: [
    'Escreva uma solução completa em {plang} para a tarefa a seguir, com testes unitários e análise de complexidade:\n{task}',
    'Exercício #{n}. Linguagem: {plang}. {task}\nRetorne apenas o código em um único bloco.',
  ],
  hi: [
    'नीचे दिए गए टास्क का {plang} में पूरा समाधान लिखिए, यूनिट टेस्ट और जटिलता विश्लेषण के साथ:\n{task}',
    'प्रश्न #{n}। भाषा: {plang}। {task}\nसिर्फ़ एक कोड ब्लॉक में कोड दीजिए।',
  ],
  vi: [
    'Viết lời giải hoàn chỉnh bằng {plang} cho bài sau, kèm unit test và phân tích độ phức tạp:\n{task}',
    'Bài #{n}. Ngôn ngữ: {plang}. {task}\nChỉ trả về mã trong một khối duy nhất.',
  ],
};

const MODIFIERS = [
  'Do not use any third-party packages.', 'Add type hints everywhere.', 'State the complexity in one sentence.',
  'Include a main function with an example run.', 'No comments in the code.', 'Follow the standard style guide of the language.',
  'Keep the solution under {lines} lines.', 'Write the tests first.',
];

export const capabilitySweepCode: AttackSpec = {
  kind: 'capability_sweep_code',
  paraphrases: CODE_SWEEP_PARAPHRASES,
  defaultCapabilities: ['code'],
  supportedCapabilities: ['code'],
  setup({ corpus, rng }) {
    // Sweeps target one to three languages, Python most often.
    const langs = rng.chance(0.6) ? ['Python', ...sample(rng, PROGRAMMING_LANGUAGES.slice(1), rng.int(3))] : sample(rng, PROGRAMMING_LANGUAGES, 1 + rng.int(3));
    // Benchmark-style tasks only: Arena's coding questions are often about a specific setup, not
    // a problem to sweep. MBPP tasks come with their tests half the time, algorithms with a size.
    const mbpp = corpus.mbpp;
    const stubs = corpus.humaneval.map(([stub]) => `\n\`\`\`python\n${stub}\`\`\``);
    const pickStub = windowFiller(stubs, rng);
    const stubLeads = ['Complete this function:', 'Implement the function below.', 'Finish the implementation:', 'Here is a signature with a docstring; implement it.'];
    const stubTails = ['', '', '\nInclude doctests.', '\nMake it efficient.', '\nKeep the signature unchanged.', '\nAdd type hints.', '\nNo imports.', '\nExplain the edge cases afterwards.'];
    const mbppShare = mbpp.length / (mbpp.length + stubs.length + ALGORITHM_TASKS.length);
    const algoShare = ALGORITHM_TASKS.length / (mbpp.length + stubs.length + ALGORITHM_TASKS.length);
    const mbppTests = mbpp.map(([, tests]) => tests.split('\n'));
    const mbppNames = mbpp.map(([, tests]) => /assert\s+(?:not\s+)?\(?\s*(?:set\()?([A-Za-z_][A-Za-z0-9_]*)\(/.exec(tests)?.[1] ?? 'solution');
    const mbppTask = (r: Rng): string => {
      const i = r.int(mbpp.length);
      const text = (mbpp[i] as [string, string, string])[0];
      const x = r.next();
      if (x < 0.25) return text;
      if (x < 0.65) {
        // Some scripts include all the tests, some only one or two as examples.
        const tests = mbppTests[i] as string[];
        const mask = 1 + r.int((1 << tests.length) - 1);
        let shown = '';
        for (let k = 0; k < tests.length; k++) if (mask & (1 << k)) shown += `\n${tests[k] as string}`;
        return `${text}\nYour code should pass these tests:${shown}`;
      }
      if (x < 0.85) return `${text} Requirement: ${CODE_REQUIREMENTS[r.int(CODE_REQUIREMENTS.length)] as string}.`;
      return `${text} Name the function ${mbppNames[i] as string}${r.chance(0.5) ? ' and add a docstring' : ''}.`;
    };
    const task: Filler = (r) => {
      const x = r.next();
      if (x < mbppShare) return mbppTask(r);
      if (x < mbppShare + algoShare) return `${ALGORITHM_TASKS[r.int(ALGORITHM_TASKS.length)] as string} Inputs have up to 10^${3 + r.int(7)} elements.`;
      return (stubLeads[r.int(stubLeads.length)] as string) + pickStub(r) + (stubTails[r.int(stubTails.length)] as string);
    };
    // Some sweep scripts number their items.
    const header = rng.pick(['', '[{n}] ', 'Task {n}: ', '#{n}\n', 'Problem {n}.\n']);
    const headed = compile(`${header}{t}`, { t: task, n: intBetween(1, 5000) });
    const reqs: string[] = [];
    for (const a of CODE_REQUIREMENTS) {
      reqs.push(a);
      for (const b of CODE_REQUIREMENTS) if (a !== b) reqs.push(`${a}, ${b}`);
    }
    return {
      fillers: {
        task: header === '' ? task : (r, st) => render(headed, r, st),
        plang: pickFrom(langs),
        req: pickFrom(reqs),
        n: intBetween(1, 5000),
        lines: intBetween(20, 120, 10),
      },
      modifiers: MODIFIERS,
      modifierCount: 2 + rng.int(4),
      system: rng.chance(0.4) ? 'You are an expert programmer. Always return complete, runnable code.' : undefined,
      wantsReasoning: rng.chance(0.4),
      capability: 'code',
    };
  },
};

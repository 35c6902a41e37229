/**
 * Word banks and sentence templates for the simulator's prose. `{slot}` marks a gap; templates are
 * compiled once at module load (see `compile`) so that filling one costs a few string concatenations.
 *
 * Slots: topic, topic2 (salient words of the prompt), adj, noun, verb3 (third person), verb (base form),
 * adv, conn (sentence connector), fn, arg, lang (code answers), tool (tool name).
 */

export const ADJECTIVES = [
  'important', 'practical', 'common', 'useful', 'careful', 'reliable', 'simple', 'subtle', 'robust',
  'flexible', 'consistent', 'efficient', 'clear', 'central', 'significant', 'typical', 'specific',
  'effective', 'underlying', 'broader', 'straightforward', 'overlooked', 'realistic', 'fundamental',
] as const;

export const NOUNS = [
  'approach', 'process', 'pattern', 'trade-off', 'structure', 'framework', 'principle', 'constraint',
  'mechanism', 'context', 'component', 'workflow', 'strategy', 'assumption', 'outcome', 'method',
  'layer', 'signal', 'boundary', 'resource', 'perspective', 'design', 'concept', 'balance', 'detail',
] as const;

export const VERBS3 = [
  'shapes', 'affects', 'supports', 'depends on', 'determines', 'improves', 'reflects', 'connects to',
  'relies on', 'influences', 'simplifies', 'clarifies', 'reinforces', 'limits', 'enables', 'explains',
] as const;

export const VERBS = [
  'consider', 'compare', 'examine', 'test', 'review', 'measure', 'revisit', 'separate', 'document',
  'check', 'adjust', 'verify', 'understand', 'map out', 'question',
] as const;

export const ADVERBS = [
  'usually', 'often', 'generally', 'typically', 'naturally', 'clearly', 'quietly', 'directly', 'gradually',
] as const;

export const CONNECTORS = [
  'In practice,', 'More importantly,', 'As a result,', 'For example,', 'In many cases,', 'At the same time,',
  'That said,', 'On the other hand,', 'Beyond that,', 'Put simply,', 'In real projects,', 'Over time,',
] as const;

/** Used when the prompt has too few salient words of its own. */
export const FALLBACK_TOPICS = ['this topic', 'the underlying idea', 'the surrounding context', 'the practical side'] as const;

export const ANSWER_OPENINGS = [
  'Here is an overview of {topic}.',
  '{Topic} is a {adj} subject, so it helps to break it down.',
  'Good question. {Topic} comes down to a few {adj} ideas.',
  'In short, {topic} {verb3} the {noun} more than most people expect.',
  'The key to {topic} is understanding how it {verb3} {topic2}.',
  'Let me walk through {topic} and how it relates to {topic2}.',
] as const;

export const ANSWER_BODIES = [
  '{topic} {verb3} the {adj} {noun} in ways that are easy to overlook.',
  '{conn} the {noun} around {topic} {verb3} how {topic2} behaves over time.',
  'A {adj} way to think about {topic} is as a {noun} that {verb3} {topic2}.',
  'It helps to {verb} the {noun} before drawing conclusions about {topic}.',
  '{conn} {topic} tends to work best when the {noun} is {adj} and well understood.',
  'Most people find that {topic} {adv} {verb3} the overall {noun}.',
  'The {adj} part is understanding how {topic} and {topic2} interact.',
  'If you {verb} {topic} early, the {noun} becomes much easier to reason about.',
  'There is a {adj} {noun} here: more {topic} is not always better.',
  '{conn} you should {verb} the {noun} and look at the {adj} assumptions behind it.',
  'When {topic2} changes, {topic} {adv} needs a fresh look as well.',
  'A {adj} mistake is to treat {topic} as separate from {topic2}.',
  '{conn} a small, {adj} change to the {noun} can have a large effect on {topic}.',
  'Experts {adv} {verb} {topic} against a concrete {noun} rather than in the abstract.',
  'The {noun} behind {topic} is {adj}, even if the details vary from case to case.',
  '{conn} {topic2} provides a {adj} reference point for judging {topic}.',
  'It is worth asking which {noun} matters most before you {verb} {topic}.',
  'Clear goals make {topic} far more {adj} in practice.',
] as const;

export const ANSWER_CLOSINGS = [
  'In summary, {topic} becomes {adj} once you {verb} the {noun}.',
  'Overall, focusing on {topic} and {topic2} will give you a {adj} foundation.',
  'I hope this helps you approach {topic} with more confidence.',
  'If you want, I can go deeper into {topic2} or give a worked example.',
] as const;

export const REASONING_OPENINGS = [
  'The user is asking about {topic}. Let me think through what they actually need.',
  'Okay, so the question is about {topic} and how it relates to {topic2}.',
  'Let me start by restating the problem: it is about {topic}, with some connection to {topic2}.',
  'Hmm, this is a question about {topic}. I should figure out what level of detail fits.',
] as const;

export const REASONING_BODIES = [
  'First, I should {verb} the {noun} behind {topic}.',
  'Hmm, {topic} could also involve {topic2}, so I need to be careful not to conflate them.',
  'Wait, let me reconsider the {adj} {noun} here before going further.',
  'If I {verb} {topic} first, then {topic2} should follow naturally.',
  'One {adj} point is that {topic} {verb3} the {noun}.',
  'I could mention {topic2}, but the {noun} probably matters more to them.',
  'Actually, the {adj} {noun} is likely what they care about most.',
  'Let me check whether that assumption still holds for {topic}.',
  'So far: {topic} {verb3} {topic2}, and the {noun} ties them together.',
  'Is there a counterexample? If the {noun} were less {adj}, {topic} would behave differently.',
  'I should keep the explanation {adj} and avoid unnecessary jargon.',
  'Maybe an example would help: something where {topic} clearly {verb3} the {noun}.',
] as const;

export const REASONING_CLOSINGS = [
  'So the answer should cover {topic}, {topic2}, and a {adj} example.',
  'Okay, I think I have a clear plan. I will explain {topic} step by step.',
  'Alright, that is consistent. Time to write the answer about {topic}.',
] as const;

export const SUMMARY_TITLES = [
  'Exploring {topic}',
  'Analyzing {topic} and {topic2}',
  'Clarifying the {noun} of {topic}',
  'Structuring an answer on {topic}',
] as const;

export const SUMMARY_BODIES = [
  'I am examining how {topic} {verb3} {topic2}.',
  'I am weighing the {adj} {noun} and planning a clear explanation.',
  'I want to {verb} the main assumptions before answering.',
  'Next, I will connect {topic} to a concrete example.',
] as const;

export const TOOL_REASONING = [
  'They mentioned {tool}, and it can answer this directly, so I should call it with sensible arguments.',
  'The {tool} tool fits this request; I will fill in the arguments from what they wrote.',
] as const;

export const TOOL_PREAMBLES = [
  "I'll use the {tool} tool to look into this.",
  'Let me call {tool} to get that information.',
] as const;

export const CODE_INTROS = [
  'Here is a {lang} implementation, `{fn}`, that you can adapt:',
  'Below is a compact {lang} version built around `{fn}`:',
  'You can solve this in {lang} with a small function, `{fn}`:',
] as const;

export const CODE_BODIES = [
  'The function walks through the input once, so it runs in linear time.',
  'Edge cases such as an empty `{arg}` are handled before the main loop.',
  'You can adapt `{fn}` to {topic} by changing the filtering condition.',
  'Adding a few unit tests around `{fn}` will make later refactoring much safer.',
  'The {adj} part is keeping `{fn}` free of side effects, which makes it easy to test.',
  'For larger inputs, a streaming approach avoids holding everything in memory.',
  'Naming the parameter `{arg}` documents what the function expects.',
  '{conn} it is worth measuring before optimising `{fn}` any further.',
  'If {topic2} matters in your case, extend the loop with an extra check.',
  'The return value is a new collection, so the caller keeps its original `{arg}` untouched.',
] as const;

export const MATH_INTROS = [
  "Let's work through this step by step.",
  'We can solve this by breaking it into small steps.',
  'Here is the calculation, one step at a time.',
] as const;

export const MATH_FILLERS = [
  'Check the result by estimating: the magnitude looks right.',
  'Keep track of the order of operations, since it changes the result.',
  'Writing each intermediate value down avoids arithmetic slips.',
  'Reversing the last operation gives back the earlier value, which confirms the step.',
  'Units stay the same throughout, so no conversion is needed.',
] as const;

export const MATH_REASONING = [
  'Let me compute this carefully rather than guess.',
  'I should respect the order of operations here.',
  'Let me double-check the arithmetic by working backwards.',
  'That seems right; the size of the number is plausible.',
] as const;

/** Code skeletons per language. `{fn}` is the function name in the language's case convention. */
export const CODE_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  python: [
    'def {fn}({arg}):\n    """Return the usable items of {arg}, in order."""\n    if not {arg}:\n        return []\n    result = []\n    for item in {arg}:\n        if item is None:\n            continue\n        result.append(item)\n    return result\n\n\nif __name__ == "__main__":\n    print({fn}([3, None, 1, 2]))\n',
    'from collections import Counter\n\n\ndef {fn}({arg}):\n    """Count how often each value occurs in {arg}."""\n    counts = Counter({arg})\n    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))\n\n\nprint({fn}(["a", "b", "a"]))\n',
  ],
  typescript: [
    'export function {fn}({arg}: readonly number[]): number[] {\n  const result: number[] = [];\n  for (const item of {arg}) {\n    if (Number.isFinite(item)) result.push(item);\n  }\n  return result;\n}\n\nconsole.log({fn}([3, Number.NaN, 1, 2]));\n',
    'export function {fn}<T>({arg}: readonly T[]): Map<T, number> {\n  const counts = new Map<T, number>();\n  for (const item of {arg}) counts.set(item, (counts.get(item) ?? 0) + 1);\n  return counts;\n}\n',
  ],
  javascript: [
    'function {fn}({arg}) {\n  if (!Array.isArray({arg})) return [];\n  return {arg}.filter((item) => item !== null && item !== undefined);\n}\n\nconsole.log({fn}([3, null, 1, 2]));\n',
  ],
  go: [
    'func {fn}({arg} []int) []int {\n\tresult := make([]int, 0, len({arg}))\n\tfor _, item := range {arg} {\n\t\tif item >= 0 {\n\t\t\tresult = append(result, item)\n\t\t}\n\t}\n\treturn result\n}\n',
  ],
  rust: [
    'fn {fn}({arg}: &[i64]) -> Vec<i64> {\n    {arg}.iter().copied().filter(|item| *item >= 0).collect()\n}\n\nfn main() {\n    println!("{:?}", {fn}(&[3, -1, 2]));\n}\n',
  ],
  sql: [
    'SELECT {arg}.id, COUNT(*) AS total\nFROM {arg}\nWHERE {arg}.created_at >= CURRENT_DATE - INTERVAL \'30 days\'\nGROUP BY {arg}.id\nORDER BY total DESC\nLIMIT 10;\n',
  ],
  bash: [
    '#!/usr/bin/env bash\nset -euo pipefail\n\n{fn}() {\n  local {arg}="$1"\n  find "${{arg}}" -type f -name \'*.log\' -mtime +7 -print\n}\n\n{fn} "${1:-.}"\n',
  ],
};

/**
 * Production apps built on the API: one fixed system prompt (a support bot for a named company,
 * a SQL generator, a translator, ...) and user messages from a handful of templates with filled
 * slots. They are the benign look-alike of campaign templates: templated, repetitive, from one
 * account, but about the app's own business.
 */

import type { Corpus } from './corpus.js';
import { LANGUAGE_NAMES, LANGUAGES } from './i18n.js';
import { CLOSERS, EVERYDAY, OPENERS, SUPPORT_MESSAGES, type OtherLanguage } from './multilingual.js';
import { compile, fillOnce, intBetween, pickFrom, render, type CallState, type Compiled, type Filler } from './template.js';
import type { Capability, Language, Prompt, Rng, TemplateFamily } from './types.js';
import { COMPANIES, INGREDIENTS, PEOPLE, PRODUCTS, SQL_QUESTIONS, SQL_SCHEMAS, TONES, worldFillers } from './world.js';

interface AppSpec {
  name: string;
  capability: Capability;
  /** Builds the app's fixed system prompt and its user templates, from the app owner's choices. */
  build(rng: Rng, corpus: Corpus, fillers: Record<string, Filler>): { system: string; templates: string[] };
}

const COUNTRIES = ['Canada', 'Ireland', 'Norway', 'Japan', 'Brazil', 'South Africa', 'Switzerland', 'Australia', 'Mexico', 'India'];
const VERDICTS = [
  'is great', 'broke after a week', 'does the job', 'exceeded my expectations', 'is overpriced for what it is',
  'arrived damaged', 'is exactly as described', 'stopped charging after a month', 'is comfortable but runs small',
];
const DETAILS = [
  'Delivery was fast.', 'Customer service never answered my emails.', 'Would buy again.', 'The instructions were confusing.',
  'Battery life is shorter than advertised.', 'Great value for money.', 'The colour is different from the photos.', '',
];

const APPS: readonly AppSpec[] = [
  {
    name: 'support',
    capability: 'chat',
    build(rng, _corpus, fillers) {
      const c = rng.pick(COMPANIES);
      fillers.product = pickFrom(c.products);
      fillers.plan = pickFrom(c.plans);
      return {
        system: `You are the customer support assistant for ${c.name}, ${c.what}. Be friendly and concise. Only answer questions about ${c.name}'s products and services (${c.products.join(', ')}). If you cannot help, offer to open a support ticket. Never promise refunds.`,
        templates: [
          "My order #{order} still hasn't arrived, it's been {days} days.", 'How do I return the {product}?',
          'I was charged twice for my {plan} this month.', 'Can I change the delivery address for order #{order}?',
          'The {product} I bought stopped working after {days} days. What can I do?', 'Do you ship to {country}?',
          'How do I cancel my {plan}?', 'Is the {product} back in stock?',
          "I can't log in to my account, I've tried resetting my password {n} times.", "What's your refund policy for the {product}?",
          'hi, is there a discount on the {plan} for students?', 'Where is my refund for order #{order}? You said {days} days.',
        ],
      };
    },
  },
  {
    name: 'sql',
    capability: 'code',
    build(rng) {
      return {
        system: `You translate questions into SQL for a PostgreSQL database with this schema:\n${rng.pick(SQL_SCHEMAS)}\nReturn only the SQL query, no explanation.`,
        templates: SQL_QUESTIONS.slice(),
      };
    },
  },
  {
    name: 'translator',
    capability: 'translation',
    build(rng, corpus, fillers) {
      const target = rng.pick(LANGUAGES.filter((l) => l !== 'en'));
      const short = [...corpus.instruct.map(([, out]) => out), ...corpus.problems.chat].filter((t) => t.length > 20 && t.length < 400);
      fillers.text = pickFrom(short);
      return {
        system: `You are a translation engine. Translate the user's text into ${LANGUAGE_NAMES[target]}. Output only the translation.`,
        templates: ['{text}'],
      };
    },
  },
  {
    name: 'product-copy',
    capability: 'writing',
    build(rng, _corpus, fillers) {
      const store = rng.pick(COMPANIES).name;
      fillers.product = (r, s) => (PRODUCTS[(s.product = r.int(PRODUCTS.length))] as [string, string])[0];
      fillers.features = (_r, s) => (PRODUCTS[s.product ?? 0] as [string, string])[1];
      return {
        system: `You write product descriptions for ${store}'s online shop. Use a ${rng.pick(TONES)} tone, 80 to 120 words, no exaggerated claims, and end with one line of key specs.`,
        templates: [
          'SKU {order}\nProduct: {colour} {product}\nKey features: {features}', 'Product: {colour} {product} (SKU {order})\nFeatures: {features}\nAudience: {audience}',
          'Write the description for our {colour} {product}, item {order}. Features: {features}.',
        ],
      };
    },
  },
  {
    name: 'email-drafter',
    capability: 'writing',
    build(rng, corpus, fillers) {
      const owner = rng.pick(PEOPLE);
      fillers.email = (r) => (corpus.docs.email[r.int(corpus.docs.email.length)] as [string, string])[0];
      return {
        system: `You are an email assistant for ${owner}. Draft replies that are polite and brief, and sign them "${owner.split(' ')[0] ?? owner}".`,
        templates: [
          'Draft a reply to this email:\n\n{email}', "Reply saying I can't make it before {weekday}:\n\n{email}",
          'Reply and ask for more details:\n\n{email}', 'Summarise this and draft a short answer:\n\n{email}',
          'Reply and propose a call on {weekday} at {hour}:00.\n\n{email}', 'Draft a reply and mention that {person} will follow up:\n\n{email}',
        ],
      };
    },
  },
  {
    name: 'code-review',
    capability: 'code',
    build(rng, corpus, fillers) {
      const team = rng.pick(COMPANIES).name;
      fillers.code = (r) => (corpus.mbpp[r.int(corpus.mbpp.length)] as [string, string, string])[2];
      return {
        system: `You are the code review bot of ${team}'s engineering team. Point out bugs, security issues and style problems, most important first. Be concise.`,
        templates: ['Review this:\n```python\n{code}\n```', 'PR #{order}: please review\n```python\n{code}\n```'],
      };
    },
  },
  {
    name: 'review-classifier',
    capability: 'data_analysis',
    build() {
      return {
        system: 'Classify the customer review as positive, negative or mixed, and list the product aspects it mentions. Answer in JSON: {"sentiment": ..., "aspects": [...]}.',
        templates: ['Review: The {product} {verdict}. {detail}', 'Review: {detail} The {product} {verdict}.'],
      };
    },
  },
  {
    name: 'recipes',
    capability: 'chat',
    build(rng) {
      return {
        system: `You are the cooking assistant in the ${rng.pick(['Pantry Pal', 'QuickCook', 'Supper Club', 'Mise'])} app. Suggest simple recipes with the ingredients the user has; list steps briefly.`,
        templates: ['I have {ingredient}, {ingredient2} and {ingredient3}. What can I make in {minutes} minutes?', 'Dinner idea with {ingredient} and {ingredient2}? Vegetarian please.', 'What can I cook with {ingredient}?'],
      };
    },
  },
];

/** The languages the apps serve besides English: support messages and texts to translate. */
const LOCALISED_APPS = ['support', 'translator'];

/** Creates a production app's family (see PromptLibrary.appFamily). */
export function createAppFamily(corpus: Corpus, rng: Rng, language: Language | undefined): TemplateFamily {
  const lang = language ?? 'en';
  const candidates = lang === 'en' ? APPS : APPS.filter((a) => LOCALISED_APPS.includes(a.name));
  const app = rng.pick(candidates);
  // Three distinct ingredients: offsets 0, 1-7 and 8-14 of a list of 16.
  const n = INGREDIENTS.length;
  const fillers: Record<string, Filler> = {
    ...worldFillers(),
    ingredient: (r, s) => INGREDIENTS[(s.ingredient = r.int(n))] as string,
    ingredient2: (r, s) => INGREDIENTS[((s.ingredient ?? 0) + 1 + r.int(7)) % n] as string,
    ingredient3: (r, s) => INGREDIENTS[((s.ingredient ?? 0) + 8 + r.int(7)) % n] as string,
    days: intBetween(5, 10), country: pickFrom(COUNTRIES), verdict: pickFrom(VERDICTS), detail: pickFrom(DETAILS),
    audience: pickFrom(['parents', 'students', 'outdoor enthusiasts', 'home cooks', 'remote workers']),
    minutes: intBetween(15, 45, 5), hour: intBetween(9, 17),
    colour: pickFrom(['black', 'white', 'sage green', 'midnight blue', 'sand', 'charcoal', 'terracotta', 'natural', 'red', 'grey']), product: pickFrom(PRODUCTS.map(([p]) => p)),
  };
  const built = app.build(rng, corpus, fillers);
  let system = built.system;
  let templates: string[] = built.templates;
  if (lang !== 'en') {
    const other = lang as OtherLanguage;
    if (app.name === 'support') {
      templates = SUPPORT_MESSAGES[other].slice();
    } else {
      // A translator whose users write in `lang` and read English.
      system = fillOnce('You are a translation engine. Translate the user\'s text into {target}. Output only the translation.', { target: 'English' });
      const openers = OPENERS[other];
      const closers = CLOSERS[other];
      const texts = EVERYDAY[other];
      const messages = SUPPORT_MESSAGES[other].map((m) => compile(m, fillers));
      fillers.text = (r, st) => (r.chance(0.25)
        ? render(messages[r.int(messages.length)] as Compiled, r, st)
        : (openers[r.int(openers.length)] as string) + (texts[r.int(texts.length)] as string) + (closers[r.int(closers.length)] as string));
      templates = ['{text}'];
    }
  }
  // An app ships a handful of message shapes; not every app uses every one.
  const compiled: Compiled[] = templates.map((t) => compile(t, fillers));
  const capability = app.capability;
  const state: CallState = { capability, language: lang };
  const id = `app:${app.name}#${(rng.int(0x10000000) + 0x10000000).toString(16).slice(1)}`;
  return {
    id,
    instantiate(r: Rng): Prompt {
      const t = compiled.length === 1 ? (compiled[0] as Compiled) : (compiled[r.int(compiled.length)] as Compiled);
      return { system, user: render(t, r, state), capability, language: lang, tools: undefined, wantsReasoning: false };
    },
  };
}

/**
 * The lab's offline responder: answers a caller's question from the business facts by simple retrieval —
 * no model. It scores the question's words against each fact, answers with the best one or two, says it does
 * not know when nothing fits (never inventing hours or prices), reads earlier turns to resolve follow-ups
 * ("and on Sunday?", "how much is that?"), keeps within maxTokens, and says goodbye to a goodbye. Pure.
 */
import type { FactSheet } from './facts';
import { intentsOf, sectionIsAbout, showsIntent, topicWords, words, type Intent } from './words';

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ResponderInput {
  facts: FactSheet;
  /** The conversation so far; the last user turn is the question. */
  messages: Turn[];
  maxTokens?: number;
  /** The language to answer in, as the system prompt asks ("en", "es"); default English. */
  language?: string;
}

export interface ResponderOutput {
  text: string;
  stopReason: 'end_turn' | 'max_tokens';
  inputTokens: number;
  outputTokens: number;
  /** How the answer was reached (for the lab's log and tests). */
  kind: 'answer' | 'unknown' | 'farewell' | 'thanks' | 'greeting' | 'unheard';
  /** The facts the answer used. */
  used: string[];
}

export type Responder = (input: ResponderInput) => ResponderOutput | Promise<ResponderOutput>;

/** Rough tokens of English text (about four characters each, as model tokenisers average). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function respond(input: ResponderInput): ResponderOutput {
  const users = input.messages.filter((m) => m.role === 'user').map((m) => m.text);
  const question = users.at(-1) ?? '';
  const say = input.language === 'es' ? SPANISH : ENGLISH;
  const reply = answer(question, users.slice(0, -1).reverse(), input.facts, say);
  const fitted = fitTokens(reply.text, input.maxTokens);
  return {
    ...reply,
    text: fitted.text,
    stopReason: fitted.truncated ? 'max_tokens' : 'end_turn',
    inputTokens:
      estimateTokens(input.messages.map((m) => m.text).join('\n')) +
      estimateTokens(input.facts.facts.map((f) => f.text).join('\n')),
    outputTokens: estimateTokens(fitted.text),
  };
}

type Reply = Pick<ResponderOutput, 'text' | 'kind' | 'used'>;

/** What the responder says in its own words, per language. */
interface Phrases {
  unheard: string;
  goodbye: (business?: string) => string;
  welcome: string;
  hello: string;
  unknown: Record<Intent | 'other', string>;
  offer: (topics: string) => string;
  and: string;
}

const ENGLISH: Phrases = {
  unheard: "Sorry, I didn't catch that. Could you say it again?",
  goodbye: (b) => (b ? `Thanks for calling ${b}. Goodbye!` : 'Thanks for calling. Goodbye!'),
  welcome: "You're welcome. Is there anything else I can help with?",
  hello: 'Hello! What would you like to know?',
  unknown: {
    price: "I'm sorry, I don't have a price for that.",
    hours: "I'm sorry, I don't know our hours for that.",
    location: "I'm sorry, I don't know that.",
    contact: "I'm sorry, I don't know that.",
    other: "I'm sorry, I don't know that.",
  },
  offer: (topics) => ` I can tell you about our ${topics}.`,
  and: 'and',
};

const SPANISH: Phrases = {
  unheard: 'Perdone, no le he entendido. ¿Puede repetirlo?',
  goodbye: (b) => (b ? `Gracias por llamar a ${b}. ¡Adiós!` : 'Gracias por llamar. ¡Adiós!'),
  welcome: 'De nada. ¿Puedo ayudarle con algo más?',
  hello: '¡Hola! ¿Qué le gustaría saber?',
  unknown: {
    price: 'Lo siento, no tengo un precio para eso.',
    hours: 'Lo siento, no sé nuestro horario para eso.',
    location: 'Lo siento, no lo sé.',
    contact: 'Lo siento, no lo sé.',
    other: 'Lo siento, no lo sé.',
  },
  offer: (topics) => ` Puedo informarle sobre: ${topics}.`,
  and: 'y',
};

function answer(question: string, earlier: string[], sheet: FactSheet, say: Phrases): Reply {
  const spoken = question.trim();
  if (!/[\p{L}\p{N}]/u.test(spoken)) return { kind: 'unheard', used: [], text: say.unheard };
  if (isGoodbye(spoken)) return { kind: 'farewell', used: [], text: say.goodbye(sheet.title) };
  if (isThanks(spoken)) return { kind: 'thanks', used: [], text: say.welcome };
  if (
    /^\s*(hi|hello|hey|good (morning|afternoon|evening)|hola|buen(os|as) (d[ií]as|tardes|noches))( there)?[.!,\s]*$/i.test(
      spoken,
    )
  ) {
    return { kind: 'greeting', used: [], text: say.hello };
  }

  let intents = intentsOf(spoken);
  let topics = topicWords(spoken).map((word) => ({ word, weight: 1 }));
  // A follow-up leans on the previous question: "and on Sunday?" keeps its kind of answer; "how much is
  // that?" keeps its subject, at half weight.
  const previous = earlier[0];
  if (previous && /^\s*(and|or|also|what about|how about|then)\b/i.test(spoken) && intents.length === 0)
    intents = intentsOf(previous);
  if (previous && isFollowUp(spoken, topics.length)) {
    const known = new Set(topics.map((t) => t.word));
    topics = [
      ...topics,
      ...topicWords(previous)
        .filter((w) => !known.has(w))
        .map((word) => ({ word, weight: 0.5 })),
    ];
  }

  const facts = sheet.facts;
  const docs = facts.map((f) => new Set([...words(f.text), ...words(f.section)]));
  const df = (w: string) => docs.filter((d) => d.has(w)).length;
  const idf = (w: string) => Math.log(1 + facts.length / Math.max(1, df(w)));
  // Words in almost every fact (the business's own name, "bike" in a bike shop) say nothing.
  const telling = topics.filter((t) => df(t.word) <= facts.length * 0.4);
  // Ties go to a fact under a heading about what was asked ("What are your prices?" → "Repairs and prices").
  const headed = (i: number) =>
    intents.some((intent) => sectionIsAbout(intent, facts[i]!.section)) ? 0.01 : 0;
  const score = (i: number) =>
    telling.reduce((sum, t) => sum + (docs[i]!.has(t.word) ? t.weight * idf(t.word) : 0), 0) + headed(i);

  const asked = telling.filter((t) => t.weight === 1);
  // A price is only ever quoted for exactly what was asked: every word of the question (or, for "how much
  // are they?", of the question before) must be in the fact.
  const priced = asked.length > 0 ? asked : telling;
  const coversPrice = (i: number) => !intents.includes('price') || priced.every((t) => docs[i]!.has(t.word));
  const candidates = facts
    .map((fact, i) => ({ fact, score: score(i), i }))
    .filter(({ fact, i }) => intents.every((intent) => showsIntent(intent, fact)) && coversPrice(i));
  if (intents.includes('price') && candidates.length === 0) return unknown(intents, sheet, say);
  const best = Math.max(0, ...candidates.map((c) => c.score));
  if (best < 0.1 && (intents.length === 0 || asked.length > 0)) return unknown(intents, sheet, say);
  if (intents.length === 0) {
    const wanted = asked.reduce((sum, t) => sum + idf(t.word), 0);
    const matched = asked
      .filter((t) => docs.some((d) => d.has(t.word)))
      .reduce((sum, t) => sum + idf(t.word), 0);
    if (wanted > 0 && matched / wanted < 0.5) return unknown(intents, sheet, say);
  }
  const chosen = candidates
    .filter((c) => c.score >= best * 0.8)
    .sort((a, b) => b.score - a.score)
    .slice(0, 2)
    .map((c) => c.fact);
  if (chosen.length === 0) return unknown(intents, sheet, say);
  return { kind: 'answer', used: chosen.map((f) => f.text), text: chosen.map((f) => f.text).join(' ') };
}

function unknown(intents: Intent[], sheet: FactSheet, say: Phrases): Reply {
  const opening = say.unknown[intents[0] ?? 'other'];
  const topics = sheet.sections.slice(0, 4).map((s) => s.toLowerCase());
  const offer = topics.length > 0 ? say.offer(list(topics, say.and)) : '';
  return { kind: 'unknown', used: [], text: `${opening}${offer}` };
}

function list(items: string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;
}

function isFollowUp(question: string, topicCount: number): boolean {
  return /\b(it|that|this|those|them|they|one)\b/i.test(question) || topicCount <= 1;
}

const FAREWELL_WORDS = new Set(
  'no nope nah nothing else that thats all it is everything bye goodbye byebye thanks thank you i im am done good fine ok okay cheers see ya later for now have a nice great day ill be thatll will'.split(
    ' ',
  ),
);
const FAREWELL_MARKERS = /\b(no|nope|nah|nothing|bye|goodbye|done|all|everything|cheers|later)\b/;
const SPANISH_GOODBYE =
  /^\s*(no[,.]?\s*)?((muchas\s+)?gracias[,.]?\s*)?(adi[oó]s|hasta luego|eso es todo|es todo|nada m[aá]s|no,? gracias)([,.!\s]+(gracias|adi[oó]s))*[.!\s]*$/i;

/** "No thanks", "that's all", "goodbye", "I'm done" — the whole utterance, not a question that contains "no". */
export function isGoodbye(utterance: string): boolean {
  if (SPANISH_GOODBYE.test(utterance)) return true;
  const plain = utterance
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z ]+/g, ' ')
    .trim();
  const ws = plain.split(/\s+/).filter(Boolean);
  return (
    ws.length > 0 && ws.length <= 8 && ws.every((w) => FAREWELL_WORDS.has(w)) && FAREWELL_MARKERS.test(plain)
  );
}

function isThanks(utterance: string): boolean {
  return /^\s*(ok(ay)?,?\s*|vale,?\s*)?(thanks?( you)?( so much| very much)?|cheers|great|perfect|lovely|(muchas )?gracias|perfecto|genial)[.!\s]*$/i.test(
    utterance,
  );
}

/** Keeps whole sentences within `maxTokens`; cuts at a word boundary only if even the first sentence is too long. */
export function fitTokens(text: string, maxTokens?: number): { text: string; truncated: boolean } {
  if (maxTokens === undefined || estimateTokens(text) <= maxTokens) return { text, truncated: false };
  const sentences = text.match(/[^.!?]+[.!?]+(\s+|$)|[^.!?]+$/g) ?? [text];
  let kept = '';
  for (const sentence of sentences) {
    if (estimateTokens(kept + sentence) > maxTokens) break;
    kept += sentence;
  }
  if (kept.trim()) return { text: kept.trim(), truncated: true };
  const cut = text.slice(0, Math.max(0, maxTokens * 4)).replace(/\s+\S*$/, '');
  return { text: cut.trim(), truncated: true };
}

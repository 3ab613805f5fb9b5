/**
 * What the caller wants, as the workflow decides it ("What does the caller want?" in
 * workflows/voice-assistant.asl.json): its JSONata expression evaluated as Step Functions evaluates it, with
 * each language's words from Init. A question is never a goodbye; a goodbye is only closing words with a clear
 * closing; closing words without one are unclear (the caller is asked "anything else?" rather than hung up on);
 * asking for a person hands the call on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lab';
import { evaluateTemplate } from '../../lab/engine/query/jsonata';

type States = Record<string, { Assign?: Record<string, string>; Branches?: { States: States }[] }>;
const flow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows/voice-assistant.asl.json'), 'utf8')) as {
  States: States & { Init: { Assign: { Languages: Record<string, unknown> } } };
};
const expression = flow.States.Think!.Branches![1]!.States['What does the caller want?']!.Assign!.Intent!;
const intent = (language: string, question: string) =>
  evaluateTemplate(expression, 'test', {
    Question: question,
    Say: flow.States.Init.Assign.Languages[language],
  });

type Case = [string, 'goodbye' | 'unclear' | 'question' | 'person' | 'nothing'];

const ENGLISH: Case[] = [
  // the questions of the issue, and their kin: never a goodbye, with or without a question mark
  ['Is it done?', 'question'],
  ['Is that all?', 'question'],
  ['Is that everything?', 'question'],
  ['Is it all done?', 'question'],
  ['is it all done', 'question'],
  ['Is that it?', 'question'],
  ['Are you done?', 'question'],
  ['Are we done', 'question'],
  ['Will that be all for the repair?', 'question'],
  ['Done?', 'question'],
  ['All done?', 'question'],
  ["That's all?", 'question'],
  ['Have a nice day?', 'question'],
  ['Is there no parking?', 'question'],
  ['What time do you close?', 'question'],
  ['Do you work on Sundays', 'question'],
  ['How much is that all together', 'question'],
  ["What's the price of everything", 'question'],
  ['Can it be done today', 'question'],
  ["That's all I wanted to know about drains, how much is it?", 'question'],
  ['No, I want to know about your prices', 'question'],
  ['Nothing is coming out of my tap', 'question'],
  ['Everything is flooded', 'question'],
  ['My sink is blocked', 'question'],
  ['Do you have a plumber who speaks Spanish?', 'question'],
  // goodbyes
  ['No.', 'goodbye'],
  ['No, thanks.', 'goodbye'],
  ['No thank you', 'goodbye'],
  ["No, that's all, thanks.", 'goodbye'],
  ['Goodbye!', 'goodbye'],
  ['Bye bye', 'goodbye'],
  ["That's everything, thank you. Bye.", 'goodbye'],
  ["Nope, I'm done.", 'goodbye'],
  ["That's it, thanks.", 'goodbye'],
  ["That'll be all.", 'goodbye'],
  ["Nothing else, thanks, I'm good.", 'goodbye'],
  ["I'm all set, thank you.", 'goodbye'],
  ['Okay, thanks, bye.', 'goodbye'],
  ['Great, thank you very much, have a nice day.', 'goodbye'],
  ['Nah, cheers.', 'goodbye'],
  ['That’s all for now, thanks', 'goodbye'],
  // unclear: no question, no clear closing → "Is there anything else?"
  ['Okay.', 'unclear'],
  ['Thanks.', 'unclear'],
  ['Thank you so much.', 'unclear'],
  ['Great, perfect.', 'unclear'],
  ['Alright then.', 'unclear'],
  ['It is done.', 'unclear'],
  ['Hmm.', 'unclear'],
  ['Yes', 'unclear'],
  // a person
  ['Can I talk to a person?', 'person'],
  ['I want to speak to someone.', 'person'],
  ['Put me through to the owner, please.', 'person'],
  ['Connect me to a human', 'person'],
  ['Operator.', 'person'],
  ['Representative, please', 'person'],
  ['A real person', 'person'],
  ['Could I speak with somebody about a quote?', 'person'],
  // a booking is for a person: the assistant only answers questions
  ['I need a plumber tomorrow', 'person'],
  ['Please', 'unclear'],
  // nothing
  ['', 'nothing'],
  ['…', 'nothing'],
];

const SPANISH: Case[] = [
  ['¿Eso es todo?', 'question'],
  ['¿Ya está?', 'question'],
  ['¿Ya terminaron?', 'question'],
  ['¿Es todo lo que cuesta?', 'question'],
  ['¿Nada más?', 'question'],
  ['Cuánto cuesta la limpieza', 'question'],
  ['Qué horario tienen el sábado', 'question'],
  ['Dónde están', 'question'],
  ['No, quiero saber los precios', 'question'],
  ['Tengo una fuga en la cocina', 'question'],
  ['No, gracias.', 'goodbye'],
  ['No.', 'goodbye'],
  ['Adiós.', 'goodbye'],
  ['Eso es todo, gracias.', 'goodbye'],
  ['Nada más, muchas gracias. Hasta luego.', 'goodbye'],
  ['Vale, gracias, adiós.', 'goodbye'],
  ['Es todo.', 'goodbye'],
  ['Gracias.', 'unclear'],
  ['Vale.', 'unclear'],
  ['Muy bien, perfecto.', 'unclear'],
  ['Quiero hablar con una persona.', 'person'],
  ['¿Puedo hablar con alguien?', 'person'],
  ['Páseme con el dueño, por favor.', 'person'],
  ['Operador.', 'person'],
  ['Una persona, por favor.', 'person'],
];

describe('a question is never a goodbye (English)', () => {
  it.each(ENGLISH)('%j → %s', async (question, expected) => {
    expect(await intent('en-US', question)).toBe(expected);
  });
});

describe('a question is never a goodbye (Spanish)', () => {
  it.each(SPANISH)('%j → %s', async (question, expected) => {
    expect(await intent('es-US', question)).toBe(expected);
  });
});

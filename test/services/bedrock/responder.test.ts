import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isGoodbye, parseFacts, respond, type Turn } from '../../../lab/services/bedrock';

const facts = parseFacts(readFileSync(new URL('./fixtures/business-facts.md', import.meta.url), 'utf8'));

/** Asks each question in turn, keeping the conversation, and returns the answers. */
function converse(...questions: string[]): string[] {
  const messages: Turn[] = [];
  return questions.map((text) => {
    messages.push({ role: 'user', text });
    const answer = respond({ facts, messages }).text;
    messages.push({ role: 'assistant', text: answer });
    return answer;
  });
}
const ask = (question: string) => converse(question)[0]!;

describe('the business facts', () => {
  it('are read as one fact per bullet or paragraph, under their headings, with the business name as title', () => {
    expect(facts.title).toBe('Harbor Lane Bikes');
    expect(facts.sections).toEqual([
      'Opening hours',
      'Location',
      'Repairs and prices',
      'Rentals',
      'Bikes for sale',
      'Contact',
    ]);
    expect(facts.facts).toContainEqual({
      section: 'Rentals',
      text: 'Every rental includes a helmet and a lock; you need a photo ID to rent.',
    });
    expect(facts.facts.some((f) => f.text.includes('Fictional') || f.text.includes('<!--'))).toBe(false);
  });

  it('drop Markdown marks so the answer can be spoken', () => {
    const sheet = parseFacts('# Shop\n\n## Hours\n- **Open** daily, see [our site](https://x.example).\n');
    expect(sheet.facts).toEqual([{ section: 'Hours', text: 'Open daily, see our site.' }]);
  });
});

describe('the offline responder', () => {
  it.each([
    ['What time do you open on Saturday?', /Saturday from 10 am to 4 pm/],
    ['Where are you located?', /214 Harbor Lane/],
    ['How much is a basic tune-up?', /^A basic tune-up costs 45 dollars/],
    ['How much does it cost to fix a puncture?', /flat tire costs 15 dollars/],
    ['Do I need an appointment?', /don't need an appointment/],
    ['Can I rent an e-bike?', /electric bikes for 40 dollars a day/],
    ['How can I speak to a person?', /call back during opening hours/],
    ['Are you open on Monday?', /closed on Sundays, Mondays/],
  ])('answers %j from the facts', (question, expected) => {
    expect(ask(question)).toMatch(expected);
  });

  it.each([
    'How much is a new bike?',
    'How much does a carbon wheel cost?',
    'What do you charge for a paint job?',
  ])('the offline responder says it does not know prices that are not in the facts: %j', (question) => {
    const answer = ask(question);
    expect(answer).toMatch(/^I'm sorry, I don't have a price for that\./);
    expect(answer).not.toMatch(/\d+ dollars/);
  });

  it('says it does not know what the facts do not cover, and offers what it can help with', () => {
    expect(ask('What is the capital of France?')).toBe(
      "I'm sorry, I don't know that. I can tell you about our opening hours, location, repairs and prices and rentals.",
    );
  });

  it('does not invent hours the facts do not give', () => {
    expect(ask('Are you open late in the winter?')).toMatch(/^I'm sorry, I don't know/);
  });

  it('resolves "and on Sunday?" after a question about Saturday', () => {
    expect(converse('What time do you open on Saturday?', 'And on Sunday?')[1]).toBe(
      "We're closed on Sundays, Mondays and public holidays.",
    );
  });

  it('answers "how much is that per day?" about the thing asked before', () => {
    const [, withContext] = converse('Do you rent e-bikes?', 'How much is that per day?');
    expect(withContext).toMatch(/electric bikes for 40 dollars a day/);
    expect(ask('How much is that per day?')).not.toMatch(/electric bikes/);
  });

  it('does not borrow a price from something else for "how much are they?" after asking about new bikes', () => {
    expect(converse('Do you sell new bikes?', 'How much are they?')[1]).toMatch(
      /^I'm sorry, I don't have a price for that\./,
    );
  });

  it('reads a transcript without punctuation or hyphens ("how much is a tune up")', () => {
    expect(ask('how much is a tune up')).toMatch(/^A basic tune-up costs 45 dollars/);
  });

  it('greets a greeting', () => {
    expect(ask('Hello!')).toBe('Hello! What would you like to know?');
  });

  it('keeps asking about prices in a follow-up ("and a full service?")', () => {
    expect(converse('How much is a basic tune-up?', 'And a full service?')[1]).toBe(
      'A full service costs 120 dollars and takes two to three days.',
    );
  });

  it.each(['No thanks.', "That's all, thank you", 'Goodbye!', 'no', "Nope, I'm done", 'bye bye'])(
    'says a short goodbye to %j',
    (utterance) => {
      expect(respond({ facts, messages: [{ role: 'user', text: utterance }] })).toMatchObject({
        kind: 'farewell',
        text: 'Thanks for calling Harbor Lane Bikes. Goodbye!',
      });
    },
  );

  it.each(['No, how much is a tune-up?', 'Is that all you rent?', 'Do you have nothing cheaper?'])(
    'does not take %j for a goodbye',
    (utterance) => {
      expect(isGoodbye(utterance)).toBe(false);
    },
  );

  it('asks again when it heard nothing', () => {
    expect(respond({ facts, messages: [{ role: 'user', text: '  ' }] })).toMatchObject({
      kind: 'unheard',
      text: "Sorry, I didn't catch that. Could you say it again?",
    });
  });

  it('keeps within maxTokens by ending at a sentence, and says it stopped for length', () => {
    const full = respond({ facts, messages: [{ role: 'user', text: 'What are your opening hours?' }] });
    expect(full).toMatchObject({ stopReason: 'end_turn' });
    expect(full.text.split('. ').length).toBeGreaterThan(1);
    const short = respond({
      facts,
      messages: [{ role: 'user', text: 'What are your opening hours?' }],
      maxTokens: 25,
    });
    expect(short.stopReason).toBe('max_tokens');
    expect(short.text).toBe(
      "We're open Tuesday to Friday from 9 am to 6 pm, and on Saturday from 10 am to 4 pm.",
    );
    expect(short.outputTokens).toBeLessThanOrEqual(25);
  });

  it('with facts for another business, it answers from those facts', () => {
    const bakery = parseFacts(
      '# Rosa Bakery\n\n## Hours\n- We bake from 6 am and close at 2 pm every day.\n\n## Prices\n- A sourdough loaf is 7 dollars.\n',
    );
    expect(
      respond({ facts: bakery, messages: [{ role: 'user', text: 'How much is a sourdough loaf?' }] }).text,
    ).toBe('A sourdough loaf is 7 dollars.');
    expect(respond({ facts: bakery, messages: [{ role: 'user', text: 'bye' }] }).text).toBe(
      'Thanks for calling Rosa Bakery. Goodbye!',
    );
  });
});

/**
 * What the caller hears after each question, read from the workflow itself: its JSONata expressions
 * (workflows/voice-assistant.asl.json) evaluated as Step Functions evaluates them, with the Init settings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../lab';
import { evaluateTemplate } from '../../lab/engine/query/jsonata';

type State = {
  Assign?: Record<string, unknown>;
  Arguments?: { MessageBody: { Actions: unknown } };
  Choices?: { Condition: string; Next: string }[];
};
const flow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows/voice-assistant.asl.json'), 'utf8')) as {
  States: Record<string, State & { Branches?: { States: Record<string, State> }[] }>;
};
const settings = Object.fromEntries(
  Object.entries(flow.States.Init!.Assign!).filter(([, v]) => typeof v !== 'string' || !v.startsWith('{%')),
);
/** The English prompts: the Init's Languages entry that the flow's Language picks. */
const say = (settings.Languages as Record<string, Record<string, string>>)['en-US']!;

const evaluate = (template: unknown, variables: Record<string, unknown>) =>
  evaluateTemplate(template, 'test', {
    ...settings,
    Say: say,
    CallId: 'call-a',
    TransactionId: 't-1',
    states: {
      context: {
        State: { EnteredTime: '2026-11-24T10:01:00Z' },
        Execution: { StartTime: '2026-11-24T10:00:00Z' },
        Task: { Token: 'token' },
      },
    },
    ...variables,
  });

const replyText = (outcome: Record<string, unknown>) =>
  evaluate(flow.States.Reply!.Assign!.ReplyText, { Outcome: outcome });
const spokenParts = async (text: string) =>
  (await evaluate(flow.States['Split the reply']!.Assign!.SpokenParts, { ReplyText: text })) as string[];

describe('the answer as spoken', () => {
  it.each([
    [
      'bold, a heading and a list',
      '## Hours\n**We are open:**\n- Tuesday to Friday, 9 am to 6 pm\n- Saturday, 10 am to 4 pm',
      'Hours. We are open: Tuesday to Friday, 9 am to 6 pm. Saturday, 10 am to 4 pm',
    ],
    [
      'a link and an emoji',
      'See [our page](https://example.com/hours) for details 🚲.',
      'See our page for details.',
    ],
    [
      'a table',
      '| Service | Price |\n|---|---|\n| Tune-up | 45 dollars |',
      'Service, Price. Tune-up, 45 dollars',
    ],
    ['plain text', 'A basic tune-up costs 45 dollars.', 'A basic tune-up costs 45 dollars.'],
  ])('%s is read without Markdown symbols', async (_, answer, spoken) => {
    expect(await replyText({ Outcome: 'answered', Question: 'q', Answer: answer })).toBe(spoken);
  });

  it('an answer cut off at the token limit ends at its last whole sentence', async () => {
    const answer = 'A full service costs 120 dollars. It includes new brake pads, new cab';
    expect(
      await replyText({ Outcome: 'answered', Question: 'q', Answer: answer, StopReason: 'max_tokens' }),
    ).toBe('A full service costs 120 dollars.');
    expect(
      await replyText({
        Outcome: 'answered',
        Question: 'q',
        Answer: 'no sentence end at all',
        StopReason: 'max_tokens',
      }),
    ).toBe('no sentence end at all');
  });

  it.each([
    [{ Outcome: 'answered', Question: 'q', Answer: '**  **' }, say.ApologyPrompt],
    [{ Outcome: 'failed', Error: 'BedrockRuntime.ModelErrorException' }, say.ApologyPrompt],
    [{ Outcome: 'unheard' }, say.NotHeardPrompt],
    [{ Outcome: 'goodbye', Question: 'bye' }, say.GoodbyePrompt],
    // "anything else?" follows every reply: an unclear answer only gets that question again
    [{ Outcome: 'unclear', Question: 'okay thanks' }, ''],
  ])('%j → %s', async (outcome, text) => {
    expect(await replyText(outcome)).toBe(text);
  });
});

describe('an answer whose first sentence was spoken early', () => {
  const streamed = {
    Outcome: 'answered',
    Question: 'q',
    Answer: 'Drain cleaning costs 150 dollars. It takes **an hour**.',
    Said: 'Drain cleaning costs 150 dollars.',
    Rest: 'It takes **an hour**.',
    Failed: false,
  };
  const reply = (outcome: Record<string, unknown>, FirstSaid: boolean) =>
    evaluate(flow.States.Reply!.Assign!.ReplyText, { Outcome: outcome, FirstSaid });
  it('says only the rest once the first sentence was heard', async () => {
    expect(await reply(streamed, true)).toBe('It takes an hour.');
  });
  it('says the whole answer when the hold music had already ended and nobody spoke the first sentence', async () => {
    expect(await reply(streamed, false)).toBe('Drain cleaning costs 150 dollars. It takes an hour.');
  });
  it('says nothing more when the first sentence was all', async () => {
    expect(await reply({ ...streamed, Rest: '' }, true)).toBe('');
  });
  it('apologises for the rest when the model failed after the first sentence, never repeating it', async () => {
    expect(await reply({ ...streamed, Failed: true }, true)).toBe(say.ApologyPrompt);
  });
});

describe('Speak takes at most 1,000 characters', () => {
  const sentence = (i: number) => `This is sentence number ${i} of a long answer that goes on.`;

  it('a long answer is split between sentences, and nothing is lost', async () => {
    const text = Array.from({ length: 45 }, (_, i) => sentence(i)).join(' ');
    const parts = await spokenParts(text);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000);
    for (const part of parts) expect(part).toMatch(/^This .*goes on\.$/);
    expect(parts.join(' ')).toBe(text);
  });

  it('a sentence longer than 1,000 characters is cut', async () => {
    const text = 'word '.repeat(500).trim();
    const parts = await spokenParts(text);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(1000);
    expect(parts.join(' ')).toBe(text);
  });

  it('an answer too long for one message keeps the first 7 parts, so the reply stays within 10 actions', async () => {
    const parts = await spokenParts(Array.from({ length: 400 }, (_, i) => sentence(i)).join(' '));
    expect(parts).toHaveLength(7);
    const actions = (await evaluate(flow.States['Answer and listen']!.Arguments!.MessageBody.Actions, {
      SpokenParts: parts,
      QueueUrl: 'q',
    })) as { Type: string; Parameters: { Text?: string } }[];
    expect(actions).toHaveLength(10);
    expect(actions.map((a) => a.Type).slice(-3)).toEqual(['Speak', 'PlayAudio', 'RecordAudio']);
    for (const a of actions)
      if (a.Type === 'Speak') expect(a.Parameters.Text!.length).toBeLessThanOrEqual(1000);
  });
});

describe('the limits of a call', () => {
  const ending = (variables: Record<string, unknown>) =>
    evaluate(flow.States.Reply!.Assign!.Ending, {
      Outcome: { Outcome: 'answered' },
      TurnCount: 0,
      ...variables,
    });
  it('the last turn allowed ends the call', async () => {
    expect(await ending({ TurnCount: (settings.MaxTurns as number) - 1 })).toBe('limit');
    expect(await ending({ TurnCount: (settings.MaxTurns as number) - 2 })).toBe('continue');
  });
  it('so does the minute limit', async () => {
    const states = {
      context: {
        State: { EnteredTime: '2026-11-24T10:10:00Z' },
        Execution: { StartTime: '2026-11-24T10:00:00Z' },
      },
    };
    expect(await ending({ states, MaxMinutes: 10 })).toBe('limit');
    expect(await ending({ states, MaxMinutes: 11 })).toBe('continue');
  });
  it('a goodbye is a goodbye, whatever the count', async () => {
    expect(await ending({ Outcome: { Outcome: 'goodbye' } })).toBe('goodbye');
  });
});

/**
 * functions/answer: the model's answer streamed, its first sentence sent to the call as soon as it is
 * complete, and what the workflow gets back when the stream, the call or the update fails.
 */
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { completeFirstSentence, createAnswer, spoken, type AnswerRequest } from '../../functions/answer';

const request: AnswerRequest = {
  TransactionId: 't-1',
  System: 'Be brief.',
  Messages: [{ Role: 'user', Content: [{ Text: 'How much is drain cleaning?' }] }],
  MaxTokens: 150,
};

function deltas(pieces: string[], failAfter?: number): AsyncIterable<ConverseStreamOutput> {
  return (async function* () {
    yield { messageStart: { role: 'assistant' } } as ConverseStreamOutput;
    for (const [i, text] of pieces.entries()) {
      if (failAfter !== undefined && i === failAfter)
        throw Object.assign(new Error('stream broke'), { name: 'ModelStreamErrorException' });
      yield { contentBlockDelta: { contentBlockIndex: 0, delta: { text } } } as ConverseStreamOutput;
    }
    yield { messageStop: { stopReason: 'end_turn' } } as ConverseStreamOutput;
  })();
}

function answerWith(pieces: string[], options: { failAfter?: number; update?: () => Promise<unknown> } = {}) {
  const updates: { Arguments?: Record<string, string>; TransactionId?: string }[] = [];
  const order: string[] = [];
  const answer = createAnswer({
    modelId: 'amazon.nova-micro-v1:0',
    sipMediaApplicationId: 'sma-1',
    bedrock: { send: async () => ({ stream: deltas(pieces, options.failAfter) }) },
    chime: {
      send: async (command) => {
        updates.push(command.input);
        order.push(`update after ${pieces.length}`);
        return options.update ? options.update() : {};
      },
    },
  });
  return { answer, updates, order };
}

describe('the first sentence goes to the call while the rest is generated', () => {
  it('one update with the first sentence, as spoken; the rest is returned to be said', async () => {
    const { answer, updates } = answerWith([
      'Drain cleaning ',
      'costs **150** dollars. ',
      'It takes ',
      'an hour.',
    ]);
    const out = await answer(request);
    expect(updates).toEqual([
      {
        SipMediaApplicationId: 'sma-1',
        TransactionId: 't-1',
        Arguments: { Answer: 'first-sentence', Say: 'Drain cleaning costs 150 dollars.' },
      },
    ]);
    expect(out).toMatchObject({
      Text: 'Drain cleaning costs **150** dollars. It takes an hour.',
      Said: 'Drain cleaning costs 150 dollars.',
      Rest: 'It takes an hour.',
      Failed: false,
    });
  });

  it('a one-sentence answer with nothing after it is not sent early: the workflow says it all', async () => {
    const { answer, updates } = answerWith(['We are open ', 'until 5 pm.']);
    const out = await answer(request);
    expect(updates).toEqual([]);
    expect(out).toMatchObject({ Text: 'We are open until 5 pm.', Said: '', Rest: '' });
  });

  it('the stream fails before anything was said: the error is thrown, for the workflow to retry or apologise', async () => {
    const { answer, updates } = answerWith(['Drain cleaning ', 'costs'], { failAfter: 1 });
    await expect(answer(request)).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(updates).toEqual([]);
  });

  it('the stream fails after the first sentence was said: what was said is returned, marked failed', async () => {
    const { answer } = answerWith(['Drain cleaning costs 150 dollars. ', 'It ', 'takes'], { failAfter: 2 });
    expect(await answer(request)).toMatchObject({
      Said: 'Drain cleaning costs 150 dollars.',
      Failed: true,
      Error: 'ModelStreamErrorException',
    });
  });

  it('the caller is gone when the first sentence is ready: generation stops, CallerGone', async () => {
    const gone = async () => {
      throw Object.assign(new Error('no such call'), { name: 'NotFoundException' });
    };
    const { answer } = answerWith(['One. ', 'Two. ', 'Three.'], { update: gone });
    expect(await answer(request)).toMatchObject({ CallerGone: true });
  });

  it('an update that fails otherwise: nothing was said early, the workflow says the whole answer', async () => {
    const throttled = async () => {
      throw Object.assign(new Error('slow down'), { name: 'ThrottledClientException' });
    };
    const { answer, updates } = answerWith(['One. ', 'Two. ', 'Three.'], { update: throttled });
    expect(await answer(request)).toMatchObject({ Said: '', Rest: '', Text: 'One. Two. Three.' });
    expect(updates).toHaveLength(1);
  });

  it('a request without the call or the conversation is refused, saying what is missing', async () => {
    const { answer } = answerWith(['x']);
    await expect(answer({ ...request, TransactionId: '' })).rejects.toThrow(/TransactionId/);
    await expect(answer({ ...request, Messages: [] })).rejects.toThrow(/Messages must be the conversation/);
  });
});

describe('what counts as a complete first sentence', () => {
  it.each([
    ['Drain cleaning costs 150 dollars. It', 'Drain cleaning costs 150 dollars.'],
    ['It costs $4.50 per foot. Then', 'It costs $4.50 per foot.'],
    ['"Yes!" she said', '"Yes!"'],
    ['We are open until 5 pm.', undefined], // not followed by anything yet: it may go on ("5 p.m.")
    ['1. ', undefined], // a list number is not a sentence
  ])('%j → %j', (text, first) => {
    expect(completeFirstSentence(text)).toBe(first);
  });
  it('the spoken form has no Markdown and at most 1,000 characters', () => {
    expect(spoken('## **Hours:** see [our page](https://x.example).')).toBe('Hours: see our page.');
    expect(spoken('word '.repeat(400)).length).toBeLessThanOrEqual(1000);
  });
});

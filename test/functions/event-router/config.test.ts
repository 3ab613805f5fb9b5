import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../functions/event-router';
import {
  parseCallFlows,
  parseHoldAudio,
  parseTurnBudget,
  readSettings,
} from '../../../functions/event-router/config';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:business-line';

describe('CALL_FLOWS: a malformed map fails the cold start, saying what is wrong', () => {
  it.each([
    ['unset', undefined, /CALL_FLOWS is not set/],
    ['not JSON', '{+12065550100: x}', /CALL_FLOWS is not valid JSON/],
    ['an array', `[["+12065550100","${ARN}"]]`, /must be a JSON object .* got an array/],
    ['null', 'null', /got null/],
    [
      'a key that is not E.164',
      `{"12065550100":"${ARN}"}`,
      /entry 1 \(\*+0100\): the key is not an E\.164 number/,
    ],
    [
      'a value that is not a string',
      '{"+12065550100": 7}',
      /entry 1 .*must be a state machine ARN string, got number/,
    ],
    [
      'a value that is not a states ARN',
      '{"+12065550100":"arn:aws:lambda:us-east-1:123456789012:function:f"}',
      /is not a state machine ARN/,
    ],
  ])('%s', (_, text, message) => {
    expect(() => parseCallFlows(text)).toThrow(message);
  });

  it('names the position of the bad entry and never prints the number in full', () => {
    const error = (() => {
      try {
        parseCallFlows(`{"+12065550100":"${ARN}","+12065550199":"nope"}`);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/entry 2 \(\*{8}0199\)/);
    expect(error?.message).not.toContain('+12065550199');
  });

  it('accepts a map of E.164 numbers to state machine ARNs, aliases and versions included', () => {
    const flows = parseCallFlows(
      `{"+12065550100":"${ARN}","+442071838750":"${ARN}:prod","+15005550006":"${ARN}:3"}`,
    );
    expect(flows.get('+12065550100')).toBe(ARN);
    expect(flows.get('+442071838750')).toBe(`${ARN}:prod`);
    expect(flows.size).toBe(3);
  });
});

describe('TURN_BUDGET_MS', () => {
  it('defaults to 4000 ms', () => expect(parseTurnBudget(undefined)).toBe(4000));
  it('accepts whole milliseconds below the 5 s retry', () => expect(parseTurnBudget('2500')).toBe(2500));
  it.each(['5000', 'fast', '-1', '1.5', '20'])('rejects %s, saying why', (text) => {
    expect(() => parseTurnBudget(text)).toThrow(
      /TURN_BUDGET_MS must be a whole number .* retries an invocation after 5 s/,
    );
  });
});

describe('HOLD_AUDIO', () => {
  it('is optional', () => expect(parseHoldAudio(undefined)).toBeUndefined());
  it('splits bucket and key at the first slash', () => {
    expect(parseHoldAudio('media-bucket/hold/music.wav')).toEqual({
      bucket: 'media-bucket',
      key: 'hold/music.wav',
    });
  });
  it.each(['music.wav', '/music.wav', 'bucket/'])('rejects %s', (text) => {
    expect(() => parseHoldAudio(text)).toThrow(/HOLD_AUDIO must be "<bucket>\/<key>"/);
  });
});

it('readSettings reads all three from one environment', () => {
  const settings = readSettings({
    CALL_FLOWS: `{"+12065550100":"${ARN}"}`,
    TURN_BUDGET_MS: '3000',
    HOLD_AUDIO: 'b/k.wav',
  });
  expect(settings).toMatchObject({ turnBudgetMs: 3000, holdAudio: { bucket: 'b', key: 'k.wav' } });
  expect([...settings.callFlows.keys()]).toEqual(['+12065550100']);
});

describe('createRouter checks its settings the same way', () => {
  const clients = { sqs: {} as SQSClient, sfn: {} as SFNClient };
  it('refuses a call-flow map with a bad number', () => {
    expect(() => createRouter({ ...clients, callFlows: new Map([['2065550100', ARN]]) })).toThrow(
      /not an E\.164 number/,
    );
  });
  it('refuses a turn budget that PSTN audio would retry before', () => {
    expect(() => createRouter({ ...clients, callFlows: {}, turnBudgetMs: 6000 })).toThrow(/TURN_BUDGET_MS/);
  });
});

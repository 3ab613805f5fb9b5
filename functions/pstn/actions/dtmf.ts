/** Rules of the DTMF actions (docs/aws/pstn-audio.md §4.5, §4.7). */
import type { ActionSpec } from './common';
import { integer, type Rule } from './rules';

export const ReceiveDigits: ActionSpec = {
  leg: 'tagged',
  fields: {
    InputDigitsRegex: { required: true, rule: { kind: 'regex' } },
    InBetweenDigitsDurationInMilliseconds: { required: true, rule: integer(1) },
    FlushDigitsDurationInMilliseconds: { required: true, rule: integer(1) },
  },
};

const DIGIT_LIMIT = 50;

/** Up to 50 symbols from 0-9 * # A-D and "," (a 0.5 s pause). The digits themselves never go in a message. */
const digits: Rule = {
  kind: 'custom',
  check: (value, path) => {
    const expected = `at most ${DIGIT_LIMIT} symbols from 0-9 * # A B C D and ","`;
    if (typeof value !== 'string' || value === '') return { expected };
    const bad = [...value].findIndex((c) => !/^[0-9*#A-D,]$/.test(c));
    const problem =
      bad >= 0
        ? `a symbol that is not allowed at position ${bad + 1}`
        : value.length > DIGIT_LIMIT
          ? `${value.length} symbols`
          : undefined;
    return problem
      ? {
          failure: {
            errorType: 'InvalidActionParameter',
            errorMessage: `${path} parameter value is invalid. ${path} must be ${expected}; got ${problem}.`,
          },
        }
      : { value };
  },
};

export const SendDigits: ActionSpec = {
  leg: 'callId',
  fields: {
    Digits: { required: true, rule: digits, render: 'hidden' },
    ToneDurationInMilliseconds: {
      rule: integer(50, 24000),
      default: 250,
      invalid: { errorType: 'InvalidActionParameter', message: 'ToneDuration parameter value is invalid.' },
    },
  },
};

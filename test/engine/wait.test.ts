import { describe, expect } from 'vitest';
import { at, ata, machine, one, runCases, type Case } from './harness';
import type { RunResult } from '../../lab/engine';

const START = '2026-01-01T00:00:00.000Z';
/** Checks how much lab time the execution took. */
const took = (ms: number) => (r: RunResult) => {
  if (!('execution' in r)) throw new Error('no execution');
  expect(r.execution.stopDate! - r.execution.startDate).toBe(ms);
};

const cases: Case[] = [
  {
    name: 'Seconds waits that long on the lab clock (an hour costs nothing)',
    ref: '§5.4',
    definition: one({ Type: 'Wait', Seconds: 3600 }),
    input: { a: 1 },
    output: { a: 1 },
    check: took(3_600_000),
  },
  {
    name: 'Seconds 0 does not wait',
    ref: '§5.4',
    definition: one({ Type: 'Wait', Seconds: 0 }),
    output: {},
    check: took(0),
  },
  {
    name: 'Timestamp waits until that instant',
    ref: '§5.4',
    start: START,
    definition: one({ Type: 'Wait', Timestamp: '2026-01-01T00:10:00Z' }),
    output: {},
    check: took(600_000),
  },
  {
    name: 'a past Timestamp completes immediately',
    ref: '§5.4',
    start: START,
    definition: one({ Type: 'Wait', Timestamp: '2020-01-01T00:00:00Z' }),
    output: {},
    check: took(0),
  },
  {
    name: 'Timestamp with an offset',
    ref: '§5.4',
    start: START,
    definition: one({ Type: 'Wait', Timestamp: '2026-01-01T01:00:00+01:00' }),
    output: {},
    check: took(0),
  },
  {
    name: 'SecondsPath reads the delay from the input',
    ref: '§5.4',
    definition: one({ Type: 'Wait', SecondsPath: '$.s' }),
    input: { s: 30 },
    output: { s: 30 },
    check: took(30_000),
  },
  {
    name: 'SecondsPath 0 succeeds',
    ref: '§5.4',
    definition: one({ Type: 'Wait', SecondsPath: '$.s' }),
    input: { s: 0 },
    output: { s: 0 },
  },
  {
    name: 'SecondsPath may read a variable',
    ref: '§2.4',
    definition: machine({
      A: { Type: 'Pass', Assign: { d: 5 }, Next: 'W' },
      W: { Type: 'Wait', SecondsPath: '$d', End: true },
    }),
    output: {},
    check: took(5_000),
  },
  {
    name: 'TimestampPath reads the instant from the input',
    ref: '§5.4',
    start: START,
    definition: one({ Type: 'Wait', TimestampPath: '$.t' }),
    input: { t: '2026-01-01T00:00:05Z' },
    output: { t: '2026-01-01T00:00:05Z' },
    check: took(5_000),
  },
  {
    name: 'a negative SecondsPath is States.Runtime',
    ref: '§5.4',
    definition: one({ Type: 'Wait', SecondsPath: '$.input.waitSeconds' }),
    input: { input: { waitSeconds: -1 } },
    error: 'States.Runtime',
    cause: at('A', 2, 'The SecondsPath parameter references a negative value: $.input.waitSeconds == -1'),
  },
  {
    name: 'a fractional SecondsPath is States.Runtime',
    ref: '§5.4',
    definition: one({ Type: 'Wait', SecondsPath: '$.input.waitSeconds' }),
    input: { input: { waitSeconds: 1.5 } },
    error: 'States.Runtime',
    cause: at(
      'A',
      2,
      'The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5',
    ),
  },
  {
    name: 'a missing SecondsPath is States.Runtime',
    ref: '§5.4',
    definition: one({ Type: 'Wait', SecondsPath: '$.input.waitSeconds' }),
    input: { input: {} },
    error: 'States.Runtime',
    cause: at('A', 2, 'The SecondsPath parameter does not reference an input value: $.input.waitSeconds'),
  },
  {
    name: 'a TimestampPath that is not a timestamp is States.Runtime',
    ref: '§5.4',
    definition: one({ Type: 'Wait', TimestampPath: '$.x' }),
    input: { x: 'tomorrow' },
    error: 'States.Runtime',
    cause: at(
      'A',
      2,
      'The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.x == tomorrow',
    ),
  },
  {
    name: 'a Timestamp too far ahead: "Wait state delay is too long."',
    ref: '§5.4',
    definition: one({ Type: 'Wait', TimestampPath: '$.t' }),
    input: { t: '9999-01-01T00:00:00Z' },
    error: 'States.Runtime',
    cause: at('A', 2, 'Wait state delay is too long.'),
  },
  {
    name: 'JSONata Seconds as an expression',
    ref: '§5.4',
    definition: ata({ Type: 'Wait', Seconds: '{% $states.input.s * 2 %}' }),
    input: { s: 10 },
    output: { s: 10 },
    check: took(20_000),
  },
  {
    name: 'JSONata Timestamp as an expression',
    ref: '§5.4',
    start: START,
    definition: ata({ Type: 'Wait', Timestamp: '{% $states.input.t %}' }),
    input: { t: '2026-01-01T00:01:00Z' },
    output: { t: '2026-01-01T00:01:00Z' },
    check: took(60_000),
  },
  {
    name: 'JSONata Seconds that is not an integer is States.QueryEvaluationError',
    ref: '§3.3',
    definition: ata({ Type: 'Wait', Seconds: '{% 1.5 %}' }),
    error: 'States.QueryEvaluationError',
  },
  {
    name: 'JSONata Seconds that is a string is States.QueryEvaluationError',
    ref: '§3.3',
    definition: ata({ Type: 'Wait', Seconds: '{% "10" %}' }),
    error: 'States.QueryEvaluationError',
  },
  {
    name: 'a JSONata Timestamp that cannot be parsed',
    ref: '§3.5',
    definition: ata({ Type: 'Wait', Timestamp: '{% "soon" %}' }),
    error: 'States.QueryEvaluationError',
    cause: at(
      'A',
      2,
      'The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: soon',
    ),
  },
  {
    name: 'a JSONata Wait Output shapes the output',
    ref: '§5.4',
    definition: ata({ Type: 'Wait', Seconds: 1, Output: { done: true } }),
    output: { done: true },
  },
  {
    name: 'Wait InputPath and OutputPath',
    ref: '§5.4',
    definition: one({ Type: 'Wait', Seconds: 1, InputPath: '$.a', OutputPath: '$.b' }),
    input: { a: { b: 2 } },
    output: 2,
  },
  {
    name: 'history shows WaitStateEntered and WaitStateExited at the right lab times',
    ref: '§5.4',
    start: START,
    definition: one({ Type: 'Wait', Seconds: 90 }),
    output: {},
    check: (r) => {
      if (!('execution' in r)) throw new Error('no execution');
      const h = r.execution.history();
      const entered = h.find((e) => e.type === 'WaitStateEntered')!;
      const exited = h.find((e) => e.type === 'WaitStateExited')!;
      expect(exited.timestamp - entered.timestamp).toBe(90_000);
    },
  },
];

describe('Wait state', () => {
  runCases(cases);
});

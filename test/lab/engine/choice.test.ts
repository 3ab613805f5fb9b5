import { describe } from 'vitest';
import { at, machine, runCases, type Case } from './harness';

/** A Choice on one rule: output 'yes' when it matches, 'no' on the Default. */
const decide = (rule: Record<string, unknown>) =>
  machine({
    C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Y' }], Default: 'N' },
    Y: { Type: 'Pass', Result: 'yes', End: true },
    N: { Type: 'Pass', Result: 'no', End: true },
  });

const rows: [string, Record<string, unknown>, unknown, 'yes' | 'no'][] = [
  ['StringEquals matches the same string', { Variable: '$.v', StringEquals: 'abc' }, 'abc', 'yes'],
  ['StringEquals is false for a different string', { Variable: '$.v', StringEquals: 'abc' }, 'abd', 'no'],
  ['StringEquals on null is false, not an error', { Variable: '$.v', StringEquals: 'null' }, null, 'no'],
  ['StringEquals on a number is false', { Variable: '$.v', StringEquals: '0' }, 0, 'no'],
  ['StringEquals on an array is false', { Variable: '$.v', StringEquals: '[]' }, [], 'no'],
  ['StringEquals on an object is false', { Variable: '$.v', StringEquals: '{}' }, {}, 'no'],
  ['StringEquals on a boolean is false', { Variable: '$.v', StringEquals: 'true' }, true, 'no'],
  ['StringEquals does not normalize line endings', { Variable: '$.v', StringEquals: '\t\r\n' }, '\t\n', 'no'],
  ['StringLessThan compares by code point', { Variable: '$.v', StringLessThan: 'b' }, 'a', 'yes'],
  ['StringLessThan: uppercase sorts before lowercase', { Variable: '$.v', StringLessThan: 'a' }, 'Z', 'yes'],
  ['StringGreaterThan', { Variable: '$.v', StringGreaterThan: 'a' }, 'b', 'yes'],
  ['StringLessThanEquals on equal strings', { Variable: '$.v', StringLessThanEquals: 'a' }, 'a', 'yes'],
  [
    'StringGreaterThanEquals on two empty strings',
    { Variable: '$.v', StringGreaterThanEquals: '' },
    '',
    'yes',
  ],
  ['StringGreaterThan on a number is false', { Variable: '$.v', StringGreaterThan: 'a' }, 5, 'no'],
  ['StringMatches with a * wildcard', { Variable: '$.v', StringMatches: 'log-*.txt' }, 'log-2024.txt', 'yes'],
  ['StringMatches * matches the empty run', { Variable: '$.v', StringMatches: 'a*b' }, 'ab', 'yes'],
  ['StringMatches is anchored at both ends', { Variable: '$.v', StringMatches: 'a*' }, 'ba', 'no'],
  [
    'StringMatches \\* is a literal star',
    { Variable: '$.v', StringMatches: 'file\\*name.txt' },
    'file*name.txt',
    'yes',
  ],
  [
    'StringMatches \\* does not act as a wildcard',
    { Variable: '$.v', StringMatches: 'file\\*name.txt' },
    'fileXname.txt',
    'no',
  ],
  ['StringMatches: ? is not special', { Variable: '$.v', StringMatches: 'a?c' }, 'abc', 'no'],
  ['StringMatches: [ ] are not special', { Variable: '$.v', StringMatches: '[ab]' }, '[ab]', 'yes'],
  ['StringMatches on a number does not match', { Variable: '$.v', StringMatches: '*' }, 1, 'no'],
  ['NumericEquals compares by value (0 = 0.0)', { Variable: '$.v', NumericEquals: 0 }, 0.0, 'yes'],
  ['NumericEquals with a float', { Variable: '$.v', NumericEquals: 1.5 }, 1.5, 'yes'],
  ['NumericEquals on a numeric string is false', { Variable: '$.v', NumericEquals: 1 }, '1', 'no'],
  ['NumericLessThan', { Variable: '$.v', NumericLessThan: 10 }, 9.99, 'yes'],
  ['NumericGreaterThan', { Variable: '$.v', NumericGreaterThan: 10 }, 11, 'yes'],
  ['NumericLessThanEquals at the bound', { Variable: '$.v', NumericLessThanEquals: 10 }, 10, 'yes'],
  ['NumericGreaterThanEquals below the bound', { Variable: '$.v', NumericGreaterThanEquals: 10 }, 9, 'no'],
  ['NumericGreaterThan with negatives', { Variable: '$.v', NumericGreaterThan: -5 }, -4, 'yes'],
  ['BooleanEquals true', { Variable: '$.v', BooleanEquals: true }, true, 'yes'],
  ['BooleanEquals false against true', { Variable: '$.v', BooleanEquals: false }, true, 'no'],
  ['BooleanEquals on the string "true" is false', { Variable: '$.v', BooleanEquals: true }, 'true', 'no'],
  [
    'TimestampEquals on the same instant',
    { Variable: '$.v', TimestampEquals: '2024-01-01T00:00:00Z' },
    '2024-01-01T00:00:00Z',
    'yes',
  ],
  [
    'TimestampEquals across time zones',
    { Variable: '$.v', TimestampEquals: '2024-01-01T00:00:00Z' },
    '2024-01-01T01:00:00+01:00',
    'yes',
  ],
  [
    'TimestampEquals with fractional seconds',
    { Variable: '$.v', TimestampEquals: '2024-01-01T00:00:00.5Z' },
    '2024-01-01T00:00:00.500Z',
    'yes',
  ],
  [
    'TimestampEquals on a non-RFC3339 string is false',
    { Variable: '$.v', TimestampEquals: '2023-02-24T12:15:56Z' },
    '2023-02-24 12:15:56.832957',
    'no',
  ],
  [
    'TimestampEquals on a number is false',
    { Variable: '$.v', TimestampEquals: '2023-02-24T12:15:56Z' },
    1677241000,
    'no',
  ],
  [
    'TimestampLessThan',
    { Variable: '$.v', TimestampLessThan: '2024-01-02T00:00:00Z' },
    '2024-01-01T23:59:59Z',
    'yes',
  ],
  [
    'TimestampGreaterThan',
    { Variable: '$.v', TimestampGreaterThan: '2024-01-02T00:00:00Z' },
    '2024-01-01T23:59:59Z',
    'no',
  ],
  [
    'TimestampLessThanEquals at the bound',
    { Variable: '$.v', TimestampLessThanEquals: '2024-01-02T00:00:00Z' },
    '2024-01-02T00:00:00Z',
    'yes',
  ],
  [
    'TimestampGreaterThanEquals',
    { Variable: '$.v', TimestampGreaterThanEquals: '2024-01-02T00:00:00Z' },
    '2025-01-01T00:00:00Z',
    'yes',
  ],
  ['IsNull true on null', { Variable: '$.v', IsNull: true }, null, 'yes'],
  ['IsNull true on a string is false', { Variable: '$.v', IsNull: true }, 'null', 'no'],
  ['IsNull false on a value', { Variable: '$.v', IsNull: false }, 1, 'yes'],
  ['IsPresent true on a JSON null', { Variable: '$.v', IsPresent: true }, null, 'yes'],
  ['IsNumeric true on a number', { Variable: '$.v', IsNumeric: true }, 3.2, 'yes'],
  ['IsNumeric true on a numeric string is false', { Variable: '$.v', IsNumeric: true }, '3', 'no'],
  ['IsNumeric false on a string', { Variable: '$.v', IsNumeric: false }, 'x', 'yes'],
  [
    'IsString true on a timestamp-looking string',
    { Variable: '$.v', IsString: true },
    '2024-01-01T00:00:00Z',
    'yes',
  ],
  ['IsString false on a number', { Variable: '$.v', IsString: false }, 1, 'yes'],
  ['IsBoolean true on false', { Variable: '$.v', IsBoolean: true }, false, 'yes'],
  ['IsBoolean false on a string', { Variable: '$.v', IsBoolean: false }, 'false', 'yes'],
  ['IsTimestamp true on RFC3339', { Variable: '$.v', IsTimestamp: true }, '2016-03-14T01:59:00Z', 'yes'],
  [
    'IsTimestamp true on a date without time is false',
    { Variable: '$.v', IsTimestamp: true },
    '2016-03-14',
    'no',
  ],
  ['IsTimestamp false on a number', { Variable: '$.v', IsTimestamp: false }, 12, 'yes'],
];

const withInput = (v: unknown) => (v === undefined ? {} : { v, w: v });

const pathRows: [string, Record<string, unknown>, unknown, 'yes' | 'no'][] = [
  [
    'StringEqualsPath compares two fields',
    { Variable: '$.v', StringEqualsPath: '$.w' },
    { v: 'a', w: 'a' },
    'yes',
  ],
  ['StringLessThanPath', { Variable: '$.v', StringLessThanPath: '$.w' }, { v: 'a', w: 'b' }, 'yes'],
  ['StringGreaterThanPath', { Variable: '$.v', StringGreaterThanPath: '$.w' }, { v: 'a', w: 'b' }, 'no'],
  [
    'StringLessThanEqualsPath',
    { Variable: '$.v', StringLessThanEqualsPath: '$.w' },
    { v: 'b', w: 'b' },
    'yes',
  ],
  [
    'StringGreaterThanEqualsPath',
    { Variable: '$.v', StringGreaterThanEqualsPath: '$.w' },
    { v: 'c', w: 'b' },
    'yes',
  ],
  ['NumericEqualsPath', { Variable: '$.v', NumericEqualsPath: '$.w' }, { v: 2, w: 2.0 }, 'yes'],
  ['NumericLessThanPath', { Variable: '$.v', NumericLessThanPath: '$.w' }, { v: 1, w: 2 }, 'yes'],
  ['NumericGreaterThanPath', { Variable: '$.v', NumericGreaterThanPath: '$.w' }, { v: 1, w: 2 }, 'no'],
  ['NumericLessThanEqualsPath', { Variable: '$.v', NumericLessThanEqualsPath: '$.w' }, { v: 2, w: 2 }, 'yes'],
  [
    'NumericGreaterThanEqualsPath',
    { Variable: '$.v', NumericGreaterThanEqualsPath: '$.w' },
    { v: 3, w: 2 },
    'yes',
  ],
  [
    'NumericEqualsPath against a string is false',
    { Variable: '$.v', NumericEqualsPath: '$.w' },
    { v: 2, w: '2' },
    'no',
  ],
  ['BooleanEqualsPath', { Variable: '$.v', BooleanEqualsPath: '$.w' }, { v: true, w: true }, 'yes'],
  [
    'TimestampEqualsPath',
    { Variable: '$.v', TimestampEqualsPath: '$.w' },
    { v: '2024-01-01T00:00:00Z', w: '2024-01-01T00:00:00Z' },
    'yes',
  ],
  [
    'TimestampLessThanPath',
    { Variable: '$.v', TimestampLessThanPath: '$.w' },
    { v: '2024-01-01T00:00:00Z', w: '2024-01-02T00:00:00Z' },
    'yes',
  ],
  [
    'TimestampGreaterThanPath',
    { Variable: '$.v', TimestampGreaterThanPath: '$.w' },
    { v: '2024-01-01T00:00:00Z', w: '2024-01-02T00:00:00Z' },
    'no',
  ],
  [
    'TimestampLessThanEqualsPath',
    { Variable: '$.v', TimestampLessThanEqualsPath: '$.w' },
    { v: '2024-01-02T00:00:00Z', w: '2024-01-02T00:00:00Z' },
    'yes',
  ],
  [
    'TimestampGreaterThanEqualsPath',
    { Variable: '$.v', TimestampGreaterThanEqualsPath: '$.w' },
    { v: '2024-01-03T00:00:00Z', w: '2024-01-02T00:00:00Z' },
    'yes',
  ],
  [
    'a Path operand may read the context object',
    { Variable: '$.v', StringEqualsPath: '$$.Execution.Name' },
    { v: 'run-1' },
    'yes',
  ],
  [
    'And is true when every rule is',
    {
      And: [
        { Variable: '$.v', NumericGreaterThan: 1 },
        { Variable: '$.v', NumericLessThan: 5 },
      ],
    },
    { v: 3 },
    'yes',
  ],
  [
    'And is false when one rule is',
    {
      And: [
        { Variable: '$.v', NumericGreaterThan: 1 },
        { Variable: '$.v', NumericLessThan: 2 },
      ],
    },
    { v: 3 },
    'no',
  ],
  [
    'Or is true when one rule is',
    {
      Or: [
        { Variable: '$.v', StringEquals: 'a' },
        { Variable: '$.v', StringEquals: 'b' },
      ],
    },
    { v: 'b' },
    'yes',
  ],
  ['Not inverts a rule', { Not: { Variable: '$.v', StringEquals: 'a' } }, { v: 'b' }, 'yes'],
  [
    'Not IsPresent detects a missing field without error',
    { Not: { Variable: '$.missing', IsPresent: true } },
    { v: 1 },
    'yes',
  ],
  ['IsPresent false on a missing field', { Variable: '$.missing', IsPresent: false }, { v: 1 }, 'yes'],
  [
    'And short-circuits before a missing path',
    {
      And: [
        { Variable: '$.x', IsPresent: true },
        { Variable: '$.x', NumericEquals: 1 },
      ],
    },
    { v: 1 },
    'no',
  ],
  [
    'nested And inside Or inside Not',
    {
      Not: {
        Or: [
          {
            And: [
              { Variable: '$.v', NumericEquals: 1 },
              { Variable: '$.w', NumericEquals: 2 },
            ],
          },
        ],
      },
    },
    { v: 1, w: 2 },
    'no',
  ],
];

const cases: Case[] = [
  ...rows.map(([name, rule, v, want]): Case => ({
    name,
    ref: '§5.3',
    definition: decide(rule),
    input: withInput(v),
    output: want,
  })),
  ...pathRows.map(([name, rule, input, want]): Case => ({
    name,
    ref: '§5.3',
    definition: decide(rule),
    input,
    output: want,
  })),
  {
    name: 'a rule on a missing path is States.Runtime',
    ref: '§5.3',
    definition: decide({ Variable: '$.value', NumericEquals: 1 }),
    input: {},
    error: 'States.Runtime',
    cause: at(
      'C',
      2,
      "Invalid path '$.value': The choice state's condition path references an invalid value.",
    ),
  },
  {
    name: 'a missing ...Path operand is States.Runtime',
    ref: '§5.3',
    definition: decide({ Variable: '$.v', NumericEqualsPath: '$.nope' }),
    input: { v: 1 },
    error: 'States.Runtime',
    cause: /Invalid path '\$\.nope'/,
  },
  {
    name: 'no match and no Default is States.Runtime, not States.NoChoiceMatched',
    ref: '§11.1',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'Y' }] },
      Y: { Type: 'Succeed' },
    }),
    input: { v: 2 },
    error: 'States.Runtime',
    cause: at('C', 2, 'Failed to transition out of the state. The state does not point to a next state.'),
  },
  {
    name: 'the first matching rule wins',
    ref: '§5.3',
    definition: machine({
      C: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.v', NumericGreaterThan: 0, Next: 'A' },
          { Variable: '$.v', NumericGreaterThan: 1, Next: 'B' },
        ],
      },
      A: { Type: 'Pass', Result: 'A', End: true },
      B: { Type: 'Pass', Result: 'B', End: true },
    }),
    input: { v: 5 },
    output: 'A',
  },
  {
    name: 'Choice InputPath and OutputPath shape the output',
    ref: '§5.3',
    definition: machine({
      C: {
        Type: 'Choice',
        InputPath: '$.in',
        OutputPath: '$.keep',
        Choices: [{ Variable: '$.v', NumericEquals: 1, Next: 'E' }],
      },
      E: { Type: 'Succeed' },
    }),
    input: { in: { v: 1, keep: 'k' } },
    output: 'k',
  },
  {
    name: 'the Choice passes its input through unchanged',
    ref: '§5.3',
    definition: machine({
      C: { Type: 'Choice', Choices: [{ Variable: '$.v', IsPresent: true, Next: 'E' }] },
      E: { Type: 'Succeed' },
    }),
    input: { v: 1, z: [1] },
    output: { v: 1, z: [1] },
  },
  {
    name: 'a JSONata Condition picks the rule; its Output becomes the output',
    ref: '§3.3',
    definition: machine(
      {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n > 2 %}', Next: 'E', Output: { big: true } }],
          Default: 'E',
        },
        E: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONata' },
    ),
    input: { n: 3 },
    output: { big: true },
  },
  {
    name: 'a JSONata rule without Output passes the input through',
    ref: '§3.3',
    definition: machine(
      {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% true %}', Next: 'E' }],
          Default: 'E',
          Output: 'state-level',
        },
        E: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONata' },
    ),
    input: { n: 3 },
    output: { n: 3 },
  },
  {
    name: 'the Default path applies the state-level Output',
    ref: '§3.3',
    definition: machine(
      {
        C: {
          Type: 'Choice',
          Choices: [{ Condition: '{% false %}', Next: 'E' }],
          Default: 'E',
          Output: 'state-level',
        },
        E: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONata' },
    ),
    output: 'state-level',
  },
  {
    name: 'a Condition that is not boolean is States.QueryEvaluationError',
    ref: '§3.7',
    definition: machine(
      {
        C: { Type: 'Choice', Choices: [{ Condition: '{% 1 %}', Next: 'E' }], Default: 'E' },
        E: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONata' },
    ),
    error: 'States.QueryEvaluationError',
    cause: /Choices\[0\]\/Condition/,
  },
  {
    name: 'a Condition returning undefined names the rule in the cause',
    ref: '§3.5',
    definition: machine(
      {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% false %}', Next: 'E' },
            { Condition: '{% $states.input.x %}', Next: 'E' },
          ],
          Default: 'E',
        },
        E: { Type: 'Succeed' },
      },
      { QueryLanguage: 'JSONata' },
    ),
    error: 'States.QueryEvaluationError',
    cause: /specified for the field 'Choices\[1\]\/Condition' returned nothing \(undefined\)/,
  },
];

describe('Choice state', () => {
  runCases(cases);
});

/**
 * Behaviours recorded on AWS that the lab once got wrong (issue 19). Each case names its source: a
 * docs.aws.amazon.com page, or "AWS-REC" with the recorded set it comes from (docs/engine.md,
 * "Where the engine's expectations come from").
 */
import { describe } from 'vitest';
import { at, ata, machine, one, runCases } from './harness';

const proc = { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } };
const output = (expr: string) => ata({ Type: 'Pass', Output: `{% ${expr} %}` });
const evalError = (expr: string, detail: string) =>
  at(
    'A',
    2,
    `The JSONata expression '${expr}' specified for the field 'Output' threw an error during evaluation. ${detail}`,
  );
const format = (template: string) => `States.Format('${template}', $.name)`;
const formatted = (template: string) => one({ Type: 'Pass', Parameters: { 'greeting.$': format(template) } });

describe('JSONata functions follow AWS argument rules', () => {
  runCases([
    {
      name: '$range cuts its arguments to whole numbers',
      ref: 'AWS-REC: second recorded set',
      definition: output('$range(1.4, 5.6, 2.2)'),
      output: [1, 3, 5],
    },
    {
      name: '$range with a string argument fails T0410 naming the argument',
      ref: 'AWS-REC: second recorded set',
      definition: output('$range("a", 5, 1)'),
      error: 'States.QueryEvaluationError',
      cause: evalError(
        '$range("a", 5, 1)',
        'T0410: Argument 1 of function "range" does not match function signature',
      ),
    },
    {
      name: '$range with a fourth argument fails T0410 on argument 4',
      ref: 'AWS-REC: second recorded set',
      definition: output('$range(1, 5, 1, 99)'),
      error: 'States.QueryEvaluationError',
      cause: evalError(
        '$range(1, 5, 1, 99)',
        'T0410: Argument 4 of function "range" does not match function signature',
      ),
    },
    {
      name: '$partition without a size is one chunk',
      ref: 'AWS-REC: second recorded set',
      definition: output('$partition([1, 2, 3])'),
      output: [[1, 2, 3]],
    },
    {
      name: '$partition with a negative size fails D3137',
      ref: 'AWS-REC: second recorded set',
      definition: output('$partition([1, 2, 3], -1)'),
      error: 'States.QueryEvaluationError',
      cause: evalError('$partition([1, 2, 3], -1)', 'D3137: Second argument must be zero or greater'),
    },
    {
      name: '$partition of a string fails T0412',
      ref: 'AWS-REC: second recorded set',
      definition: output("$partition('abc', 2)"),
      error: 'States.QueryEvaluationError',
      cause: /T0412: Argument 1 of function "partition" must be an array/,
    },
    {
      name: '$hash names the algorithms it accepts',
      ref: 'AWS-REC: second recorded set; https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html',
      definition: output("$hash('a', 'sha-256')"),
      error: 'States.QueryEvaluationError',
      cause: /D3137: Hash algorithm 'sha-256' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5$/,
    },
    {
      name: '$hash of a number fails T0410',
      ref: 'AWS-REC: second recorded set',
      definition: output("$hash(1, 'MD5')"),
      error: 'States.QueryEvaluationError',
      cause: /T0410: Argument 1 of function "hash" does not match function signature$/,
    },
    {
      name: '$uuid takes no argument',
      ref: 'AWS-REC: second recorded set',
      definition: output("$uuid('x')"),
      error: 'States.QueryEvaluationError',
      cause: /T0410: Argument 1 of function "uuid"/,
    },
    {
      name: '$random takes a number seed only',
      ref: 'AWS-REC: second recorded set',
      definition: output("$random('seed')"),
      error: 'States.QueryEvaluationError',
      cause: /T0410: Argument 1 of function "random"/,
    },
    {
      name: '$now checks its picture argument',
      ref: 'AWS-REC: second recorded set',
      definition: output('$now(1)'),
      error: 'States.QueryEvaluationError',
      cause: /T0410: Argument 1 of function "now"/,
    },
    {
      name: "a timezone that is not ±HHMM ('utc') is ignored by $fromMillis",
      ref: 'AWS-REC: second recorded set',
      definition: output("$fromMillis(0, '[H01]', 'utc')"),
      output: '00',
    },
    {
      name: 'a ±HHMM timezone is applied by $fromMillis',
      ref: 'AWS-REC: second recorded set',
      definition: output("$fromMillis(0, '[H01]:[m01]', '+0900')"),
      output: '09:00',
    },
    {
      name: 'a lambda as a result is an unsupported result type',
      ref: 'AWS-REC: first recorded set',
      definition: output('function($x) { $x }'),
      error: 'States.QueryEvaluationError',
      cause: at(
        'A',
        2,
        "The JSONata expression 'function($x) { $x }' specified for the field 'Output' returned an unsupported result type.",
      ),
    },
  ]);
});

describe('States.Format validates its template', () => {
  const invalid = (template: string) =>
    at(
      'A',
      2,
      `There was an error while evaluating the intrinsic function: ${format(template)}. Invalid template in States.Format: matching '}' not found for '{'.`,
    );
  runCases(
    ['Hello {{}}', '}', 'Hello {'].map((template) => ({
      name: `'${template}' is refused`,
      ref: 'AWS-REC: second recorded set',
      definition: formatted(template),
      input: { name: 'x' },
      error: 'States.Runtime',
      cause: invalid(template),
    })),
  );
  runCases([
    {
      name: 'a placeholder and escaped braces still work',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html',
      definition: formatted('\\{\\} {}'),
      input: { name: 'x' },
      output: { greeting: '{} x' },
    },
  ]);
});

describe('Map fields as AWS reads them', () => {
  runCases([
    {
      name: 'a JSONata Map without Items over a non-array fails with a catchable QueryEvaluationError',
      ref: 'AWS-REC: first recorded set',
      definition: machine(
        {
          M: {
            Type: 'Map',
            ItemProcessor: proc,
            Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', Output: '{% $states.input.Error %}', End: true },
        },
        { QueryLanguage: 'JSONata' },
      ),
      input: { not: 'an array' },
      output: 'States.QueryEvaluationError',
    },
    {
      name: '{% %} inside a literal Items array is evaluated',
      ref: 'AWS-REC: first recorded set',
      definition: ata({ Type: 'Map', Items: [1, "{% $number('2') %}", 3], ItemProcessor: proc }),
      output: [1, 2, 3],
    },
    {
      name: 'MaxConcurrencyPath and ToleratedFailureCountPath accept a numeric string',
      ref: 'AWS-REC: first recorded set',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrencyPath: '$.max',
        ToleratedFailureCountPath: '$.tolerated',
        ItemProcessor: proc,
      }),
      input: { items: [1, 2], max: '1', tolerated: '1' },
      output: [1, 2],
    },
  ]);
});

describe('JSONPath dialect', () => {
  runCases([
    {
      name: 'a dot before a bracket is accepted: $.[1]',
      ref: 'AWS-REC: the voice-interface sample deploys with $.[1].Body…; Jayway JSONPath syntax',
      definition: one({ Type: 'Pass', Parameters: { 'text.$': '$.[1].Body.text' } }),
      input: [{}, { Body: { text: 'hi' } }],
      output: { text: 'hi' },
    },
  ]);
});

describe('intrinsic functions cut fractional numbers as AWS does', () => {
  const REC = "AWS-REC: another project's intrinsic cases run against AWS";
  const value = (expr: string) => one({ Type: 'Pass', Parameters: { 'value.$': expr } });
  runCases([
    {
      name: 'States.ArrayRange(1.4, 5.6, 2.2) is [1, 3, 5]',
      ref: REC,
      definition: value('States.ArrayRange(1.4, 5.6, 2.2)'),
      output: { value: [1, 3, 5] },
    },
    {
      name: 'States.ArrayRange(1.6, 1.4, 1) is [1] (cut, not rounded)',
      ref: REC,
      definition: value('States.ArrayRange(1.6, 1.4, 1)'),
      output: { value: [1] },
    },
    {
      name: 'States.ArrayRange with a step cut to 0 fails',
      ref: REC,
      definition: value('States.ArrayRange(1, 10, 0.49)'),
      error: 'States.Runtime',
      cause:
        /^An error occurred while executing the state 'A' \(entered at the event id #2\)\. There was an error while evaluating the intrinsic function: States\.ArrayRange\(1, 10, 0\.49\)\. Invalid arguments in States\.ArrayRange/,
    },
    {
      name: 'States.ArrayGetItem cuts a fractional index: 1.2 reads item 1',
      ref: REC,
      definition: value('States.ArrayGetItem($.a, 1.2)'),
      input: { a: [10, 20, 30] },
      output: { value: 20 },
    },
    {
      name: 'States.ArrayGetItem of an empty array is null',
      ref: REC,
      definition: value('States.ArrayGetItem($.a, 999)'),
      input: { a: [] },
      output: { value: null },
    },
    {
      name: 'States.ArrayGetItem past the end of a list fails',
      ref: REC,
      definition: value('States.ArrayGetItem($.a, 3)'),
      input: { a: [10, 20, 30] },
      error: 'States.Runtime',
      cause: /Invalid arguments in States\.ArrayGetItem/,
    },
    {
      name: 'States.ArrayPartition cuts a fractional size: 2.6 is 2',
      ref: REC,
      definition: value('States.ArrayPartition($.a, 2.6)'),
      input: { a: [1, 2, 3, 4, 5] },
      output: { value: [[1, 2], [3, 4], [5]] },
    },
    {
      name: 'States.ArrayPartition with a size cut to 0 fails',
      ref: REC,
      definition: value('States.ArrayPartition($.a, 0.6)'),
      input: { a: [1, 2, 3] },
      error: 'States.Runtime',
      cause: /Invalid arguments in States\.ArrayPartition/,
    },
  ]);
});

describe('a Wait reads its timestamp as an ISO-8601 offset date-time', () => {
  const waitFor = (v: unknown) => ({
    definition: ata({ Type: 'Wait', Timestamp: '{% $states.input.v %}' }),
    input: { v },
  });
  runCases([
    ...['2016-12-05T21:29Z', '2016-12-05t21:29:29z', '2016-12-05T21:29:29.123456789+09:00'].map((v) => ({
      name: `${v} is accepted`,
      ref: 'AWS-REC: second recorded set',
      ...waitFor(v),
      output: { v },
    })),
    ...['2016-02-30T21:29:29Z', '2016-12-05 21:29:29Z', '2016-12-05T21:29:29'].map((v) => ({
      name: `${v} is refused`,
      ref: 'AWS-REC: second recorded set',
      ...waitFor(v),
      error: 'States.QueryEvaluationError',
    })),
  ]);
});

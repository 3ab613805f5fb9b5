import { describe, expect } from 'vitest';
import { at, ata, fails, machine, one, runCases, TASK } from './harness';
import { StatesError, type Integration } from '../../lab/engine';

const proc = (state: Record<string, unknown>) => ({
  StartAt: 'I',
  States: {
    I: { ...state, ...(['Succeed', 'Fail', 'Choice'].includes(state.Type as string) ? {} : { End: true }) },
  },
});
const failOn =
  (bad: unknown): Integration =>
  async (t) => {
    if (t.parameters === bad) throw new StatesError('ItemFailed', `item ${String(bad)}`);
    return t.parameters;
  };

describe('Map state (inline)', () => {
  runCases([
    {
      name: 'runs the processor once per item, results in input order',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Pass', Parameters: { 'v.$': '$' } }) }),
      input: [1, 2, 3],
      output: [{ v: 1 }, { v: 2 }, { v: 3 }],
    },
    {
      name: 'ItemsPath selects the array',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemsPath: '$.list', ItemProcessor: proc({ Type: 'Pass' }) }),
      input: { list: ['a', 'b'] },
      output: ['a', 'b'],
    },
    {
      name: 'ItemsPath may read a variable',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { xs: [1, 2] }, Next: 'M' },
        M: { Type: 'Map', ItemsPath: '$xs', ItemProcessor: proc({ Type: 'Pass' }), End: true },
      }),
      output: [1, 2],
    },
    {
      name: 'an empty array gives []',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Pass' }) }),
      input: [],
      output: [],
    },
    {
      name: 'ItemSelector sees $$.Map.Item.Index and Value',
      ref: '§2.3',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'k.$': '$.k' },
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { l: ['a', 'b'], k: 1 },
      output: [
        { i: 0, v: 'a', k: 1 },
        { i: 1, v: 'b', k: 1 },
      ],
    },
    {
      name: 'legacy Parameters and Iterator still work',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        Parameters: { 'x.$': '$$.Map.Item.Value' },
        Iterator: proc({ Type: 'Pass' }),
      }),
      input: [7],
      output: [{ x: 7 }],
    },
    {
      name: 'JSONata Items as a literal array',
      ref: '§3.3',
      definition: ata({
        Type: 'Map',
        Items: [1, 2],
        ItemProcessor: proc({ Type: 'Pass', Output: '{% $states.input * 2 %}' }),
      }),
      output: [2, 4],
    },
    {
      name: 'JSONata Items as an expression',
      ref: '§3.3',
      definition: ata({
        Type: 'Map',
        Items: '{% $states.input.xs %}',
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { xs: [3] },
      output: [3],
    },
    {
      name: 'JSONata ItemSelector with $states.context.Map.Item',
      ref: '§3.3',
      definition: ata({
        Type: 'Map',
        Items: ['a'],
        ItemSelector: {
          idx: '{% $states.context.Map.Item.Index %}',
          val: '{% $states.context.Map.Item.Value %}',
          from: '{% $states.input.tag %}',
        },
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { tag: 't' },
      output: [{ idx: 0, val: 'a', from: 't' }],
    },
    {
      name: "JSONata Items that is not an array: AWS's message",
      ref: '§3.5',
      definition: ata({ Type: 'Map', Items: '{% 1 %}', ItemProcessor: proc({ Type: 'Pass' }) }),
      error: 'States.QueryEvaluationError',
      cause: at(
        'A',
        2,
        "The JSONata expression '1' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
      ),
    },
    {
      name: 'a non-array input without Items fails with a catchable QueryEvaluationError',
      ref: 'AWS-REC: first recorded set, 5 cases',
      definition: ata({ Type: 'Map', ItemProcessor: proc({ Type: 'Pass' }) }),
      input: { foo: 'bar' },
      error: 'States.QueryEvaluationError',
      cause: at('A', 2, 'Map state input must be an array but was: {"foo":"bar"}'),
    },
    {
      name: 'a JSONata Map Output sees $states.result',
      ref: '§3.2',
      definition: ata({
        Type: 'Map',
        Items: [1, 2, 3],
        ItemProcessor: proc({ Type: 'Pass' }),
        Output: '{% $count($states.result) %}',
      }),
      output: 3,
    },
    {
      name: 'ResultSelector and ResultPath on a Map',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        ItemProcessor: proc({ Type: 'Pass' }),
        ResultSelector: { 'n.$': 'States.ArrayLength($)' },
        ResultPath: '$.count',
      }),
      input: { l: [1, 2] },
      output: { l: [1, 2], count: { n: 2 } },
    },
    {
      name: 'MaxConcurrency 1 runs items one at a time, results in order',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: proc({ Type: 'Wait', SecondsPath: '$.s' }),
      }),
      input: [{ s: 3 }, { s: 1 }],
      output: [{ s: 3 }, { s: 1 }],
      check: (r) => {
        if ('execution' in r) expect(r.execution.stopDate! - r.execution.startDate).toBe(4000);
      },
    },
    {
      name: 'without MaxConcurrency items run side by side',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Wait', SecondsPath: '$.s' }) }),
      input: [{ s: 3 }, { s: 1 }],
      output: [{ s: 3 }, { s: 1 }],
      check: (r) => {
        if ('execution' in r) expect(r.execution.stopDate! - r.execution.startDate).toBe(3000);
      },
    },
    {
      name: 'MaxConcurrencyPath reads the limit',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        MaxConcurrencyPath: '$.c',
        ItemProcessor: proc({ Type: 'Wait', Seconds: 1 }),
      }),
      input: { l: [1, 2, 3], c: 1 },
      output: [1, 2, 3],
      check: (r) => {
        if ('execution' in r) expect(r.execution.stopDate! - r.execution.startDate).toBe(3000);
      },
    },
    {
      name: "a MaxConcurrencyPath that is not an integer: AWS's message",
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        MaxConcurrencyPath: '$.path',
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { l: [], path: {} },
      error: 'States.Runtime',
      cause: at(
        'A',
        2,
        'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.path',
      ),
    },
    {
      name: 'a failing iteration fails the Map with its own error',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Task', Resource: TASK }) }),
      input: [1, 2, 3],
      integrations: { [TASK]: failOn(2) },
      error: 'ItemFailed',
      cause: 'item 2',
    },
    {
      name: "a Catcher catches the iteration's error by name",
      ref: '§5.8',
      definition: machine({
        M: {
          Type: 'Map',
          ItemProcessor: proc({ Type: 'Fail', Error: 'HandleItemFailError', Cause: 'c' }),
          Catch: [{ ErrorEquals: ['HandleItemFailError'], Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      input: [1],
      output: { Error: 'HandleItemFailError', Cause: 'c' },
    },
    {
      name: 'ToleratedFailureCount lets some iterations fail',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ToleratedFailureCount: 1,
        ItemProcessor: proc({ Type: 'Task', Resource: TASK }),
      }),
      input: [1, 2, 3],
      integrations: { [TASK]: failOn(2) },
      output: [1, { Error: 'ItemFailed', Cause: 'item 2' }, 3],
    },
    {
      name: 'exceeding ToleratedFailureCount fails with States.ExceedToleratedFailureThreshold',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ToleratedFailureCount: 0,
        ItemProcessor: proc({ Type: 'Fail', Error: 'X' }),
      }),
      input: [1, 2],
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    },
    {
      name: 'ToleratedFailurePercentage allows that share of failures',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ToleratedFailurePercentage: 50,
        ItemProcessor: proc({ Type: 'Task', Resource: TASK }),
      }),
      input: [1, 2],
      integrations: { [TASK]: failOn(1) },
      output: [{ Error: 'ItemFailed', Cause: 'item 1' }, 2],
    },
    {
      name: 'exceeding ToleratedFailurePercentage fails',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ToleratedFailurePercentage: 10,
        ItemProcessor: proc({ Type: 'Task', Resource: TASK }),
      }),
      input: [1, 2],
      integrations: { [TASK]: failOn(1) },
      error: 'States.ExceedToleratedFailureThreshold',
    },
    {
      name: "a negative ToleratedFailureCountPath: AWS's message",
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        ToleratedFailureCountPath: '$.t',
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { l: [], t: -1 },
      error: 'States.Runtime',
      cause: at('A', 2, 'ToleratedFailureCount cannot be negative.'),
    },
    {
      name: "a ToleratedFailureCountPath that is not a number: AWS's message",
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        ToleratedFailureCountPath: '$.path',
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { l: [], path: 'NoNumber' },
      error: 'States.Runtime',
      cause: at(
        'A',
        2,
        'The ToleratedFailureCountPath field refers to value "NoNumber" which is not a valid integer: $.path',
      ),
    },
    {
      name: "a ToleratedFailurePercentagePath above 100: AWS's message",
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemsPath: '$.l',
        ToleratedFailurePercentagePath: '$.p',
        ItemProcessor: proc({ Type: 'Pass' }),
      }),
      input: { l: [], p: 101 },
      error: 'States.Runtime',
      cause: at('A', 2, 'ToleratedFailurePercentage must be between 0 and 100.'),
    },
    {
      name: 'a Fail with no Error inside a Map fails the Map with empty details',
      ref: '§5.6',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Fail' }) }),
      input: [1],
      error: '',
      cause: '',
    },
    {
      name: 'a Map inside a Map',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'Inner',
          States: { Inner: { Type: 'Map', ItemProcessor: proc({ Type: 'Pass' }), End: true } },
        },
      }),
      input: [[1, 2], [3]],
      output: [[1, 2], [3]],
    },
    {
      name: 'history: MapStateStarted carries the length; each iteration is named and indexed',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Pass' }) }),
      input: ['a', 'b'],
      output: ['a', 'b'],
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const h = r.execution.history();
        expect(h.find((e) => e.type === 'MapStateStarted')!.mapStateStartedEventDetails).toEqual({
          length: 2,
        });
        expect(
          h.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails),
        ).toEqual([
          { name: 'A', index: 0 },
          { name: 'A', index: 1 },
        ]);
        expect(h.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(2);
        expect(h.map((e) => e.type).slice(-3)).toEqual([
          'MapStateSucceeded',
          'MapStateExited',
          'ExecutionSucceeded',
        ]);
      },
    },
    {
      name: 'States.Runtime inside an iteration is not caught by the Map',
      ref: '§6.4',
      definition: machine({
        M: {
          Type: 'Map',
          ItemProcessor: proc({ Type: 'Pass', InputPath: '$.nope' }),
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      input: [{}],
      error: 'States.Runtime',
    },
    {
      name: 'a failing task in one iteration with fails() helper',
      ref: '§5.8',
      definition: one({ Type: 'Map', ItemProcessor: proc({ Type: 'Task', Resource: TASK }) }),
      input: [1],
      integrations: { [TASK]: fails('Boom', 'b') },
      error: 'Boom',
      cause: 'b',
    },
  ]);
});

describe('distributed-only fields in an INLINE Map are refused at definition time', () => {
  const inline = (extra: object) =>
    one({
      Type: 'Map',
      ...extra,
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...proc({ Type: 'Succeed' }) },
    });
  const refused = (field: string) => ({
    code: 'SCHEMA_VALIDATION_FAILED',
    location: `/States/A/${field}`,
    message: `The field '${field}' is only supported for a Map state in DISTRIBUTED mode`,
  });
  runCases([
    {
      name: 'ItemReader',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html',
      definition: inline({
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } },
      }),
      invalid: refused('ItemReader'),
    },
    {
      name: 'ItemBatcher',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html',
      definition: inline({ ItemBatcher: { MaxItemsPerBatch: 10 } }),
      invalid: refused('ItemBatcher'),
    },
    {
      name: 'ResultWriter',
      ref: 'https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html',
      definition: inline({
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } },
      }),
      invalid: refused('ResultWriter'),
    },
    {
      name: 'ProcessorConfig.Mode INLINE runs',
      ref: '§5.8',
      definition: inline({}),
      input: [1, 2],
      output: [1, 2],
    },
  ]);
});

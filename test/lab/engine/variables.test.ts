import { describe, expect } from 'vitest';
import { ata, machine, one, runCases, TASK, fails } from './harness';

const J = { QueryLanguage: 'JSONata' };

describe('variables and scopes', () => {
  runCases([
    {
      name: 'a JSONPath Assign is readable as $name in the next state',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { x: 5 }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'v.$': '$x' }, End: true },
      }),
      output: { v: 5 },
    },
    {
      name: 'a JSONata Assign is readable as $name in the next state',
      ref: '§4.1',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { x: '{% 2 + 3 %}' }, Next: 'B' },
          B: { Type: 'Pass', Output: '{% $x %}', End: true },
        },
        J,
      ),
      output: 5,
    },
    {
      name: 'all values of one Assign are computed against the values at state entry',
      ref: '§4.2',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: 42, old: '{% $x %}' }, Next: 'C' },
          C: { Type: 'Pass', Output: { x: '{% $x %}', old: '{% $old %}' }, End: true },
        },
        J,
      ),
      output: { x: 42, old: 1 },
    },
    {
      name: 'swapping two variables in one Assign works',
      ref: '§4.2',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { x: 1, y: 2 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'C' },
          C: { Type: 'Pass', Output: ['{% $x %}', '{% $y %}'], End: true },
        },
        J,
      ),
      output: [2, 1],
    },
    {
      name: 'Output in the same state still sees the entry value',
      ref: '§4.2',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: 2 }, Output: '{% $x %}', End: true },
        },
        J,
      ),
      output: 1,
    },
    {
      name: 'OutputPath "$answer" in the assigning state outputs the old value',
      ref: '§4.2',
      definition: machine({
        A: { Type: 'Pass', Assign: { answer: 42 }, Next: 'B' },
        B: { Type: 'Pass', Assign: { answer: 'new' }, OutputPath: '$answer', End: true },
      }),
      output: 42,
    },
    {
      name: 'JSONPath Assign evaluates paths, context, variables and intrinsics',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { other: 'o' }, Next: 'B' },
        B: {
          Type: 'Pass',
          Assign: {
            'x.$': '$.foo',
            'y.$': '$$.Execution.Name',
            'z.$': '$other',
            'w.$': "States.Format('{}!', $.foo)",
          },
          Next: 'C',
        },
        C: { Type: 'Pass', Parameters: { 'x.$': '$x', 'y.$': '$y', 'z.$': '$z', 'w.$': '$w' }, End: true },
      }),
      input: { foo: 'f' },
      output: { x: 'f', y: 'run-1', z: 'o', w: 'f!' },
    },
    {
      name: 'JSONPath Assign keys without .$ are literal',
      ref: '§2.2',
      definition: machine({
        A: { Type: 'Pass', Assign: { a: '$noSuchVar', b: '{% 1 %}', c: "States.Format('x')" }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'a.$': '$a', 'b.$': '$b', 'c.$': '$c' }, End: true },
      }),
      output: { a: '$noSuchVar', b: '{% 1 %}', c: "States.Format('x')" },
    },
    {
      name: 'a variable path can go into the value',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { cfg: { hours: { open: 9 } } }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'o.$': '$cfg.hours.open' }, End: true },
      }),
      output: { o: 9 },
    },
    {
      name: 'variables can be used in InputPath',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { v: { k: 1 } }, Next: 'B' },
        B: { Type: 'Pass', InputPath: '$v', End: true },
      }),
      output: { k: 1 },
    },
    {
      name: 'variables can be used in a Choice Variable',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { n: 3 }, Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$n', NumericEquals: 3, Next: 'Y' }], Default: 'N' },
        Y: { Type: 'Pass', Result: 'yes', End: true },
        N: { Type: 'Pass', Result: 'no', End: true },
      }),
      output: 'yes',
    },
    {
      name: 'variables can be intrinsic arguments',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { n: 'Ana' }, Next: 'B' },
        B: { Type: 'Pass', Parameters: { 'g.$': "States.Format('Hi {}', $n)" }, End: true },
      }),
      output: { g: 'Hi Ana' },
    },
    {
      name: 'an undefined variable in JSONPath is States.Runtime (UNCONFIRMED)',
      ref: '§2.4',
      definition: one({ Type: 'Pass', Parameters: { 'v.$': '$nope' } }),
      error: 'States.Runtime',
    },
    {
      name: 'an undefined variable in JSONata is States.QueryEvaluationError',
      ref: '§2.4',
      definition: ata({ Type: 'Pass', Output: '{% $nope %}' }),
      error: 'States.QueryEvaluationError',
      cause: /returned nothing \(undefined\)/,
    },
    {
      name: 'a matching Choice rule runs its own Assign, not the state-level one',
      ref: '§4.2',
      definition: machine(
        {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: true, Next: 'E', Assign: { r: 'rule' } }],
            Default: 'E',
            Assign: { r: 'state' },
          },
          E: { Type: 'Pass', Output: '{% $r %}', End: true },
        },
        J,
      ),
      output: 'rule',
    },
    {
      name: 'the Default path runs the state-level Assign',
      ref: '§4.2',
      definition: machine(
        {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: false, Next: 'E', Assign: { r: 'rule' } }],
            Default: 'E',
            Assign: { r: 'state' },
          },
          E: { Type: 'Pass', Output: '{% $r %}', End: true },
        },
        J,
      ),
      output: 'state',
    },
    {
      name: 'a Catcher Assign runs, the state Assign does not',
      ref: '§4.2',
      definition: machine(
        {
          T: {
            Type: 'Task',
            Resource: TASK,
            Assign: { v: 'task' },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'E', Assign: { v: 'catch' } }],
            End: true,
          },
          E: { Type: 'Pass', Output: '{% $v %}', End: true },
        },
        J,
      ),
      integrations: { [TASK]: fails('Boom') },
      output: 'catch',
    },
    {
      name: 'a Task Assign sees $states.result',
      ref: '§4.1',
      definition: machine(
        {
          T: {
            Type: 'Task',
            Resource: TASK,
            Arguments: { n: 7 },
            Assign: { got: '{% $states.result.n %}' },
            Next: 'E',
          },
          E: { Type: 'Pass', Output: '{% $got %}', End: true },
        },
        J,
      ),
      output: 7,
    },
    {
      name: 'Map iterations read outer variables',
      ref: '§4.3',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { k: 10 }, Next: 'M' },
          M: {
            Type: 'Map',
            Items: [1, 2],
            ItemProcessor: {
              StartAt: 'I',
              States: { I: { Type: 'Pass', Output: '{% $states.input + $k %}', End: true } },
            },
            End: true,
          },
        },
        J,
      ),
      output: [11, 12],
    },
    {
      name: 'Parallel branches read outer variables',
      ref: '§4.3',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { k: 'outer' }, Next: 'P' },
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'I', States: { I: { Type: 'Pass', Output: '{% $k %}', End: true } } }],
            End: true,
          },
        },
        J,
      ),
      output: ['outer'],
    },
    {
      name: 'an inner state may not assign a name of an outer scope',
      ref: '§4.3',
      definition: machine(
        {
          A: { Type: 'Pass', Assign: { k: 1 }, Next: 'P' },
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'I', States: { I: { Type: 'Pass', Assign: { k: 2 }, End: true } } }],
            End: true,
          },
        },
        J,
      ),
      error: 'States.Runtime',
      cause: /belongs to an outer scope/,
    },
    {
      name: 'branch variables do not leak out of the branch',
      ref: '§4.3',
      definition: machine(
        {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'I', States: { I: { Type: 'Pass', Assign: { inner: 1 }, End: true } } }],
            Next: 'E',
          },
          E: { Type: 'Pass', Output: '{% $inner %}', End: true },
        },
        J,
      ),
      error: 'States.QueryEvaluationError',
    },
    {
      name: 'two Map iterations may use the same inner name independently',
      ref: '§4.3',
      definition: ata({
        Type: 'Map',
        Items: [1, 2],
        ItemProcessor: {
          StartAt: 'I',
          States: {
            I: { Type: 'Pass', Assign: { mine: '{% $states.input %}' }, Next: 'O' },
            O: { Type: 'Pass', Output: '{% $mine * 10 %}', End: true },
          },
        },
      }),
      output: [10, 20],
    },
    {
      name: 'a Catcher Assign on a Parallel writes in the outer scope',
      ref: '§4.3',
      definition: machine(
        {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'X' } } }],
            Catch: [{ ErrorEquals: ['X'], Next: 'E', Assign: { caught: '{% $states.errorOutput.Error %}' } }],
            End: true,
          },
          E: { Type: 'Pass', Output: '{% $caught %}', End: true },
        },
        J,
      ),
      output: 'X',
    },
    {
      name: 'the execution shows its top-level variables and the history lists assigned values as JSON',
      ref: '§4.2',
      definition: ata({ Type: 'Pass', Assign: { greeting: 'hi', n: 2 } }),
      output: {},
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.variables()).toEqual({ greeting: 'hi', n: 2 });
        const exited = r.execution.history().find((e) => e.type === 'PassStateExited')!;
        expect(exited.stateExitedEventDetails).toMatchObject({
          assignedVariables: { greeting: '"hi"', n: '2' },
          assignedVariablesDetails: { truncated: false },
        });
      },
    },
    {
      name: 'Assign on a Wait state uses the effective input as $',
      ref: '§4.1',
      definition: machine({
        W: { Type: 'Wait', Seconds: 1, InputPath: '$.a', Assign: { 'v.$': '$.b' }, Next: 'E' },
        E: { Type: 'Pass', Parameters: { 'v.$': '$v' }, End: true },
      }),
      input: { a: { b: 3 } },
      output: { v: 3 },
    },
  ]);
});

describe('variable limits', () => {
  runCases([
    {
      name: 'an Assign over 256 KiB fails with States.DataLimitExceeded (UNCONFIRMED name)',
      ref: '§4.4',
      definition: one({ Type: 'Pass', Assign: { 'big.$': '$.s', 'again.$': '$.s' } }),
      input: { s: 'v'.repeat(140_000) },
      error: 'States.DataLimitExceeded',
    },
  ]);
});

describe('JSONPath Choice Assign', () => {
  runCases([
    {
      name: 'a JSONPath Choice rule Assign evaluates against the effective input',
      ref: '§4.1',
      definition: machine({
        C: {
          Type: 'Choice',
          InputPath: '$.in',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'E', Assign: { 'seen.$': '$.n' } }],
          Default: 'E',
          Assign: { seen: 'default' },
        },
        E: { Type: 'Pass', Parameters: { 'seen.$': '$seen' }, End: true },
      }),
      input: { in: { n: 5 } },
      output: { seen: 5 },
    },
    {
      name: 'a JSONPath Choice Default runs the state-level Assign',
      ref: '§4.2',
      definition: machine({
        C: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'E', Assign: { seen: 'rule' } }],
          Default: 'E',
          Assign: { seen: 'default' },
        },
        E: { Type: 'Pass', Parameters: { 'seen.$': '$seen' }, End: true },
      }),
      input: { n: 5 },
      output: { seen: 'default' },
    },
  ]);
});

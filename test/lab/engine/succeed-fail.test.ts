import { describe, expect } from 'vitest';
import { at, ata, machine, one, runCases } from './harness';

describe('Succeed and Fail states', () => {
  runCases([
    {
      name: 'Succeed ends the execution with its input',
      ref: '§5.5',
      definition: one({ Type: 'Succeed' }),
      input: { a: 1 },
      output: { a: 1 },
    },
    {
      name: 'Succeed applies InputPath and OutputPath',
      ref: '§5.5',
      definition: one({ Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' }),
      input: { a: { b: 3 } },
      output: 3,
    },
    {
      name: 'a JSONata Succeed uses Output',
      ref: '§5.5',
      definition: ata({ Type: 'Succeed', Output: '{% $states.input.a %}' }),
      input: { a: 'done' },
      output: 'done',
    },
    {
      name: 'Fail ends the execution with Error and Cause',
      ref: '§5.6',
      definition: one({ Type: 'Fail', Error: 'CustomError', Cause: 'Something broke' }),
      error: 'CustomError',
      cause: 'Something broke',
    },
    {
      name: 'ErrorPath and CausePath read the input',
      ref: '§5.6',
      definition: one({ Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c' }),
      input: { e: 'E1', c: 'C1' },
      error: 'E1',
      cause: 'C1',
    },
    {
      name: 'CausePath may be an intrinsic function',
      ref: '§2.2',
      definition: one({ Type: 'Fail', Error: 'E', CausePath: "States.Format('order {} failed', $.id)" }),
      input: { id: 7 },
      error: 'E',
      cause: 'order 7 failed',
    },
    {
      name: 'ErrorPath may read a variable',
      ref: '§2.4',
      definition: machine({
        A: { Type: 'Pass', Assign: { e: 'FromVar' }, Next: 'F' },
        F: { Type: 'Fail', ErrorPath: '$e' },
      }),
      error: 'FromVar',
    },
    {
      name: 'ErrorPath may read the context object',
      ref: '§2.3',
      definition: one({ Type: 'Fail', ErrorPath: '$$.State.Name' }),
      error: 'A',
    },
    {
      name: 'a missing ErrorPath is States.Runtime',
      ref: '§5.6',
      definition: one({ Type: 'Fail', ErrorPath: '$.ErrorX' }),
      input: { a: 1 },
      error: 'States.Runtime',
      cause: at(
        'A',
        2,
        "The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{\"a\":1}'",
      ),
    },
    {
      name: 'an ErrorPath that is not a string is States.Runtime',
      ref: '§5.6',
      definition: one({ Type: 'Fail', ErrorPath: '$.e' }),
      input: { e: 5 },
      error: 'States.Runtime',
    },
    {
      name: 'a Fail with neither Error nor Cause fails with empty details',
      ref: '§5.6',
      definition: one({ Type: 'Fail' }),
      error: '',
      cause: '',
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const failed = r.execution.history().at(-1)!;
        expect(failed.type).toBe('ExecutionFailed');
        expect(failed.executionFailedEventDetails).toEqual({});
      },
    },
    {
      name: 'JSONata Error and Cause expressions',
      ref: '§5.6',
      definition: ata({
        Type: 'Fail',
        Error: '{% "E." & $states.input.k %}',
        Cause: '{% $string($states.input.n) %}',
      }),
      input: { k: 'x', n: 3 },
      error: 'E.x',
      cause: '3',
    },
    {
      name: 'a JSONata Error that is not a string fails',
      ref: '§3.3',
      definition: ata({ Type: 'Fail', Error: '{% 5 %}' }),
      error: 'States.Runtime',
    },
    {
      name: 'history ends with FailStateEntered then ExecutionFailed, no exit event',
      ref: '§5.6',
      definition: one({ Type: 'Fail', Error: 'E', Cause: 'C' }),
      error: 'E',
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.history().map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'FailStateEntered',
          'ExecutionFailed',
        ]);
        expect(r.execution.history().at(-1)!.executionFailedEventDetails).toEqual({ error: 'E', cause: 'C' });
      },
    },
  ]);
});

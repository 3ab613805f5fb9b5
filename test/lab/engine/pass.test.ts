import { describe } from 'vitest';
import { ata, machine, one, runCases } from './harness';

describe('Pass state', () => {
  runCases([
    {
      name: 'passes its input through when it has no Result',
      ref: '§5.1',
      definition: one({ Type: 'Pass' }),
      input: { a: 1 },
      output: { a: 1 },
    },
    {
      name: 'Result replaces the input by default',
      ref: '§5.1',
      definition: one({ Type: 'Pass', Result: { x: 1 } }),
      input: { a: 1 },
      output: { x: 1 },
    },
    {
      name: 'Result is placed at ResultPath',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Result: 'hi', ResultPath: '$.greeting' }),
      input: { a: 1 },
      output: { a: 1, greeting: 'hi' },
    },
    {
      name: 'Result is not a template: .$ keys are kept verbatim',
      ref: '§2.2',
      definition: one({ Type: 'Pass', Result: { 'TestResult.$': 'ConditionTrue' } }),
      output: { 'TestResult.$': 'ConditionTrue' },
    },
    {
      name: 'Parameters build the result from the input',
      ref: '§5.1',
      definition: one({ Type: 'Pass', Parameters: { 'b.$': '$.a', c: 2 } }),
      input: { a: 1 },
      output: { b: 1, c: 2 },
    },
    {
      name: 'ResultPath null keeps the input',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Result: 1, ResultPath: null }),
      input: { a: 1 },
      output: { a: 1 },
    },
    {
      name: 'a JSONata Pass with no Output passes its input',
      ref: '§3.3',
      definition: ata({ Type: 'Pass' }),
      input: { a: 1 },
      output: { a: 1 },
    },
    {
      name: 'a JSONata Pass Output replaces the output',
      ref: '§3.3',
      definition: ata({ Type: 'Pass', Output: { sum: '{% $states.input.a + 1 %}' } }),
      input: { a: 1 },
      output: { sum: 2 },
    },
    {
      name: 'a chain of Pass states follows Next',
      ref: '§5',
      definition: machine({
        A: { Type: 'Pass', Result: 1, ResultPath: '$.a', Next: 'B' },
        B: { Type: 'Pass', Result: 2, ResultPath: '$.b', End: true },
      }),
      output: { a: 1, b: 2 },
    },
    {
      name: 'a Pass may write a deep ResultPath, creating objects',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Result: 5, ResultPath: '$.x.y.z' }),
      input: { x: { w: 1 } },
      output: { x: { w: 1, y: { z: 5 } } },
    },
    {
      name: 'ResultPath into a non-object input fails with States.ResultPathMatchFailure',
      ref: '§2.1',
      definition: one({ Type: 'Pass', Result: 5, ResultPath: '$.x' }),
      input: 'foo',
      error: 'States.ResultPathMatchFailure',
    },
    {
      name: 'history records PassStateEntered/Exited with JSON input and output',
      ref: '§5.1',
      definition: one({ Type: 'Pass', Result: { x: 1 } }),
      input: { a: 1 },
      output: { x: 1 },
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const h = r.execution.history();
        const types = h.map((e) => e.type);
        if (types.join() !== 'ExecutionStarted,PassStateEntered,PassStateExited,ExecutionSucceeded')
          throw new Error(types.join());
        const entered = h[1] as Record<string, unknown>;
        if (
          JSON.stringify(entered.stateEnteredEventDetails) !==
          JSON.stringify({ name: 'A', input: '{"a":1}', inputDetails: { truncated: false } })
        )
          throw new Error(JSON.stringify(entered));
        if (h.some((e, i) => e.id !== i + 1 || e.previousEventId !== i)) throw new Error('ids');
      },
    },
  ]);
});

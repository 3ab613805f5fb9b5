import { describe, expect } from 'vitest';
import { ata, fails, machine, one, runCases, TASK } from './harness';

let n = 0;
/** A one-state branch; state names are unique across the whole machine. */
const branch = (state: Record<string, unknown>) => {
  const name = `B${++n}`;
  return {
    StartAt: name,
    States: {
      [name]: { ...state, ...(['Succeed', 'Fail'].includes(state.Type as string) ? {} : { End: true }) },
    },
  };
};

describe('Parallel state', () => {
  runCases([
    {
      name: 'the result is the branch outputs in branch order',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [
          branch({ Type: 'Pass', Result: 1 }),
          branch({ Type: 'Wait', Seconds: 5, OutputPath: '$.v' }),
          branch({ Type: 'Pass', Result: 3 }),
        ],
      }),
      input: { v: 2 },
      output: [1, 2, 3],
    },
    {
      name: 'every branch gets the same input',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [branch({ Type: 'Pass', InputPath: '$.a' }), branch({ Type: 'Pass', InputPath: '$.a' })],
      }),
      input: { a: 'x' },
      output: ['x', 'x'],
    },
    {
      name: 'Parameters build the branch input',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Parameters: { 'k.$': '$.a' },
        Branches: [branch({ Type: 'Pass' })],
      }),
      input: { a: 1 },
      output: [{ k: 1 }],
    },
    {
      name: 'ResultSelector and ResultPath place the result',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [branch({ Type: 'Pass', Result: 'a' }), branch({ Type: 'Pass', Result: 'b' })],
        ResultSelector: { 'first.$': '$[0]' },
        ResultPath: '$.out',
      }),
      input: { keep: 1 },
      output: { keep: 1, out: { first: 'a' } },
    },
    {
      name: 'JSONata Arguments and Output',
      ref: '§5.7',
      definition: ata({
        Type: 'Parallel',
        Arguments: { n: '{% $states.input.n %}' },
        Output: '{% $sum($states.result) %}',
        Branches: [
          branch({ Type: 'Pass', Output: '{% $states.input.n %}' }),
          branch({ Type: 'Pass', Output: '{% $states.input.n * 10 %}' }),
        ],
      }),
      input: { n: 2 },
      output: 22,
    },
    {
      name: "a failing branch fails the state with the branch's own error, not States.BranchFailed",
      ref: '§11.4',
      definition: one({
        Type: 'Parallel',
        Branches: [
          branch({ Type: 'Pass' }),
          branch({ Type: 'Fail', Error: 'FailureType', Cause: 'Cause description' }),
        ],
      }),
      error: 'FailureType',
      cause: 'Cause description',
    },
    {
      name: 'a Catcher on the inner error name catches a branch failure',
      ref: '§5.7',
      definition: machine({
        P: {
          Type: 'Parallel',
          Branches: [branch({ Type: 'Fail', Error: 'FailureType', Cause: 'c' })],
          Catch: [{ ErrorEquals: ['FailureType'], Next: 'H', ResultPath: '$.err' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      input: { a: 1 },
      output: { a: 1, err: { Error: 'FailureType', Cause: 'c' } },
    },
    {
      name: 'a task failure inside a branch propagates its name',
      ref: '§11.4',
      definition: one({ Type: 'Parallel', Branches: [branch({ Type: 'Task', Resource: TASK })] }),
      integrations: { [TASK]: fails('Custom.Error', 'boom') },
      error: 'Custom.Error',
      cause: 'boom',
    },
    {
      name: 'a States.Runtime inside a branch fails the execution',
      ref: '§2.1',
      definition: one({
        Type: 'Parallel',
        Branches: [branch({ Type: 'Pass', InputPath: '$.nope' })],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'A' }],
      }),
      error: 'States.Runtime',
      cause:
        /^An error occurred while executing the state 'B\d+' \(entered at the event id #4\)\. Invalid path '\$\.nope' : No results for path: \$\['nope'\]$/,
    },
    {
      name: 'nested Parallel states',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Parallel', Branches: [branch({ Type: 'Pass', Result: 'deep' })], End: true },
            },
          },
        ],
      }),
      output: [['deep']],
    },
    {
      name: 'a branch with several states runs them in order',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'X',
            States: {
              X: { Type: 'Pass', Result: 1, ResultPath: '$.x', Next: 'Y' },
              Y: { Type: 'Pass', Result: 2, ResultPath: '$.y', End: true },
            },
          },
        ],
      }),
      output: [{ x: 1, y: 2 }],
    },
    {
      name: 'history: ParallelStateEntered, Started, branch states, Succeeded, Exited',
      ref: '§5.7',
      definition: one({ Type: 'Parallel', Branches: [branch({ Type: 'Pass' })] }),
      output: [{}],
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.history().map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'ParallelStateEntered',
          'ParallelStateStarted',
          'PassStateEntered',
          'PassStateExited',
          'ParallelStateSucceeded',
          'ParallelStateExited',
          'ExecutionSucceeded',
        ]);
      },
    },
    {
      name: 'a failing branch stops the others',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [branch({ Type: 'Wait', Seconds: 3600 }), branch({ Type: 'Fail', Error: 'Stop' })],
      }),
      error: 'Stop',
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.stopDate! - r.execution.startDate).toBe(0);
        expect(r.execution.history().map((e) => e.type)).not.toContain('WaitStateExited');
      },
    },
  ]);
});

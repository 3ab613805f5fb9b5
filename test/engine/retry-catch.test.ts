import { describe, expect } from 'vitest';
import { ata, fails, flaky, machine, one, runCases, TASK } from './harness';
import { StatesError, type RunResult } from '../../lab/engine';

const took = (ms: number) => (r: RunResult) => {
  if (!('execution' in r)) throw new Error('no execution');
  expect(r.execution.stopDate! - r.execution.startDate).toBe(ms);
};
const scheduled = (n: number) => (r: RunResult) => {
  if (!('execution' in r)) throw new Error('no execution');
  expect(r.execution.history().filter((e) => e.type === 'TaskScheduled')).toHaveLength(n);
};
const task = (extra: Record<string, unknown>) => one({ Type: 'Task', Resource: TASK, ...extra });
/** A Task with catchers that lead to H (passes the error output) or H2 (outputs 'second'). */
const handled = (
  catchers: ({ Next: string } & Record<string, unknown>)[],
  extra: Record<string, unknown> = {},
) => {
  const used = new Set(catchers.map((c) => c.Next));
  return machine({
    T: { Type: 'Task', Resource: TASK, Catch: catchers, End: true, ...extra },
    ...(used.has('H') ? { H: { Type: 'Pass', End: true } } : {}),
    ...(used.has('H2') ? { H2: { Type: 'Pass', Result: 'second', End: true } } : {}),
  });
};

describe('Retry and Catch', () => {
  runCases([
    {
      name: 'a retrier retries until the task succeeds',
      ref: '§6.2',
      definition: task({ Retry: [{ ErrorEquals: ['Flaky'] }] }),
      integrations: { [TASK]: flaky(2) },
      output: { attempts: 3 },
      check: scheduled(3),
    },
    {
      name: 'the default interval is 1 s with backoff 2.0 (1 s + 2 s)',
      ref: '§6.2',
      definition: task({ Retry: [{ ErrorEquals: ['Flaky'] }] }),
      integrations: { [TASK]: flaky(2) },
      output: { attempts: 3 },
      check: took(3000),
    },
    {
      name: 'IntervalSeconds and BackoffRate set the delays (3 s, 9 s, 27 s)',
      ref: '§6.2',
      definition: task({
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 3, BackoffRate: 3, MaxAttempts: 3 }],
      }),
      integrations: { [TASK]: flaky(3) },
      output: { attempts: 4 },
      check: took(39_000),
    },
    {
      name: 'MaxDelaySeconds caps each interval',
      ref: '§6.2',
      definition: task({
        Retry: [
          {
            ErrorEquals: ['Flaky'],
            IntervalSeconds: 10,
            BackoffRate: 10,
            MaxAttempts: 3,
            MaxDelaySeconds: 15,
          },
        ],
      }),
      integrations: { [TASK]: flaky(3) },
      output: { attempts: 4 },
      check: took(40_000),
    },
    {
      name: 'JitterStrategy FULL never waits longer than the computed interval',
      ref: '§6.2',
      definition: task({
        Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 10, JitterStrategy: 'FULL', MaxAttempts: 1 }],
      }),
      integrations: { [TASK]: flaky(1) },
      output: { attempts: 2 },
      check: (r) => {
        if ('execution' in r)
          expect(r.execution.stopDate! - r.execution.startDate).toBeLessThanOrEqual(10_000);
      },
    },
    {
      name: 'after MaxAttempts the error goes on',
      ref: '§6.2',
      definition: task({ Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 2 }] }),
      integrations: { [TASK]: flaky(5) },
      error: 'Flaky',
      cause: 'attempt 3',
      check: scheduled(3),
    },
    {
      name: 'MaxAttempts 0 never retries',
      ref: '§6.2',
      definition: task({ Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 0 }] }),
      integrations: { [TASK]: flaky(1) },
      error: 'Flaky',
      check: scheduled(1),
    },
    {
      name: 'a retrier for another error does not retry',
      ref: '§6.2',
      definition: task({ Retry: [{ ErrorEquals: ['Other'] }] }),
      integrations: { [TASK]: flaky(1) },
      error: 'Flaky',
      check: scheduled(1),
    },
    {
      name: 'States.ALL retries any error',
      ref: '§6.4',
      definition: task({ Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1 }] }),
      integrations: { [TASK]: flaky(1) },
      output: { attempts: 2 },
    },
    {
      name: "States.TaskFailed matches a task's own error",
      ref: '§6.4',
      definition: task({ Retry: [{ ErrorEquals: ['States.TaskFailed'] }] }),
      integrations: { [TASK]: flaky(1) },
      output: { attempts: 2 },
    },
    {
      name: 'the first matching retrier decides; when it is exhausted later ones are not consulted',
      ref: '§6.2',
      definition: task({
        Retry: [
          { ErrorEquals: ['Flaky'], MaxAttempts: 1 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
        ],
      }),
      integrations: { [TASK]: flaky(3) },
      error: 'Flaky',
      check: scheduled(2),
    },
    {
      name: 'each retrier keeps its own count',
      ref: '§6.2',
      definition: task({
        Retry: [
          { ErrorEquals: ['A'], MaxAttempts: 1 },
          { ErrorEquals: ['B'], MaxAttempts: 1 },
        ],
      }),
      integrations: {
        [TASK]: (() => {
          let n = 0;
          return async () => {
            n++;
            if (n <= 2) throw new StatesError(n === 1 ? 'A' : 'B', '');
            return n;
          };
        })(),
      },
      output: 3,
    },
    {
      name: '$$.State.RetryCount counts the retries',
      ref: '§6.2',
      definition: task({
        Parameters: { 'rc.$': '$$.State.RetryCount' },
        Retry: [{ ErrorEquals: ['States.ALL'] }],
      }),
      integrations: {
        [TASK]: (() => {
          let n = 0;
          return async (t) => {
            if (n++ < 2) throw new Error('x');
            return t.parameters;
          };
        })(),
      },
      output: { rc: 2 },
    },
    {
      name: 'States.Runtime is never retried',
      ref: '§6.4',
      definition: one({
        Type: 'Task',
        Resource: TASK,
        Parameters: { 'x.$': '$.missing' },
        Retry: [{ ErrorEquals: ['States.Runtime'] }],
      }),
      error: 'States.Runtime',
    },
    {
      name: 'a Catcher sends the Error Output to Next',
      ref: '§6.3',
      definition: handled([{ ErrorEquals: ['Boom'], Next: 'H' }]),
      integrations: { [TASK]: fails('Boom', 'why') },
      input: { a: 1 },
      output: { Error: 'Boom', Cause: 'why' },
    },
    {
      name: 'Catcher ResultPath keeps the input and adds the error',
      ref: '§6.3',
      definition: handled([{ ErrorEquals: ['Boom'], Next: 'H', ResultPath: '$.error' }]),
      integrations: { [TASK]: fails('Boom', 'why') },
      input: { a: 1 },
      output: { a: 1, error: { Error: 'Boom', Cause: 'why' } },
    },
    {
      name: 'Catcher ResultPath null keeps only the input',
      ref: '§6.3',
      definition: handled([{ ErrorEquals: ['Boom'], Next: 'H', ResultPath: null }]),
      integrations: { [TASK]: fails('Boom') },
      input: { a: 1 },
      output: { a: 1 },
    },
    {
      name: 'the first matching Catcher wins',
      ref: '§6.3',
      definition: handled([
        { ErrorEquals: ['Other'], Next: 'H' },
        { ErrorEquals: ['Boom'], Next: 'H2' },
        { ErrorEquals: ['States.ALL'], Next: 'H' },
      ]),
      integrations: { [TASK]: fails('Boom') },
      output: 'second',
    },
    {
      name: 'States.ALL catches a custom error',
      ref: '§6.4',
      definition: handled([{ ErrorEquals: ['States.ALL'], Next: 'H2' }]),
      integrations: { [TASK]: fails('Anything') },
      output: 'second',
    },
    {
      name: 'States.TaskFailed catches an error thrown by the integration',
      ref: '§6.4',
      definition: handled([{ ErrorEquals: ['States.TaskFailed'], Next: 'H2' }]),
      integrations: { [TASK]: async () => Promise.reject(new Error('plain')) },
      output: 'second',
    },
    {
      name: 'States.TaskFailed does not catch States.Timeout',
      ref: '§6.4',
      definition: handled([{ ErrorEquals: ['States.TaskFailed'], Next: 'H2' }], { TimeoutSeconds: 1 }),
      integrations: { [TASK]: () => new Promise(() => {}) },
      error: 'States.Timeout',
    },
    {
      name: 'States.Runtime is not caught even by an explicit catcher',
      ref: '§2.1',
      definition: handled(
        [
          { ErrorEquals: ['States.Runtime'], Next: 'H' },
          { ErrorEquals: ['States.ALL'], Next: 'H' },
        ],
        { InputPath: '$.nope' },
      ),
      error: 'States.Runtime',
    },
    {
      name: 'retry happens before catch',
      ref: '§6.3',
      definition: handled([{ ErrorEquals: ['Flaky'], Next: 'H' }], {
        Retry: [{ ErrorEquals: ['Flaky'], MaxAttempts: 1 }],
      }),
      integrations: { [TASK]: flaky(2) },
      output: { Error: 'Flaky', Cause: 'attempt 2' },
      check: scheduled(2),
    },
    {
      name: 'a JSONata Catcher Output can use $states.errorOutput and $states.input',
      ref: '§6.3',
      definition: machine(
        {
          T: {
            Type: 'Task',
            Resource: TASK,
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                Next: 'H',
                Output: { err: '{% $states.errorOutput.Error %}', was: '{% $states.input.a %}' },
              },
            ],
            End: true,
          },
          H: { Type: 'Pass', End: true },
        },
        { QueryLanguage: 'JSONata' },
      ),
      integrations: { [TASK]: fails('Boom') },
      input: { a: 1 },
      output: { err: 'Boom', was: 1 },
    },
    {
      name: 'a JSONata Catcher without Output outputs the Error Output',
      ref: '§3.3',
      definition: machine(
        {
          T: { Type: 'Task', Resource: TASK, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }], End: true },
          H: { Type: 'Pass', End: true },
        },
        { QueryLanguage: 'JSONata' },
      ),
      integrations: { [TASK]: fails('Boom', 'c') },
      output: { Error: 'Boom', Cause: 'c' },
    },
    {
      name: 'a failing Catcher Output reports the catcher field path',
      ref: '§3.5',
      definition: machine(
        {
          T: {
            Type: 'Task',
            Resource: TASK,
            Catch: [
              { ErrorEquals: ['States.ALL'], Next: 'H', Output: { v: '{% $states.errorOutput.nope %}' } },
            ],
            End: true,
          },
          H: { Type: 'Pass', End: true },
        },
        { QueryLanguage: 'JSONata' },
      ),
      integrations: { [TASK]: fails('Boom') },
      error: 'States.QueryEvaluationError',
      cause: /specified for the field 'Catch\[0\]\/Output\/v' returned nothing/,
    },
    {
      name: 'a JSONPath Catcher Assign sees the Error Output as $',
      ref: '§4.1',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: TASK,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', Assign: { 'e.$': '$.Error' } }],
          End: true,
        },
        H: { Type: 'Pass', Parameters: { 'e.$': '$e' }, End: true },
      }),
      integrations: { [TASK]: fails('Boom') },
      output: { e: 'Boom' },
    },
    {
      name: 'Retry and Catch work on a Parallel state',
      ref: '§6.2',
      definition: machine({
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, End: true } } }],
          Retry: [{ ErrorEquals: ['Flaky'] }],
          End: true,
        },
      }),
      integrations: { [TASK]: flaky(1) },
      output: [{ attempts: 2 }],
    },
    {
      name: 'a QueryEvaluationError is retriable',
      ref: '§3.5',
      definition: ata({
        Type: 'Task',
        Resource: TASK,
        Output: '{% $states.result.ok ? 1 : $states.result.nope %}',
        Retry: [{ ErrorEquals: ['States.QueryEvaluationError'], MaxAttempts: 1 }],
      }),
      integrations: {
        [TASK]: (() => {
          let n = 0;
          return async () => ({ ok: ++n > 1 });
        })(),
      },
      output: 1,
    },
    {
      name: "a Fail state's error can be caught by the enclosing Map",
      ref: '§6.3',
      definition: machine({
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } },
          Catch: [{ ErrorEquals: ['E'], Next: 'H', ResultPath: '$' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      input: [1],
      output: { Error: 'E', Cause: 'C' },
    },
  ]);
});

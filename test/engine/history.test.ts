import { describe, expect } from 'vitest';
import { ata, fails, one, runCases, TASK } from './harness';
import type { RunResult } from '../../lab/engine';

/** Every event has the next id and points back to an earlier event. */
const consistent = (r: RunResult) => {
  if (!('execution' in r)) throw new Error('no execution');
  const h = r.execution.history();
  h.forEach((e, i) => {
    expect(e.id).toBe(i + 1);
    expect(e.previousEventId).toBeLessThan(e.id);
    expect(e.previousEventId).toBeGreaterThanOrEqual(0);
  });
  return h;
};

describe('execution history', () => {
  runCases([
    {
      name: 'ids and previousEventId stay consistent across Parallel branches',
      ref: '§5.7',
      definition: one({
        Type: 'Parallel',
        Branches: [
          { StartAt: 'X', States: { X: { Type: 'Wait', Seconds: 2, End: true } } },
          { StartAt: 'Y', States: { Y: { Type: 'Pass', End: true } } },
        ],
      }),
      output: [{}, {}],
      check: (r) => {
        const h = consistent(r);
        const started = h.find((e) => e.type === 'ParallelStateStarted')!;
        const firstInBranch = h.filter((e) => e.type.endsWith('StateEntered') && e.id > started.id);
        expect(firstInBranch.every((e) => e.previousEventId === started.id)).toBe(true);
      },
    },
    {
      name: 'each Map iteration starts from MapStateStarted',
      ref: '§5.8',
      definition: one({
        Type: 'Map',
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      }),
      input: [1, 2, 3],
      output: [1, 2, 3],
      check: (r) => {
        const h = consistent(r);
        const started = h.find((e) => e.type === 'MapStateStarted')!;
        expect(
          h.filter((e) => e.type === 'MapIterationStarted').every((e) => e.previousEventId === started.id),
        ).toBe(true);
      },
    },
    {
      name: 'a JSONata failure records EvaluationFailed before ExecutionFailed',
      ref: '§3.5',
      definition: ata({ Type: 'Pass', Output: '{% $states.input.nope %}' }),
      error: 'States.QueryEvaluationError',
      check: (r) => {
        const h = consistent(r);
        expect(h.map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'PassStateEntered',
          'EvaluationFailed',
          'ExecutionFailed',
        ]);
        expect(h[2]!.evaluationFailedEventDetails).toMatchObject({
          error: 'States.QueryEvaluationError',
          state: 'A',
        });
      },
    },
    {
      name: 'each retry re-emits the task events',
      ref: '§6.2',
      definition: one({ Type: 'Task', Resource: TASK, Retry: [{ ErrorEquals: ['E'], MaxAttempts: 1 }] }),
      integrations: { [TASK]: fails('E') },
      error: 'E',
      check: (r) => {
        const h = consistent(r);
        expect(h.map((e) => e.type)).toEqual([
          'ExecutionStarted',
          'TaskStateEntered',
          'TaskScheduled',
          'TaskStarted',
          'TaskFailed',
          'TaskScheduled',
          'TaskStarted',
          'TaskFailed',
          'ExecutionFailed',
        ]);
      },
    },
    {
      name: 'ExecutionStarted carries the input and role; ExecutionSucceeded the output',
      ref: '§8.3',
      definition: one({ Type: 'Pass', Result: { done: true } }),
      input: { a: 1 },
      output: { done: true },
      check: (r) => {
        const h = consistent(r);
        expect(h[0]!.executionStartedEventDetails).toMatchObject({
          input: '{"a":1}',
          inputDetails: { truncated: false },
        });
        expect(h.at(-1)!.executionSucceededEventDetails).toEqual({
          output: '{"done":true}',
          outputDetails: { truncated: false },
        });
      },
    },
  ]);
});

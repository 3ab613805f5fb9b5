import { describe, expect } from 'vitest';
import { machine, one, runCases, TASK } from './harness';
import type { Integration, RunResult } from '../../lab/engine';

const never: Integration = () => new Promise(() => {});
/** Resolves after `seconds` of lab time. */
const slow =
  (seconds: number): Integration =>
  (t) =>
    t.clock.sleep(seconds * 1000, t.signal).then(() => 'slow done');
const took = (ms: number) => (r: RunResult) => {
  if (!('execution' in r)) throw new Error('no execution');
  expect(r.execution.stopDate! - r.execution.startDate).toBe(ms);
};

describe('timeouts and heartbeats', () => {
  runCases([
    {
      name: 'TimeoutSeconds fails a slow task with States.Timeout and an empty cause',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 5 }),
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      cause: '',
      check: took(5000),
    },
    {
      name: 'a task that finishes in time is not timed out',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 10 }),
      integrations: { [TASK]: slow(3) },
      output: 'slow done',
    },
    {
      name: 'the timed-out integration sees its signal aborted',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 2 }),
      integrations: { [TASK]: slow(100) },
      error: 'States.Timeout',
      check: took(2000),
    },
    {
      name: 'a timeout records TaskTimedOut',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSeconds: 1 }),
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const ev = r.execution.history().find((e) => e.type === 'TaskTimedOut')!;
        expect(ev.taskTimedOutEventDetails).toEqual({
          resourceType: 'lambda',
          resource: 'invoke',
          error: 'States.Timeout',
          cause: '',
        });
      },
    },
    {
      name: 'a Catcher on States.Timeout catches it with Error Output {Error, Cause: ""}',
      ref: '§5.2',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: TASK,
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      integrations: { [TASK]: never },
      output: { Error: 'States.Timeout', Cause: '' },
    },
    {
      name: 'TimeoutSecondsPath reads the timeout from the input',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSecondsPath: '$.t' }),
      input: { t: 7 },
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: took(7000),
    },
    {
      name: 'a missing TimeoutSecondsPath is States.Runtime',
      ref: '§2.1',
      definition: one({ Type: 'Task', Resource: TASK, TimeoutSecondsPath: '$.NoSuchInputPath' }),
      integrations: { [TASK]: never },
      error: 'States.Runtime',
      cause: /Invalid path '\$\.NoSuchInputPath' : No results for path: \$\['NoSuchInputPath'\]/,
    },
    {
      name: 'a JSONata TimeoutSeconds expression',
      ref: '§3.1',
      definition: one(
        { Type: 'Task', Resource: TASK, TimeoutSeconds: '{% $states.input.t %}' },
        { QueryLanguage: 'JSONata' },
      ),
      input: { t: 4 },
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: took(4000),
    },
    {
      name: 'a decimal JSONata TimeoutSeconds is refused at run time',
      ref: '§3.3',
      definition: one(
        { Type: 'Task', Resource: TASK, TimeoutSeconds: '{% 1.6 %}' },
        { QueryLanguage: 'JSONata' },
      ),
      integrations: { [TASK]: never },
      error: 'States.QueryEvaluationError',
    },
    {
      name: 'a negative JSONata TimeoutSeconds is refused',
      ref: '§3.3',
      definition: one(
        { Type: 'Task', Resource: TASK, TimeoutSeconds: '{% -1 %}' },
        { QueryLanguage: 'JSONata' },
      ),
      integrations: { [TASK]: never },
      error: 'States.QueryEvaluationError',
    },
    {
      name: 'HeartbeatSeconds expiry fails with States.Timeout',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: TASK, HeartbeatSeconds: 3 }),
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: took(3000),
    },
    {
      name: 'States.HeartbeatTimeout catches a heartbeat expiry',
      ref: '§6.5',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: TASK,
          HeartbeatSeconds: 3,
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      integrations: { [TASK]: never },
      output: { Error: 'States.Timeout', Cause: '' },
    },
    {
      name: 'States.HeartbeatTimeout does not catch a TimeoutSeconds expiry',
      ref: '§6.5',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: TASK,
          TimeoutSeconds: 3,
          Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'H' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      integrations: { [TASK]: never },
      error: 'States.Timeout',
    },
    {
      name: 'HeartbeatSecondsPath reads the heartbeat from the input',
      ref: '§5.2',
      definition: one({ Type: 'Task', Resource: TASK, HeartbeatSecondsPath: '$.h' }),
      input: { h: 2 },
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: took(2000),
    },
    {
      name: 'a timeout can be retried',
      ref: '§6.2',
      definition: one({
        Type: 'Task',
        Resource: TASK,
        TimeoutSeconds: 2,
        Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1, IntervalSeconds: 1 }],
      }),
      integrations: { [TASK]: never },
      error: 'States.Timeout',
      check: took(5000),
    },
    {
      name: 'the machine TimeoutSeconds times out the execution',
      ref: '§8.2',
      definition: one({ Type: 'Wait', Seconds: 100 }, { TimeoutSeconds: 10 }),
      check: (r) => {
        expect(r.status).toBe('TIMED_OUT');
        if (r.status === 'TIMED_OUT') expect(r.error).toBe('States.Timeout');
        took(10_000)(r);
      },
    },
    {
      name: 'an execution timeout records ExecutionTimedOut',
      ref: '§8.2',
      definition: one({ Type: 'Wait', Seconds: 100 }, { TimeoutSeconds: 10 }),
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        expect(r.execution.history().at(-1)!.type).toBe('ExecutionTimedOut');
      },
    },
    {
      name: 'a task waiting forever ends when the one-year limit is reached',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' }),
      integrations: { 'arn:aws:states:::sqs:sendMessage': async () => ({ MessageId: 'm' }) },
      check: (r) => expect(r.status).toBe('TIMED_OUT'),
    },
  ]);
});

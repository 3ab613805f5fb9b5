import { describe, expect, it } from 'vitest';
import { LabClock } from '../../lab/clock';
import {
  createEngine,
  TaskTokenError,
  type Engine,
  type Integration,
  type TaskInvocation,
} from '../../lab/engine';
import { ata, machine, one, runCases } from './harness';

const SQS = 'arn:aws:states:::sqs:sendMessage';
const WAIT = `${SQS}.waitForTaskToken`;
const sent: Integration = async () => ({ MessageId: 'msg-1' });
const cb = (fn: (token: string, engine: Engine, task: TaskInvocation) => void) => ({
  integrations: { [SQS]: sent },
  onTaskToken: fn,
});
const later = (seconds: number, fn: () => void) => (_t: string, _e: Engine, task: TaskInvocation) =>
  void task.clock.setTimer(seconds * 1000, fn);

describe('task tokens (.waitForTaskToken)', () => {
  runCases([
    {
      name: 'the result is the output sent with SendTaskSuccess',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, Parameters: { 'token.$': '$$.Task.Token' } }),
      ...cb((t, e) => e.sendTaskSuccess(t, 'test_message_txt')),
      output: 'test_message_txt',
    },
    {
      name: 'the token is in $$.Task.Token before Parameters are evaluated',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, Parameters: { 'token.$': '$$.Task.Token' } }),
      ...cb((t, e, task) =>
        e.sendTaskSuccess(t, { same: (task.parameters as { token: string }).token === t }),
      ),
      output: { same: true },
    },
    {
      name: 'the token is in $states.context.Task.Token for JSONata',
      ref: '§8.1',
      definition: ata({
        Type: 'Task',
        Resource: WAIT,
        Arguments: { token: '{% $states.context.Task.Token %}' },
      }),
      ...cb((t, e, task) => e.sendTaskSuccess(t, (task.parameters as { token: string }).token === t)),
      output: true,
    },
    {
      name: 'SendTaskFailure fails the task with its error and cause',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT }),
      ...cb((t, e) => e.sendTaskFailure(t, 'Caller.HungUp', 'gone')),
      error: 'Caller.HungUp',
      cause: 'gone',
    },
    {
      name: 'SendTaskFailure without error or cause gives {Error: null, Cause: null} to a catcher',
      ref: '§6.1',
      definition: machine({
        T: {
          Type: 'Task',
          Resource: WAIT,
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H', ResultPath: '$.err' }],
          End: true,
        },
        H: { Type: 'Pass', End: true },
      }),
      ...cb((t, e) => e.sendTaskFailure(t)),
      output: { err: { Error: null, Cause: null } },
    },
    {
      name: 'the task waits in lab time until the token is sent',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT }),
      ...cb(() => undefined),
      onTaskToken: (t, e, task) => later(600, () => e.sendTaskSuccess(t, 'late'))(t, e, task),
      output: 'late',
      check: (r) => {
        if ('execution' in r) expect(r.execution.stopDate! - r.execution.startDate).toBe(600_000);
      },
    },
    {
      name: 'TimeoutSeconds bounds the wait for the token',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, TimeoutSeconds: 60 }),
      ...cb(() => undefined),
      error: 'States.Timeout',
      cause: '',
    },
    {
      name: 'heartbeats keep a task alive past HeartbeatSeconds',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, HeartbeatSeconds: 10, TimeoutSeconds: 100 }),
      ...cb(() => undefined),
      onTaskToken: (t, e, task) => {
        for (const s of [8, 16, 24]) task.clock.setTimer(s * 1000, () => e.sendTaskHeartbeat(t));
        task.clock.setTimer(30_000, () => e.sendTaskSuccess(t, 'alive'));
      },
      output: 'alive',
    },
    {
      name: 'without heartbeats the task fails at HeartbeatSeconds',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, HeartbeatSeconds: 10 }),
      ...cb(() => undefined),
      onTaskToken: (t, e, task) =>
        void task.clock.setTimer(30_000, () => {
          try {
            e.sendTaskSuccess(t, 'too late');
          } catch {
            /* expected */
          }
        }),
      error: 'States.Timeout',
    },
    {
      name: 'heartbeats do not extend TimeoutSeconds',
      ref: '§8.1',
      definition: one({ Type: 'Task', Resource: WAIT, HeartbeatSeconds: 5, TimeoutSeconds: 12 }),
      ...cb(() => undefined),
      onTaskToken: (t, e, task) => {
        for (const s of [4, 8, 12, 16])
          task.clock.setTimer(s * 1000 - 1, () => {
            try {
              e.sendTaskHeartbeat(t);
            } catch {
              /* gone */
            }
          });
      },
      error: 'States.Timeout',
    },
    {
      name: "history: TaskScheduled, TaskStarted, TaskSubmitted (the integration's response), TaskSucceeded",
      ref: '§8.1',
      definition: one({
        Type: 'Task',
        Resource: WAIT,
        Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
      }),
      ...cb((t, e) => e.sendTaskSuccess(t, { ok: 1 })),
      output: { ok: 1 },
      check: (r) => {
        if (!('execution' in r)) throw new Error('no execution');
        const h = r.execution.history();
        expect(h.map((x) => x.type)).toEqual([
          'ExecutionStarted',
          'TaskStateEntered',
          'TaskScheduled',
          'TaskStarted',
          'TaskSubmitted',
          'TaskSucceeded',
          'TaskStateExited',
          'ExecutionSucceeded',
        ]);
        expect(h[2]!.taskScheduledEventDetails).toMatchObject({
          resourceType: 'sqs',
          resource: 'sendMessage.waitForTaskToken',
        });
        expect(h[4]!.taskSubmittedEventDetails).toMatchObject({ output: '{"MessageId":"msg-1"}' });
        expect(h[5]!.taskSucceededEventDetails).toMatchObject({ output: '{"ok":1}' });
      },
    },
    {
      name: 'a timed-out task gets a fresh token on retry',
      ref: '§8.1',
      definition: one({
        Type: 'Task',
        Resource: WAIT,
        TimeoutSeconds: 5,
        Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 1 }],
      }),
      ...cb(() => undefined),
      onTaskToken: (() => {
        const seen: string[] = [];
        return (t: string, e: Engine) => {
          seen.push(t);
          if (seen.length === 2 && seen[0] !== seen[1]) e.sendTaskSuccess(t, 'second token');
        };
      })(),
      output: 'second token',
    },
  ]);
});

describe('task-token API errors', () => {
  const setup = () => {
    const clock = new LabClock({ speed: 0 });
    const tokens: string[] = [];
    const engine = createEngine({
      clock,
      integrations: (r) =>
        r.startsWith(SQS) ? async (t) => (tokens.push(t.taskToken!), { MessageId: 'm' }) : undefined,
    });
    const start = (def: object) =>
      engine.startExecution({
        stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:cb',
        stateMachineName: 'cb',
        definition: def,
      });
    const settle = () => new Promise((r) => setTimeout(r, 5));
    return { clock, tokens, engine, start, settle };
  };

  it('a malformed token is InvalidToken', () => {
    const { engine } = setup();
    expect(() => engine.sendTaskSuccess('not a token', {})).toThrow(TaskTokenError);
    try {
      engine.sendTaskSuccess('not a token', {});
    } catch (e) {
      expect((e as TaskTokenError).code).toBe('InvalidToken');
      expect((e as Error).message).toBe("Invalid Token: 'Invalid token'");
    }
  });

  it('a well-formed token nobody issued is InvalidToken (docs/aws/step-functions.md §8.1: malformed or unknown)', () => {
    const { engine } = setup();
    expect(() => engine.sendTaskFailure('AQ' + 'x'.repeat(64))).toThrow(
      expect.objectContaining({ code: 'InvalidToken', message: "Invalid Token: 'Invalid token'" }),
    );
  });

  it('completing a token twice is TaskTimedOut, as on AWS (docs/aws/step-functions.md §8.1), and never double-completes', async () => {
    const { engine, start, tokens, settle } = setup();
    const ex = start(one({ Type: 'Task', Resource: WAIT }) as object);
    await settle();
    engine.sendTaskSuccess(tokens[0]!, 'first');
    const closed = expect.objectContaining({
      code: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
    expect(() => engine.sendTaskSuccess(tokens[0]!, 'second')).toThrow(closed);
    expect(() => engine.sendTaskFailure(tokens[0]!, 'E')).toThrow(closed);
    expect(() => engine.sendTaskHeartbeat(tokens[0]!)).toThrow(closed);
    await ex.done;
    expect(ex.status).toBe('SUCCEEDED');
    expect(ex.output).toBe('first');
  });

  it('a token of a timed-out task is TaskTimedOut', async () => {
    const { engine, start, tokens, clock, settle } = setup();
    const ex = start(one({ Type: 'Task', Resource: WAIT, TimeoutSeconds: 5 }) as object);
    await settle();
    await clock.advance(5000);
    await ex.done;
    expect(ex.status).toBe('FAILED');
    expect(() => engine.sendTaskSuccess(tokens[0]!, 1)).toThrow(
      expect.objectContaining({ code: 'TaskTimedOut' }),
    );
  });

  it('stopping the execution aborts it, records ExecutionAborted and closes its tokens', async () => {
    const { engine, start, tokens, settle } = setup();
    const ex = start(one({ Type: 'Task', Resource: WAIT }) as object);
    await settle();
    expect(ex.currentStates()).toEqual(['A']);
    engine.stopExecution(ex.executionArn, 'Caller.HungUp', 'bye');
    await ex.done;
    expect(ex.status).toBe('ABORTED');
    expect(ex.history().at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Caller.HungUp', cause: 'bye' },
    });
    expect(() => engine.sendTaskSuccess(tokens[0]!, 1)).toThrow(
      expect.objectContaining({ code: 'TaskTimedOut' }),
    );
  });

  it('a bad definition is refused before anything runs', () => {
    const { start } = setup();
    expect(() => start({ StartAt: 'Nope', States: {} })).toThrow(
      /Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at \/StartAt'/,
    );
  });

  it('currentStates lists every state waiting inside a Parallel', async () => {
    const { engine, start, tokens, settle } = setup();
    const ex = start(
      one({
        Type: 'Parallel',
        Branches: [
          { StartAt: 'L', States: { L: { Type: 'Task', Resource: WAIT, End: true } } },
          { StartAt: 'R', States: { R: { Type: 'Task', Resource: WAIT, End: true } } },
        ],
      }) as object,
    );
    await settle();
    expect(ex.currentStates().sort()).toEqual(['A', 'L', 'R']);
    tokens.forEach((t, i) => engine.sendTaskSuccess(t, i));
    await ex.done;
    expect(ex.status).toBe('SUCCEEDED');
    expect((ex.output as number[]).sort()).toEqual([0, 1]);
    expect(ex.currentStates()).toEqual([]);
  });

  it('execution ARNs use the engine region and account', async () => {
    const engine = createEngine({
      clock: new LabClock({ speed: 0 }),
      integrations: () => undefined,
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    const ex = engine.startExecution({
      stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:m',
      stateMachineName: 'm',
      definition: one({ Type: 'Pass' }),
      name: 'n1',
    });
    await ex.done;
    expect(ex.executionArn).toBe('arn:aws:states:eu-west-1:123456789012:execution:m:n1');
    expect(ex.output).toEqual({});
  });
});

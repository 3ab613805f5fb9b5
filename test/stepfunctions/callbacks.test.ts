/**
 * The task-token callback pattern through the API (docs/aws/step-functions.md §8.1): a `.waitForTaskToken`
 * task waits for SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat, with AWS's errors for malformed,
 * unknown, used and expired tokens.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  InvalidOutput,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLE, startLab, tokenCatcher, waitForToken, type Lab } from './harness';

let lab: Lab;
let catcher: ReturnType<typeof tokenCatcher>;
beforeEach(async () => {
  catcher = tokenCatcher();
  lab = await startLab({ integrations: catcher.integrations });
});
afterEach(() => lab.close());

/** Starts a waiting execution and answers its ARN and the token the task was given. */
async function waitingCall(extra: object = {}): Promise<{ executionArn: string; token: string }> {
  const name = `m${Math.random().toString(36).slice(2)}`;
  const { stateMachineArn } = await lab.sfn.send(
    new CreateStateMachineCommand({ name, definition: waitForToken(extra), roleArn: ROLE }),
  );
  const { executionArn } = await lab.sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: '{"call":"c-1"}' }),
  );
  await lab.idle();
  const token = catcher.tokens.at(-1);
  if (!token) throw new Error('the task was given no token');
  return { executionArn: executionArn!, token };
}

const describeIt = (executionArn: string) => lab.sfn.send(new DescribeExecutionCommand({ executionArn }));
const success = (taskToken: string, output = '{"ok":true}') =>
  lab.sfn.send(new SendTaskSuccessCommand({ taskToken, output }));

describe('completing a waiting task', () => {
  it('SendTaskSuccess delivers its output as the task result, after TaskScheduled, TaskStarted and TaskSubmitted', async () => {
    const { executionArn, token } = await waitingCall();
    expect((await describeIt(executionArn)).status).toBe('RUNNING');
    await success(token, '{"Event":{"InvocationEventType":"DIGITS_RECEIVED"}}');
    await lab.settled(executionArn);
    const described = await describeIt(executionArn);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({ Event: { InvocationEventType: 'DIGITS_RECEIVED' } });
    const { events } = await lab.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events![2]!.taskScheduledEventDetails).toMatchObject({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
    });
    expect(JSON.parse(events![4]!.taskSubmittedEventDetails!.output!)).toMatchObject({
      MessageId: expect.any(String),
    });
  });

  it('SendTaskFailure fails the task with its error and cause', async () => {
    const { executionArn, token } = await waitingCall();
    await lab.sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'HANGUP', cause: 'the caller hung up' }),
    );
    await lab.settled(executionArn);
    expect(await describeIt(executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'HANGUP',
      cause: 'the caller hung up',
    });
  });

  it('a Catch on the error name routes a SendTaskFailure to the handler state', async () => {
    const catchHangup = {
      Catch: [{ ErrorEquals: ['HANGUP'], Next: 'Goodbye', ResultPath: '$.error' }],
      End: undefined,
      Next: 'Done',
    };
    const definition = JSON.parse(waitForToken(catchHangup)) as { States: Record<string, unknown> };
    definition.States.Done = { Type: 'Succeed' };
    definition.States.Goodbye = { Type: 'Pass', End: true };
    const { stateMachineArn } = await lab.sfn.send(
      new CreateStateMachineCommand({
        name: 'catcher',
        definition: JSON.stringify(definition),
        roleArn: ROLE,
      }),
    );
    const { executionArn } = await lab.sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: '{"call":"c-2"}' }),
    );
    await lab.idle();
    await lab.sfn.send(
      new SendTaskFailureCommand({ taskToken: catcher.tokens.at(-1)!, error: 'HANGUP', cause: 'LEG-A' }),
    );
    await lab.settled(executionArn!);
    const described = await describeIt(executionArn!);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output!)).toEqual({
      call: 'c-2',
      error: { Error: 'HANGUP', Cause: 'LEG-A' },
    });
  });

  it('SendTaskHeartbeat keeps a task alive past its HeartbeatSeconds', async () => {
    const { executionArn, token } = await waitingCall({ HeartbeatSeconds: 10 });
    for (let i = 0; i < 3; i++) {
      await lab.clock.advance(8_000);
      await lab.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await describeIt(executionArn)).status).toBe('RUNNING');
    await success(token);
    await lab.settled(executionArn);
    expect((await describeIt(executionArn)).status).toBe('SUCCEEDED');
  });
});

describe('tokens that cannot complete a task', () => {
  it('output that is not JSON is InvalidOutput, and the task keeps waiting', async () => {
    const { executionArn, token } = await waitingCall();
    const error = await success(token, 'not json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOutput);
    expect((error as Error).message).toMatch(/^Invalid Output: '.+'$/);
    expect((await describeIt(executionArn)).status).toBe('RUNNING');
    await success(token);
    await lab.settled(executionArn);
  });

  it('a malformed token is InvalidToken', async () => {
    await expect(success('hello')).rejects.toBeInstanceOf(InvalidToken);
    await expect(lab.sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'hello' }))).rejects.toThrow(
      "Invalid Token: 'Invalid token'",
    );
  });

  it('a well-formed token no task was given is InvalidToken (docs/aws/step-functions.md §8.1: malformed or unknown)', async () => {
    const { token } = await waitingCall();
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expect(lab.sfn.send(new SendTaskFailureCommand({ taskToken: forged }))).rejects.toMatchObject({
      name: 'InvalidToken',
      message: "Invalid Token: 'Invalid token'",
    });
  });

  it('a token whose task has already completed is TaskTimedOut, as on AWS (docs/aws/step-functions.md §8.1)', async () => {
    const { executionArn, token } = await waitingCall();
    await success(token);
    await lab.settled(executionArn);
    await expect(success(token)).rejects.toMatchObject({
      name: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
    expect(JSON.parse((await describeIt(executionArn)).output!)).toEqual({ ok: true });
  });

  it('after HeartbeatSeconds without a heartbeat the task times out (States.Timeout) and its token is TaskTimedOut', async () => {
    const { executionArn, token } = await waitingCall({ HeartbeatSeconds: 5 });
    await lab.clock.advance(6_000);
    await lab.settled(executionArn);
    expect(await describeIt(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await expect(lab.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toThrow(
      new TaskTimedOut({ message: "Task Timed Out: 'Provided task does not exist anymore'", $metadata: {} })
        .message,
    );
    await expect(success(token)).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('after the execution is stopped, its token is TaskTimedOut', async () => {
    const { executionArn, token } = await waitingCall();
    const { StopExecutionCommand } = await import('@aws-sdk/client-sfn');
    await lab.sfn.send(new StopExecutionCommand({ executionArn }));
    await lab.settled(executionArn);
    await expect(success(token)).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it.each([
    ['an error longer than 256 characters', { error: 'E'.repeat(257) }],
    ['a cause longer than 32,768 characters', { cause: 'c'.repeat(32_769) }],
  ])('SendTaskFailure with %s is a ValidationException', async (_, extra) => {
    const { token } = await waitingCall();
    await expect(
      lab.sfn.send(new SendTaskFailureCommand({ taskToken: token, ...extra })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('an empty token is a ValidationException', async () => {
    await expect(success('')).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

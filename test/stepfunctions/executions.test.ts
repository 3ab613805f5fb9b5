/**
 * Executions through @aws-sdk/client-sfn: start, idempotency, describe, stop, list,
 * history (docs/aws/step-functions.md §8.3).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidExecutionInput,
  InvalidName,
  InvalidToken,
  ListExecutionsCommand,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passThrough, ROLE, startLab, tokenCatcher, waitForToken, type Lab } from './harness';

let lab: Lab;
let catcher: ReturnType<typeof tokenCatcher>;
let waiting: string;
let quick: string;
beforeEach(async () => {
  catcher = tokenCatcher();
  lab = await startLab({ integrations: catcher.integrations });
  waiting = (
    await lab.sfn.send(
      new CreateStateMachineCommand({ name: 'waiting', definition: waitForToken(), roleArn: ROLE }),
    )
  ).stateMachineArn!;
  quick = (
    await lab.sfn.send(
      new CreateStateMachineCommand({ name: 'quick', definition: passThrough, roleArn: ROLE }),
    )
  ).stateMachineArn!;
});
afterEach(() => lab.close());

const start = (stateMachineArn: string, name?: string, input?: string) =>
  lab.sfn.send(new StartExecutionCommand({ stateMachineArn, name, input }));

describe('StartExecution and DescribeExecution', () => {
  it('an execution runs to SUCCEEDED and describes its input, output and dates', async () => {
    const { executionArn, startDate } = await start(quick, 'call-1', '{"from":"+1206"}');
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:quick:call-1');
    expect(startDate).toBeInstanceOf(Date);
    await lab.settled(executionArn!);
    const described = await lab.sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'call-1',
      stateMachineArn: quick,
      input: '{"from":"+1206"}',
    });
    expect(JSON.parse(described.output!)).toEqual({ from: '+1206', greeting: { said: 'hello' } });
    expect(described.stopDate).toBeInstanceOf(Date);
  });

  it('the same name and input while the first is running answers the same execution', async () => {
    const first = await start(waiting, 'call-2', '{"a":1}');
    const again = await start(waiting, 'call-2', '{"a": 1}');
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    expect(lab.service.executions()).toHaveLength(1);
  });

  it('the same name with another input is ExecutionAlreadyExists', async () => {
    const first = await start(waiting, 'call-3', '{"a":1}');
    await expect(start(waiting, 'call-3', '{"a":2}')).rejects.toThrow(
      new ExecutionAlreadyExists({
        message: `Execution Already Exists: '${first.executionArn}'`,
        $metadata: {},
      }).message,
    );
  });

  it('a name cannot be reused once its execution has ended, even with the same input', async () => {
    const { executionArn } = await start(quick, 'call-4');
    await lab.settled(executionArn!);
    await expect(start(quick, 'call-4')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it.each([
    ['an invalid name', () => start(quick, 'call 5'), InvalidName],
    ['input that is not JSON', () => start(quick, 'call-6', '{nope'), InvalidExecutionInput],
    [
      'an unknown state machine',
      () => start('arn:aws:states:us-east-1:000000000000:stateMachine:nope'),
      StateMachineDoesNotExist,
    ],
    [
      'describing an unknown execution',
      () =>
        lab.sfn.send(
          new DescribeExecutionCommand({
            executionArn: 'arn:aws:states:us-east-1:000000000000:execution:quick:nope',
          }),
        ),
      ExecutionDoesNotExist,
    ],
  ])('%s is refused with the matching exception', async (_, call, type) => {
    await expect(call()).rejects.toBeInstanceOf(type);
  });

  it('an input over 256 KiB starts an execution that fails with States.DataLimitExceeded', async () => {
    const { executionArn } = await start(quick, 'big', JSON.stringify({ blob: 'x'.repeat(262_144) }));
    await lab.settled(executionArn!);
    expect(await lab.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
    });
  });

  it('InvalidExecutionInput says what is wrong with the input', async () => {
    await expect(start(quick, 'call-7', '{nope')).rejects.toThrow(
      /^Invalid State Machine Execution Input: '.+'$/,
    );
  });
});

describe('StopExecution and ListExecutions', () => {
  it('a stopped execution is ABORTED with ExecutionAborted last in its history', async () => {
    const { executionArn } = await start(waiting, 'stop-me');
    await lab.idle();
    const { stopDate } = await lab.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Caller.HungUp', cause: 'LEG-A hung up' }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    await lab.settled(executionArn!);
    expect((await lab.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('ABORTED');
    const { events } = await lab.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
    );
    expect(events![0]!.type).toBe('ExecutionAborted');
  });

  it('lists newest first and filters by status', async () => {
    const running = await start(waiting, 'r1');
    const done = await start(quick, 'd1');
    await lab.settled(done.executionArn!);
    const second = await start(waiting, 'r2');
    const all = await lab.sfn.send(new ListExecutionsCommand({ stateMachineArn: waiting }));
    expect(all.executions!.map((e) => e.executionArn)).toEqual([second.executionArn, running.executionArn]);
    expect(
      (
        await lab.sfn.send(new ListExecutionsCommand({ stateMachineArn: quick, statusFilter: 'SUCCEEDED' }))
      ).executions!.map((e) => e.name),
    ).toEqual(['d1']);
    expect(
      (await lab.sfn.send(new ListExecutionsCommand({ stateMachineArn: quick, statusFilter: 'RUNNING' })))
        .executions,
    ).toEqual([]);
  });
});

describe('GetExecutionHistory', () => {
  const types = (events: HistoryEvent[] | undefined) => (events ?? []).map((e) => e.type);

  it('answers AWS event types in order, ids counting up from 1 and each pointing at its predecessor', async () => {
    const { executionArn } = await start(quick, 'h1', '{}');
    await lab.settled(executionArn!);
    const { events } = await lab.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(types(events)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events!.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(events!.map((e) => e.previousEventId)).toEqual([0, 1, 2, 3]);
    expect(events![0]!.timestamp).toBeInstanceOf(Date);
    expect(events![1]!.stateEnteredEventDetails).toMatchObject({ name: 'Hello', input: '{}' });
    expect(JSON.parse(events![3]!.executionSucceededEventDetails!.output!)).toEqual({
      greeting: { said: 'hello' },
    });
  });

  it('reverseOrder answers the newest event first; pages of maxResults cover every event exactly once', async () => {
    const { executionArn } = await start(quick, 'h2');
    await lab.settled(executionArn!);
    const reversed = await lab.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    expect(types(reversed.events)).toEqual([
      'ExecutionSucceeded',
      'PassStateExited',
      'PassStateEntered',
      'ExecutionStarted',
    ]);
    const ids: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await lab.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken }),
      );
      ids.push(...page.events!.map((e) => e.id!));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(ids).toEqual([1, 2, 3, 4]);
  });

  it('a nextToken that is not from this history is InvalidToken', async () => {
    const { executionArn } = await start(quick, 'h3');
    await expect(
      lab.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'garbage' })),
    ).rejects.toBeInstanceOf(InvalidToken);
  });

  it('includeExecutionData: false leaves the inputs and outputs out', async () => {
    const { executionArn } = await start(quick, 'h4', '{"secret":1}');
    await lab.settled(executionArn!);
    const { events } = await lab.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    expect(JSON.stringify(events)).not.toContain('secret');
    expect(events![0]!.executionStartedEventDetails).not.toHaveProperty('input');
    expect(events![0]!.executionStartedEventDetails).toHaveProperty('roleArn');
  });
});

import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSweeper } from '../../functions/sweeper/index';
import {
  executionArn,
  planSweep,
  readSweeperEnv,
  SWEEP_REASON,
  type QueueSeen,
} from '../../functions/sweeper/plan';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const settings = { sweepAfterMs: 15 * MIN, maxCallMs: 240 * MIN };
const SM = 'arn:aws:states:us-east-1:111122223333:stateMachine:Switchboard-business-line';

const queue = (name: string, ageMin: number, execution: QueueSeen['execution']): QueueSeen => ({
  url: `https://sqs.us-east-1.amazonaws.com/111122223333/${name}`,
  name,
  createdAt: NOW - ageMin * MIN,
  execution,
});
const exec = (name: string, status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED') => ({
  arn: executionArn(SM, name),
  status,
});

describe('what the sweeper removes', () => {
  it.each([
    ['a young queue, whatever its state', queue('call-a', 5, 'missing'), [], []],
    ['an old queue with no execution', queue('call-b', 20, 'missing'), [SWEEP_REASON.orphanQueue], []],
    [
      'an old queue whose execution succeeded',
      queue('call-c', 20, exec('call-c', 'SUCCEEDED')),
      [SWEEP_REASON.endedExecution],
      [],
    ],
    [
      'an old queue whose execution failed',
      queue('call-d', 20, exec('call-d', 'FAILED')),
      [SWEEP_REASON.endedExecution],
      [],
    ],
    ['a queue of a call still in progress', queue('call-e', 90, exec('call-e', 'RUNNING')), [], []],
    [
      'a call running past the longest call allowed',
      queue('call-f', 241, exec('call-f', 'RUNNING')),
      [SWEEP_REASON.stuckCall],
      [SWEEP_REASON.stuckCall],
    ],
  ])('%s', (_, seen, deleted, stopped) => {
    const running =
      seen.execution !== 'missing' && seen.execution.status === 'RUNNING'
        ? [{ arn: seen.execution.arn, name: seen.name, startedAt: seen.createdAt }]
        : [];
    const plan = planSweep(NOW, [seen], running, settings);
    expect(plan.deleteQueues.map((d) => d.reason)).toEqual(deleted);
    expect(plan.stopExecutions.map((s) => s.reason)).toEqual(stopped);
  });

  it('stops an execution whose call queue is gone once it is old enough, and never a young one', () => {
    const running = [
      { arn: executionArn(SM, 'call-old'), name: 'call-old', startedAt: NOW - 20 * MIN },
      { arn: executionArn(SM, 'call-new'), name: 'call-new', startedAt: NOW - 2 * MIN },
    ];
    expect(planSweep(NOW, [], running, settings).stopExecutions).toEqual([
      { arn: executionArn(SM, 'call-old'), reason: SWEEP_REASON.queueGone },
    ]);
  });

  it('stops each execution once even when two rules find it', () => {
    const seen = queue('call-g', 300, exec('call-g', 'RUNNING'));
    const plan = planSweep(
      NOW,
      [seen],
      [{ arn: executionArn(SM, 'call-g'), name: 'call-g', startedAt: NOW - 300 * MIN }],
      settings,
    );
    expect(plan.stopExecutions).toHaveLength(1);
  });

  it('reads its environment and says which variable is wrong', () => {
    expect(readSweeperEnv({ STATE_MACHINE_ARNS: JSON.stringify([SM]), SWEEP_AFTER_MINUTES: '5' })).toEqual({
      stateMachineArns: [SM],
      settings: { sweepAfterMs: 5 * MIN, maxCallMs: 240 * MIN },
    });
    expect(() => readSweeperEnv({ STATE_MACHINE_ARNS: 'nope' })).toThrow(
      /STATE_MACHINE_ARNS must be a JSON array/,
    );
    expect(() => readSweeperEnv({ STATE_MACHINE_ARNS: '[]', MAX_CALL_MINUTES: 'x' })).toThrow(
      /MAX_CALL_MINUTES must be a number/,
    );
  });
});

describe('the sweeper Lambda', () => {
  const sqs = mockClient(SQSClient);
  const sfn = mockClient(SFNClient);
  beforeEach(() => {
    sqs.reset();
    sfn.reset();
  });

  it('deletes orphaned and ended call queues and stops abandoned executions, using the queue tags', async () => {
    const url = (name: string) => `https://sqs.us-east-1.amazonaws.com/111122223333/${name}`;
    sqs
      .on(ListQueuesCommand)
      .resolves({ QueueUrls: [url('call-orphan'), url('call-done'), url('call-live')] });
    const created = String(Math.floor((NOW - 30 * MIN) / 1000));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { CreatedTimestamp: created } });
    sqs.on(ListQueueTagsCommand).resolves({ Tags: { stateMachine: SM } });
    sfn
      .on(DescribeExecutionCommand, { executionArn: executionArn(SM, 'call-orphan') })
      .rejects(Object.assign(new Error('gone'), { name: 'ExecutionDoesNotExist' }))
      .on(DescribeExecutionCommand, { executionArn: executionArn(SM, 'call-done') })
      .resolves({ status: 'SUCCEEDED' })
      .on(DescribeExecutionCommand, { executionArn: executionArn(SM, 'call-live') })
      .resolves({ status: 'RUNNING' });
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: executionArn(SM, 'call-live'),
          name: 'call-live',
          stateMachineArn: SM,
          status: 'RUNNING',
          startDate: new Date(NOW - 30 * MIN),
        },
        {
          executionArn: executionArn(SM, 'call-lost'),
          name: 'call-lost',
          stateMachineArn: SM,
          status: 'RUNNING',
          startDate: new Date(NOW - 30 * MIN),
        },
      ],
    });
    sqs.on(DeleteQueueCommand).resolves({});
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date(NOW) });

    const sweep = createSweeper({
      sqs: new SQSClient({}),
      sfn: new SFNClient({}),
      stateMachineArns: [SM],
      settings,
      now: () => NOW,
    });
    expect(await sweep()).toEqual({ queuesSeen: 3, runningSeen: 2, queuesDeleted: 2, executionsStopped: 1 });
    expect(sqs.commandCalls(DeleteQueueCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([
      url('call-orphan'),
      url('call-done'),
    ]);
    expect(sfn.commandCalls(StopExecutionCommand)[0].args[0].input).toMatchObject({
      executionArn: executionArn(SM, 'call-lost'),
      error: 'Sweeper.CallAbandoned',
    });
    expect(sqs.commandCalls(ListQueuesCommand)[0].args[0].input.QueueNamePrefix).toBe('call-');
  });

  it('skips a queue the router deleted while the sweeper looked', async () => {
    sqs
      .on(ListQueuesCommand)
      .resolves({ QueueUrls: ['https://sqs.us-east-1.amazonaws.com/111122223333/call-x'] });
    sqs
      .on(GetQueueAttributesCommand)
      .rejects(Object.assign(new Error('gone'), { name: 'QueueDoesNotExist' }));
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    const sweep = createSweeper({
      sqs: new SQSClient({}),
      sfn: new SFNClient({}),
      stateMachineArns: [SM],
      settings,
      now: () => NOW,
    });
    expect(await sweep()).toEqual({ queuesSeen: 0, runningSeen: 0, queuesDeleted: 0, executionsStopped: 0 });
  });
});

/** The sweeper's Lambda entry publishes what crashed calls left (the "leaked queues" alarm reads LeakedQueues). */
import {
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  DeleteQueueCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';

const SM = 'arn:aws:states:us-east-1:111122223333:stateMachine:Switchboard-business-line';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the sweeper reports leaks', () => {
  it('publishes LeakedQueues and AbandonedExecutions in the stack namespace', async () => {
    vi.stubEnv('STATE_MACHINE_ARNS', JSON.stringify([SM]));
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Switchboard/Test');
    const sqs = mockClient(SQSClient);
    const sfn = mockClient(SFNClient);
    const url = 'https://sqs.us-east-1.amazonaws.com/111122223333/call-crashed';
    sqs.on(ListQueuesCommand).resolves({ QueueUrls: [url] });
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { CreatedTimestamp: String(Math.floor(Date.now() / 1000) - 3600) } });
    sqs.on(ListQueueTagsCommand).resolves({ Tags: {} });
    sqs.on(DeleteQueueCommand).resolves({});
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    sfn
      .on(DescribeExecutionCommand)
      .rejects(Object.assign(new Error('Execution Does Not Exist'), { name: 'ExecutionDoesNotExist' }));
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const { handler } = await import('../../functions/sweeper/index');
    const result = await handler();
    vi.restoreAllMocks();
    const emf = written
      .map((w) => w.trim())
      .filter((w) => w.includes('"_aws"'))
      .map((w) => JSON.parse(w) as Record<string, unknown>);
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      LeakedQueues: result.queuesDeleted,
      AbandonedExecutions: 0,
      service: 'sweeper',
    });
    expect(JSON.stringify(emf[0])).toContain('"Namespace":"Switchboard/Test"');
    sqs.restore();
    sfn.restore();
  });
});

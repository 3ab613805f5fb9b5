import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEdge, type Edge } from '../../../lab/services/edge';
import { labClientConfig } from '../../../lab/services/sdk';
import { createSqsProvider } from '../../../lab/services/sqs';

let edge: Edge;
let sqs: SQSClient;

beforeAll(async () => {
  edge = await startEdge({ port: 0, providers: [await createSqsProvider()] });
  sqs = new SQSClient(labClientConfig(edge.url, () => edge.dispatch));
});
afterAll(async () => {
  sqs.destroy();
  await edge.close();
});

const bodies = (r: { Messages?: Array<{ Body?: string }> }) => (r.Messages ?? []).map((m) => m.Body).sort();

describe('receiving as AWS answers', () => {
  it('a short poll asking for ten returns the two that are visible, and an empty queue returns none', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'short-poll' }));
    expect(bodies(await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 })))).toEqual([]);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }),
    );
    expect(bodies(got)).toEqual(['a', 'b']);
    // both are in flight now: a second short poll finds nothing
    expect(bodies(await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 })))).toEqual([]);
  });

  it('a message made visible again (visibility timeout 0) wakes a waiting long poll', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'made-visible' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first.Messages![0].ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const got = await waiting;
    expect(bodies(got)).toEqual(['again']);
    expect(got.Messages![0].Attributes ?? {}).toBeDefined();
  }, 10_000);

  it('values out of range still get AWS’s errors', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'bad-values' }));
    await expect(
      sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 11 })),
    ).rejects.toThrow(/MaxNumberOfMessages/);
    await expect(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: `${edge.url}/000000000000/nope`, WaitTimeSeconds: 0 })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });
});

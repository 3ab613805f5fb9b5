import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createSqsProvider, type SqsProvider } from '../../../../lab/services/sqs';

let edge: Edge;
let sqs: SQSClient;
let provider: SqsProvider;

beforeAll(async () => {
  provider = await createSqsProvider();
  edge = await startEdge({ port: 0, providers: [provider] });
  sqs = new SQSClient(labClientConfig(edge.url));
});
afterAll(async () => {
  sqs.destroy();
  await edge.close();
});

describe('SQS through the edge', () => {
  it('a call queue is created with its tags and attributes, and its URL points at the edge', async () => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'call-tags',
        tags: { call: 'abc', app: 'switchboard' },
        Attributes: { VisibilityTimeout: '45', MessageRetentionPeriod: '3600' },
      }),
    );
    expect(QueueUrl).toBe(`${edge.url}/000000000000/call-tags`);
    const tags = await sqs.send(new ListQueueTagsCommand({ QueueUrl }));
    expect(tags.Tags).toEqual({ call: 'abc', app: 'switchboard' });
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(attrs.Attributes).toMatchObject({ VisibilityTimeout: '45', MessageRetentionPeriod: '3600' });
    expect(attrs.Attributes?.QueueArn).toBe('arn:aws:sqs:us-east-1:000000000000:call-tags');
  });

  it('a message sent is received once, and is gone after it is deleted', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'call-roundtrip' }));
    const body = JSON.stringify({ SchemaVersion: '1.0', Actions: [{ Type: 'Hangup' }] });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    expect(sent.MessageId).toBeTruthy();
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(got.Messages?.map((m) => m.Body)).toEqual([body]);
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages![0].ReceiptHandle }));
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0, VisibilityTimeout: 0 }),
    );
    expect(again.Messages ?? []).toEqual([]);
  });

  it('a long poll through the edge returns as soon as a message arrives, even when it asks for ten', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'call-longpoll' }));
    const polling = sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }),
    );
    let answered = false;
    void polling.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false); // still waiting: the queue is empty
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'first' }));
    const got = await polling; // would take 20 s if the poll waited for ten messages
    expect(got.Messages?.map((m) => m.Body)).toEqual(['first']);
  }, 10_000);

  it('a message that lands on a long poll its caller abandoned is not hidden from the next poll', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'call-abandoned' }));
    const abandon = new AbortController();
    const abandoned = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), {
      abortSignal: abandon.signal,
    });
    await new Promise((r) => setTimeout(r, 200));
    abandon.abort();
    await expect(abandoned).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 100)); // the edge hears the caller has gone
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'next actions' }));
    // without the release, the abandoned poll's copy would stay invisible for the 30 s visibility timeout
    const next = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }));
    expect(next.Messages?.map((m) => m.Body)).toEqual(['next actions']);
  }, 15_000);

  it('a queue is found by name, listed by prefix, and gone after DeleteQueue', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'call-listed-1' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'call-listed-2' }));
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'call-listed-1' }));
    expect(QueueUrl).toBe(`${edge.url}/000000000000/call-listed-1`);
    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'call-listed-' }));
    expect(listed.QueueUrls?.sort()).toEqual([
      `${edge.url}/000000000000/call-listed-1`,
      `${edge.url}/000000000000/call-listed-2`,
    ]);
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'call-listed-1' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('a deleted call queue leaves the lab’s queues at once; re-creating its name is refused for 60 s, as AWS does', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'call-gone' }));
    expect(provider.queueNames()).toContain('call-gone');
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    expect(provider.queueNames()).not.toContain('call-gone');
    await expect(sqs.send(new CreateQueueCommand({ QueueName: 'call-gone' }))).rejects.toMatchObject({
      name: 'QueueDeletedRecently',
    });
  });

  it('a queue URL from any host naming the queue is accepted', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'call-anyhost' }));
    const QueueUrl = 'https://sqs.us-east-1.amazonaws.com/000000000000/call-anyhost';
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(got.Messages?.[0]?.Body).toBe('hello');
  });

  it('the older query protocol (form posts, XML replies) also names queues at the edge', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'call-query' }));
    const res = await fetch(edge.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=lab/20261122/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: 'Action=GetQueueUrl&QueueName=call-query&Version=2012-11-05',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<QueueUrl>${edge.url}/000000000000/call-query</QueueUrl>`);
  });

  it('sending to a queue that does not exist fails as AWS fails', async () => {
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl: `${edge.url}/000000000000/nope`, MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });
});

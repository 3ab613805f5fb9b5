import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEdge, type Edge } from '../../../lab/services/edge';
import { labTransport } from '../../../lab/services/in-process';
import { createS3Provider } from '../../../lab/services/s3';
import { labClientConfig } from '../../../lab/services/sdk';
import { createSqsProvider } from '../../../lab/services/sqs';

let edge: Edge;
let inProcess: { s3: S3Client; sqs: SQSClient };
let http: { s3: S3Client; sqs: SQSClient };

beforeAll(async () => {
  edge = await startEdge({ port: 0, providers: [await createSqsProvider(), createS3Provider()] });
  const direct = labClientConfig(edge.url, () => edge.dispatch);
  inProcess = { s3: new S3Client(direct), sqs: new SQSClient(direct) };
  http = { s3: new S3Client(labClientConfig(edge.url)), sqs: new SQSClient(labClientConfig(edge.url)) };
});
afterAll(async () => {
  for (const c of [...Object.values(inProcess), ...Object.values(http)]) c.destroy();
  await edge.close();
});

describe('the in-process transport for the lab’s own clients', () => {
  it('answers exactly as the HTTP endpoint does: same bodies, same errors', async () => {
    const { s3: local } = inProcess;
    await local.send(new CreateBucketCommand({ Bucket: 'inproc' }));
    await local.send(new PutObjectCommand({ Bucket: 'inproc', Key: 'a key/with spaces.txt', Body: 'hello' }));
    for (const client of [inProcess.s3, http.s3]) {
      const got = await client.send(new GetObjectCommand({ Bucket: 'inproc', Key: 'a key/with spaces.txt' }));
      expect(await got.Body!.transformToString()).toBe('hello');
      const head = await client.send(
        new HeadObjectCommand({ Bucket: 'inproc', Key: 'a key/with spaces.txt' }),
      );
      expect(head.ContentLength).toBe(5);
      await expect(
        client.send(new GetObjectCommand({ Bucket: 'inproc', Key: 'missing' })),
      ).rejects.toMatchObject({
        name: 'NoSuchKey',
      });
    }
  });

  it('a long poll is answered as soon as a message is sent, and an abandoned poll releases its message', async () => {
    const { QueueUrl } = await inProcess.sqs.send(new CreateQueueCommand({ QueueName: 'inproc-poll' }));
    const abandon = new AbortController();
    const abandoned = inProcess.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }), {
      abortSignal: abandon.signal,
    });
    abandon.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    const polling = inProcess.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await http.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'next actions' }));
    const got = await polling;
    expect(got.Messages?.map((m) => m.Body)).toEqual(['next actions']);
    expect(QueueUrl).toBe(`${edge.url}/000000000000/inproc-poll`);
  }, 10_000);

  it('LAB_TRANSPORT chooses the path, and a wrong value is refused by name', () => {
    expect(labTransport({})).toBe('in-process');
    expect(labTransport({ LAB_TRANSPORT: 'http' })).toBe('http');
    expect(() => labTransport({ LAB_TRANSPORT: 'sockets' })).toThrow(
      'LAB_TRANSPORT must be "in-process" or "http", not "sockets"',
    );
  });
});

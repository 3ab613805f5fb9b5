/**
 * The lab's edge answers absurd input the way AWS does — a 4xx with the service's error name, never a 500 —
 * and the documented size limits hold: Step Functions payloads 256 KiB, SQS messages 1 MiB (since 2025),
 * DynamoDB items 400 KB.
 */
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startLab, type Lab } from '../../../lab';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../lab/services/json-guard';
import { labClientConfig } from '../../../lab/services/sdk';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, workflowsDir: `${REPO_ROOT}/examples` });
});
afterAll(() => lab?.close());

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const signed = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=lab/20261207/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

/** One request per service of the edge, as its SDK sends it, with `body` in place of the real one. */
const SERVICES: [string, string, string, Record<string, string>, string][] = [
  [
    'Step Functions',
    'states',
    '/',
    { 'x-amz-target': 'AWSStepFunctions.StartExecution', 'content-type': 'application/x-amz-json-1.0' },
    'SerializationException',
  ],
  [
    'SQS',
    'sqs',
    '/',
    { 'x-amz-target': 'AmazonSQS.SendMessage', 'content-type': 'application/x-amz-json-1.0' },
    'SerializationException',
  ],
  [
    'DynamoDB',
    'dynamodb',
    '/',
    { 'x-amz-target': 'DynamoDB_20120810.PutItem', 'content-type': 'application/x-amz-json-1.0' },
    'SerializationException',
  ],
  ['Lambda', 'lambda', '/2015-03-31/functions/hello/invocations', {}, 'InvalidRequestContentException'],
  [
    'EventBridge Scheduler',
    'scheduler',
    '/schedules/x',
    { 'content-type': 'application/json' },
    'ValidationException',
  ],
  [
    'Chime SDK Voice',
    'chime',
    '/sip-media-applications/x/calls',
    { 'content-type': 'application/json' },
    'BadRequestException',
  ],
  [
    'Bedrock Runtime',
    'bedrock',
    '/model/amazon.nova-micro-v1%3A0/invoke',
    { 'content-type': 'application/json' },
    'ValidationException',
  ],
];

async function post(service: string, path: string, headers: Record<string, string>, body: string) {
  const response = await fetch(`${lab.edgeUrl}${path}`, {
    method: 'POST',
    headers: { authorization: signed(service), ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('x-amzn-errortype') ?? '', text };
}

describe('absurd JSON at every JSON service of the edge', () => {
  it.each(SERVICES)('%s: 200,000 levels deep is a 400 %s', async (_, service, path, headers, error) => {
    const answer = await post(service, path, headers, deep(200_000));
    expect(answer.status).toBe(400);
    expect(answer.type).toBe(error);
    expect(answer.text).toMatch(/nested more than 1000 levels/);
  });

  it.each(SERVICES)('%s: a body that is not JSON is a 400 %s', async (_, service, path, headers, error) => {
    const answer = await post(service, path, headers, '{"a": [1, 2,');
    expect(answer).toMatchObject({ status: 400, type: error });
    expect(answer.text).toMatch(/not valid JSON/);
  });

  it('S3 (XML): a deep or broken document is a 400 MalformedXML', async () => {
    for (const body of [deep(200_000), '<Delete><Object><Key>a</Key']) {
      const answer = await post(
        's3',
        `/${lab.bucketName}?delete`,
        { 'content-type': 'application/xml' },
        body,
      );
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/<Code>MalformedXML<\/Code>/);
    }
  });

  it('Transcribe streaming: absurd input is a 4xx, not a 500', async () => {
    const answer = await post(
      'transcribe',
      '/stream-transcription',
      { 'content-type': 'application/json' },
      deep(200_000),
    );
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('counts depth without parsing, and ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":[{"b":"[[[[["}]}')).toBe(3);
    expect(jsonDepth(deep(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
    expect(jsonDepth('"\\"[[["')).toBe(0);
  });
});

describe('JSON inside a string field', () => {
  const sfn = () => new SFNClient(labClientConfig(lab.edgeUrl));
  const machine = () => `arn:aws:states:us-east-1:000000000000:stateMachine:hello`;

  it('an execution input 200,000 levels deep is InvalidExecutionInput, not a 500', async () => {
    await expect(
      sfn().send(new StartExecutionCommand({ stateMachineArn: machine(), input: deep(200_000) })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput', $metadata: { httpStatusCode: 400 } });
  });

  it('an execution input 1,000 levels deep is still taken', async () => {
    const out = await sfn().send(
      new StartExecutionCommand({ stateMachineArn: machine(), input: deep(1000) }),
    );
    expect(out.executionArn).toMatch(/:execution:hello:/);
  });

  it('a task output 200,000 levels deep is refused before the token is even looked at', async () => {
    await expect(
      sfn().send(new SendTaskSuccessCommand({ taskToken: 'x'.repeat(100), output: deep(200_000) })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('documented size limits', () => {
  it('SQS takes a message of 1 MiB (the maximum since 2025) and refuses one byte more', async () => {
    const sqs = new SQSClient(labClientConfig(lab.edgeUrl));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'big-messages' }));
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a'.repeat(1_048_576) })),
    ).resolves.toBeDefined();
    await expect(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a'.repeat(1_048_577) })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 400 },
    });
    sqs.destroy();
  });

  it('DynamoDB refuses an item over 400 KB with a ValidationException', async () => {
    const dynamodb = new DynamoDBClient(labClientConfig(lab.edgeUrl));
    const put = (bytes: number) =>
      dynamodb.send(
        new PutItemCommand({
          TableName: lab.tableName,
          Item: { pk: { S: 'BIG' }, sk: { S: 'item' }, blob: { S: 'a'.repeat(bytes) } },
        }),
      );
    await expect(put(400 * 1024 - 100)).resolves.toBeDefined();
    await expect(put(400 * 1024 + 1)).rejects.toMatchObject({ name: 'ValidationException' });
    dynamodb.destroy();
  });
});

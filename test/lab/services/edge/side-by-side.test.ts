import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createSqsProvider } from '../../../../lab/services/sqs';
import { createDynamoDbProvider } from '../../../../lab/services/dynamodb';
import { createS3Provider } from '../../../../lab/services/s3';
import { createLambdaProvider } from '../../../../lab/services/lambda';

interface Lab {
  edge: Edge;
  sqs: SQSClient;
  db: DynamoDBClient;
  s3: S3Client;
  lambda: LambdaClient;
  register: (name: string) => void;
}

async function lab(): Promise<Lab> {
  const lambda = createLambdaProvider();
  const edge = await startEdge({
    port: 0,
    providers: [await createSqsProvider(), await createDynamoDbProvider(), createS3Provider(), lambda],
  });
  const config = { ...labClientConfig(edge.url), maxAttempts: 1 };
  return {
    edge,
    sqs: new SQSClient(config),
    db: new DynamoDBClient(config),
    s3: new S3Client(config),
    lambda: new LambdaClient(config),
    register: (name) => void lambda.register({ name, handler: async () => 'a' }),
  };
}

let a: Lab;
let b: Lab;
beforeAll(async () => {
  [a, b] = await Promise.all([lab(), lab()]);
});
afterAll(async () => {
  for (const l of [a, b]) {
    for (const client of [l.sqs, l.db, l.s3, l.lambda]) client.destroy();
    await l.edge.close();
  }
});

describe('two edges side by side in one process', () => {
  it('listen on different ports', () => {
    expect(a.edge.port).not.toBe(b.edge.port);
  });

  it('share no queues: a queue made on one is unknown to the other', async () => {
    await a.sqs.send(new CreateQueueCommand({ QueueName: 'call-shared' }));
    await expect(b.sqs.send(new GetQueueUrlCommand({ QueueName: 'call-shared' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('share no tables', async () => {
    await a.db.send(
      new CreateTableCommand({
        TableName: 'only-in-a',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    expect((await a.db.send(new ListTablesCommand({}))).TableNames).toEqual(['only-in-a']);
    expect((await b.db.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });

  it('share no buckets', async () => {
    await a.s3.send(new CreateBucketCommand({ Bucket: 'only-in-a' }));
    await expect(b.s3.send(new HeadBucketCommand({ Bucket: 'only-in-a' }))).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it('share no functions', async () => {
    a.register('only-in-a');
    expect((await a.lambda.send(new InvokeCommand({ FunctionName: 'only-in-a' }))).StatusCode).toBe(200);
    await expect(b.lambda.send(new InvokeCommand({ FunctionName: 'only-in-a' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { startEdge, type Edge } from '../../../../lab/services/edge';
import { labClientConfig } from '../../../../lab/services/sdk';
import { createDynamoDbProvider } from '../../../../lab/services/dynamodb';

let edge: Edge;
let db: DynamoDBClient;
const TableName = 'switchboard';

beforeAll(async () => {
  edge = await startEdge({ port: 0, providers: [await createDynamoDbProvider()] });
  db = new DynamoDBClient(labClientConfig(edge.url));
  const created = await db.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  expect(created.TableDescription?.TableStatus).toBe('CREATING'); // as AWS answers; it is ACTIVE at once
  const described = await db.send(new DescribeTableCommand({ TableName }));
  expect(described.Table?.TableStatus).toBe('ACTIVE');
  expect(described.Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
});
afterAll(async () => {
  db.destroy();
  await edge.close();
});

describe('DynamoDB through the edge', () => {
  it('a voicemail is stored only once: a second put with attribute_not_exists fails its condition', async () => {
    const item = marshall({
      pk: 'LINE#+12065550100',
      sk: 'VOICEMAIL#001',
      from: '+12065550123',
      heard: false,
    });
    const put = () =>
      db.send(new PutItemCommand({ TableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('a query returns a line’s voicemails in key order, and only those', async () => {
    for (const sk of ['VOICEMAIL#003', 'VOICEMAIL#002', 'CALLBACK#001']) {
      await db.send(new PutItemCommand({ TableName, Item: marshall({ pk: 'LINE#q', sk }) }));
    }
    await db.send(
      new PutItemCommand({ TableName, Item: marshall({ pk: 'LINE#other', sk: 'VOICEMAIL#001' }) }),
    );
    const result = await db.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': 'LINE#q', ':prefix': 'VOICEMAIL#' }),
      }),
    );
    expect(result.Items?.map((i) => unmarshall(i).sk)).toEqual(['VOICEMAIL#002', 'VOICEMAIL#003']);
  });

  it('an update changes one attribute and returns the new item; a delete removes it', async () => {
    const Key = marshall({ pk: 'LINE#u', sk: 'VOICEMAIL#001' });
    await db.send(
      new PutItemCommand({
        TableName,
        Item: marshall({ pk: 'LINE#u', sk: 'VOICEMAIL#001', heard: false, plays: 0 }),
      }),
    );
    const updated = await db.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: 'SET heard = :t ADD plays :one',
        ExpressionAttributeValues: marshall({ ':t': true, ':one': 1 }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(unmarshall(updated.Attributes!)).toEqual({
      pk: 'LINE#u',
      sk: 'VOICEMAIL#001',
      heard: true,
      plays: 1,
    });
    await db.send(new DeleteItemCommand({ TableName, Key }));
    const after = await db.send(new GetItemCommand({ TableName, Key }));
    expect(after.Item).toBeUndefined();
  });

  it('time to live is enabled once, described, and refused a second time as AWS refuses it', async () => {
    const before = await db.send(new DescribeTimeToLiveCommand({ TableName }));
    expect(before.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const enabled = await db.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    );
    expect(enabled.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const after = await db.send(new DescribeTimeToLiveCommand({ TableName }));
    expect(after.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    await expect(
      db.send(
        new UpdateTimeToLiveCommand({
          TableName,
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
  });

  it('time to live on a table that does not exist is ResourceNotFoundException', async () => {
    await expect(
      db.send(
        new UpdateTimeToLiveCommand({
          TableName: 'missing',
          TimeToLiveSpecification: { AttributeName: 'x', Enabled: true },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createVoicemailIndexer,
  durationOf,
  recordingsOf,
  transactionOf,
  voicemailItem,
} from '../../functions/voicemail-indexer';

const KEY = 'recordings/business-line/tx-1/tx-1/call-1-123.wav';
const NOTE = {
  line: '+12065550200',
  caller: '+13125550145',
  receivedAt: '2026-11-25T01:00:00.000Z',
  spokenTime: 'Tuesday at 8 PM',
  expiresAt: 1_900_000_000,
};
const NOW = Date.parse('2026-11-25T01:01:00Z');

describe('which recordings are voicemail', () => {
  it.each([
    [KEY, 'tx-1'],
    ['recordings/business-line/tx-2/x.wav', 'tx-2'],
    ['recordings/voice-assistant/tx-3/x.wav', undefined],
    ['recordings/business-line/tx-4/notes.txt', undefined],
    ['audio/beep.wav', undefined],
  ])('%s → %s', (key, tx) => {
    expect(transactionOf(key)).toBe(tx);
  });

  it('reads S3 notifications (keys URL-encoded) and direct calls from the workflow', () => {
    expect(
      recordingsOf({
        Records: [
          {
            s3: {
              bucket: { name: 'b' },
              object: { key: 'recordings/business-line/a%3Ab/x+y.wav', size: 16044 },
            },
          },
        ],
      }),
    ).toEqual([{ bucket: 'b', key: 'recordings/business-line/a:b/x y.wav', size: 16044 }]);
    expect(recordingsOf({ Bucket: 'b', Key: KEY })).toEqual([{ bucket: 'b', key: KEY }]);
    expect(() => recordingsOf({ hello: 1 })).toThrow(/S3 event notification/);
  });

  it.each([
    [44 + 16_000 * 5, 5],
    [44 + 8_000, 0.5],
    [10, 0],
    [undefined, 0],
  ])('a %s-byte 8 kHz recording lasts %s s', (size, seconds) => {
    expect(durationOf(size)).toBe(seconds);
  });
});

describe('the voicemail item', () => {
  it('is keyed by line, then time and call, with who called and when, new', () => {
    expect(voicemailItem({ bucket: 'b', key: KEY, size: 44 + 32_000 }, 'tx-1', NOTE, NOW, 90)).toEqual({
      pk: 'VOICEMAIL#+12065550200',
      sk: '2026-11-25T01:00:00.000Z#tx-1',
      line: '+12065550200',
      caller: '+13125550145',
      receivedAt: NOTE.receivedAt,
      spokenTime: 'Tuesday at 8 PM',
      durationSeconds: 2,
      status: 'new',
      transactionId: 'tx-1',
      bucket: 'b',
      key: KEY,
      expiresAt: 1_900_000_000,
    });
  });

  it('is still kept, as unfiled with the retention default, when the workflow left no note', () => {
    const item = voicemailItem({ bucket: 'b', key: KEY }, 'tx-1', undefined, NOW, 30);
    expect(item).toMatchObject({
      pk: 'VOICEMAIL#unfiled',
      caller: 'unknown',
      receivedAt: new Date(NOW).toISOString(),
      expiresAt: Math.floor(NOW / 1000) + 30 * 86_400,
    });
  });
});

describe('filing', () => {
  const dynamodb = mockClient(DynamoDBClient);
  const s3 = mockClient(S3Client);
  const index = createVoicemailIndexer({
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    tableName: 't',
    now: () => NOW,
  });
  beforeEach(() => {
    dynamodb.reset();
    s3.reset();
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({
        pk: 'RECORDING#tx-1',
        sk: 'voicemail',
        ...NOTE,
        voicemailExpiresAt: NOTE.expiresAt,
      }),
    });
  });

  it('never overwrites: the put is conditional, and a second filing of the same recording changes nothing', async () => {
    dynamodb
      .on(PutItemCommand)
      .resolvesOnce({})
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    const event = { Records: [{ s3: { bucket: { name: 'b' }, object: { key: KEY, size: 16_044 } } }] };
    expect(await index(event)).toEqual({ filed: 1, alreadyFiled: 0, skipped: 0 });
    expect(await index({ Bucket: 'b', Key: KEY })).toEqual({ filed: 0, alreadyFiled: 1, skipped: 0 });
    const put = dynamodb.commandCalls(PutItemCommand)[0].args[0].input;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(unmarshall(put.Item!)).toMatchObject({ sk: '2026-11-25T01:00:00.000Z#tx-1', durationSeconds: 1 });
  });

  it('asks S3 for the size when the workflow files it', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({ ContentLength: 44 + 48_000 });
    await index({ Bucket: 'b', Key: KEY });
    expect(unmarshall(dynamodb.commandCalls(PutItemCommand)[0].args[0].input.Item!).durationSeconds).toBe(3);
  });

  it('skips objects that are not voicemail recordings', async () => {
    expect(await index({ Bucket: 'b', Key: 'audio/beep.wav' })).toEqual({
      filed: 0,
      alreadyFiled: 0,
      skipped: 1,
    });
  });
});

describe('starting the voicemail pipeline', () => {
  const dynamodb = mockClient(DynamoDBClient);
  const sfn = mockClient(SFNClient);
  const index = createVoicemailIndexer({
    dynamodb: new DynamoDBClient({ region: 'us-east-1' }),
    s3: new S3Client({ region: 'us-east-1' }),
    tableName: 't',
    now: () => NOW,
    pipeline: { sfn: new SFNClient({ region: 'us-east-1' }), stateMachineArn: 'arn:pipeline' },
  });
  const event = { Records: [{ s3: { bucket: { name: 'b' }, object: { key: KEY, size: 16_044 } } }] };
  beforeEach(() => {
    dynamodb.reset();
    sfn.reset();
    dynamodb.on(GetItemCommand).resolves({
      Item: marshall({ pk: 'RECORDING#tx-1', sk: 'voicemail', ...NOTE, voicemailExpiresAt: NOTE.expiresAt }),
    });
  });

  it('starts it once for a newly filed message, named after the call, with the message as input', async () => {
    dynamodb
      .on(PutItemCommand)
      .resolvesOnce({})
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    await index(event);
    await index(event);
    const starts = sfn.commandCalls(StartExecutionCommand);
    expect(starts).toHaveLength(1);
    expect(starts[0].args[0].input.name).toBe('voicemail-tx-1');
    expect(JSON.parse(starts[0].args[0].input.input!)).toEqual({
      TransactionId: 'tx-1',
      Pk: 'VOICEMAIL#+12065550200',
      Sk: '2026-11-25T01:00:00.000Z#tx-1',
      Line: '+12065550200',
      Caller: '+13125550145',
      ReceivedAt: '2026-11-25T01:00:00.000Z',
      SpokenTime: 'Tuesday at 8 PM',
      DurationSeconds: 1,
      Bucket: 'b',
      Key: KEY,
    });
  });

  it('keeps the message filed when the pipeline cannot start (or already ran)', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('nope'), { name: 'ThrottlingException' }));
    expect(await index(event)).toEqual({ filed: 1, alreadyFiled: 0, skipped: 0 });
    sfn
      .on(StartExecutionCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'ExecutionAlreadyExists' }));
    expect(await index(event)).toEqual({ filed: 1, alreadyFiled: 0, skipped: 0 });
  });
});

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createVoicemailIndexer,
  durationOf,
  MIN_SOUND_SECONDS,
  recordingsOf,
  soundSeconds,
  transactionOf,
  voicemailItem,
} from '../../../functions/voicemail-indexer';

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

  const recorded = (wav: Buffer) =>
    s3
      .on(GetObjectCommand)
      .resolves({ Body: { transformToByteArray: async () => new Uint8Array(wav) } } as never);
  const filed = () => unmarshall(dynamodb.commandCalls(PutItemCommand)[0].args[0].input.Item!);

  it('reads the recording from S3 for its length and its sound when the workflow files it', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    recorded(wav([{ silence: 0.5 }, { voice: 2 }, { silence: 0.5 }]));
    await index({ Bucket: 'b', Key: KEY });
    expect(filed()).toMatchObject({
      pk: 'VOICEMAIL#+12065550200',
      durationSeconds: 3,
      soundSeconds: 2,
      status: 'new',
    });
  });

  it.each([
    ['hung up at the beep (0 s)', wav([])],
    ['0.3 s of silence', wav([{ silence: 0.3 }])],
    ['10 s of line hiss', wav([{ hiss: 10 }])],
    ['a cough: 0.5 s of sound in 8 s', wav([{ silence: 4 }, { voice: 0.5 }, { silence: 3.5 }])],
  ])('%s is not a new message, but a missed call with the number and the time', async (_, recording) => {
    dynamodb.on(PutItemCommand).resolves({});
    recorded(recording);
    await index({ Bucket: 'b', Key: KEY });
    expect(filed()).toMatchObject({
      pk: 'MISSED#+12065550200',
      sk: '2026-11-25T01:00:00.000Z#tx-1',
      caller: '+13125550145',
      status: 'missed',
    });
  });

  it('keeps a recording it cannot read as a message, never loses it', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    s3.on(GetObjectCommand).rejects(new Error('AccessDenied'));
    await index({ Bucket: 'b', Key: KEY });
    expect(filed()).toMatchObject({ pk: 'VOICEMAIL#+12065550200', status: 'new' });
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

type Part = { silence: number } | { voice: number } | { hiss: number };

/** An 8 kHz 16-bit mono WAV: silence, a voice-loud 300 Hz tone with a wobble, or line hiss (about -50 dBFS). */
function wav(parts: Part[]): Buffer {
  const samples: number[] = [];
  for (const part of parts) {
    const n = Math.round(8000 * Object.values(part)[0]);
    for (let i = 0; i < n; i++) {
      if ('voice' in part)
        samples.push(Math.round(6000 * Math.sin((2 * Math.PI * (300 + 50 * Math.sin(i / 400)) * i) / 8000)));
      else if ('hiss' in part) samples.push(Math.round((Math.random() - 0.5) * 200));
      else samples.push(0);
    }
  }
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('how much of a recording is sound', () => {
  it.each([
    ['nothing', wav([]), 0],
    ['silence', wav([{ silence: 5 }]), 0],
    ['line hiss', wav([{ hiss: 5 }]), 0],
    ['2 s of voice between silences', wav([{ silence: 1 }, { voice: 2 }, { silence: 3 }]), 2],
  ])('%s → %s s', (_, recording, seconds) => {
    expect(soundSeconds(recording)).toBeCloseTo(seconds, 1);
  });

  it('a message needs about a second of sound', () => {
    expect(MIN_SOUND_SECONDS).toBe(1);
  });
});

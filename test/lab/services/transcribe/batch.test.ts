/**
 * The lab's Transcribe batch API and owner-notification APIs, driven through the real AWS SDK v3 clients at
 * the edge: what a user of those clients would see (job states, AWS's transcript JSON in S3, AWS's errors,
 * the outbox).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetAccountCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  GetTranscriptionJobCommand,
  ListTranscriptionJobsCommand,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabClock } from '../../../../lab/clock';
import {
  createS3Provider,
  encodeWav,
  jsonApiProvider,
  labClientConfig,
  startEdge,
  transcriptMetadata,
  type Edge,
} from '../../../../lab/services';
import { createNotifyServices, type Outbox } from '../../../../lab/services/notify';
import { createTranscribeBatch, type TranscribeBatch } from '../../../../lab/services/transcribe/batch';
import { checkStartJob, transcriptLocation } from '../../../../lab/services/transcribe/batch-requests';

const BUCKET = 'calls';
let edge: Edge;
let clock: LabClock;
let batch: TranscribeBatch;
let outbox: Outbox;
let config: ReturnType<typeof labClientConfig>;

beforeEach(async () => {
  clock = new LabClock({ start: '2026-11-24T21:00:00Z', speed: 0 });
  const s3 = createS3Provider({ root: mkdtempSync(join(tmpdir(), 'vm-batch-')) });
  await s3.store.createBucket(BUCKET);
  batch = createTranscribeBatch({
    store: s3.store,
    clock,
    accountId: '000000000000',
    region: 'us-east-1',
    serviceBucket: BUCKET,
  });
  const notify = createNotifyServices({ clock, verifiedIdentities: ['owner@example.com'] });
  outbox = notify.outbox;
  edge = await startEdge({
    port: 0,
    providers: [s3, jsonApiProvider('transcribe', 'Transcribe.', batch), ...notify.providers],
  });
  config = labClientConfig(edge.url);
  const wav = encodeWav(new Int16Array(8000 * 4), 8000); // 4 s
  await s3.store.put(BUCKET, 'recordings/a.wav', wav, {
    metadata: transcriptMetadata('Two of the blue chairs arrived broken.'),
  });
});
afterEach(async () => {
  await edge.close();
});

/** Runs the lab clock forward (manual speed) and lets the job's promises settle. */
async function pass(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, 20));
  await clock.advance(ms);
  await new Promise((r) => setTimeout(r, 50));
}

const start = (name: string, key = 'recordings/a.wav', extra: object = {}) =>
  new TranscribeClient({ ...config, maxAttempts: 1 }).send(
    new StartTranscriptionJobCommand({
      TranscriptionJobName: name,
      LanguageCode: 'en-US',
      Media: { MediaFileUri: `s3://${BUCKET}/${key}` },
      OutputBucketName: BUCKET,
      OutputKey: 'transcripts/',
      ...extra,
    }),
  );

describe("the lab's Transcribe batch jobs", () => {
  it('runs a job: IN_PROGRESS, then COMPLETED with AWS transcript JSON in the output bucket', async () => {
    const started = await start('voicemail-1');
    expect(started.TranscriptionJob?.TranscriptionJobStatus).toBe('IN_PROGRESS');
    const client = new TranscribeClient(config);
    await pass(5_000);
    const midway = await client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: 'voicemail-1' }));
    expect(midway.TranscriptionJob?.TranscriptionJobStatus).toBe('IN_PROGRESS');
    await pass(60_000);
    const done = await client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: 'voicemail-1' }));
    expect(done.TranscriptionJob?.TranscriptionJobStatus).toBe('COMPLETED');
    expect(done.TranscriptionJob?.Transcript?.TranscriptFileUri).toBe(
      `https://s3.us-east-1.amazonaws.com/${BUCKET}/transcripts/voicemail-1.json`,
    );
    const object = await new S3Client(config).send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'transcripts/voicemail-1.json' }),
    );
    const json = JSON.parse(await object.Body!.transformToString());
    expect(json.jobName).toBe('voicemail-1');
    expect(json.results.transcripts[0].transcript).toBe('Two of the blue chairs arrived broken.');
    const words = json.results.items.filter((i: { type: string }) => i.type === 'pronunciation');
    expect(words).toHaveLength(7);
    expect(Number(words.at(-1).end_time)).toBeCloseTo(4, 1);
    expect(json.labSimulated).toMatch(/scripted caller/);
  });

  it('refuses a second job of the same name, an unknown job, and a bad request as AWS does', async () => {
    await start('voicemail-2');
    await expect(start('voicemail-2')).rejects.toMatchObject({ name: 'ConflictException' });
    const client = new TranscribeClient({ ...config, maxAttempts: 1 });
    await expect(
      client.send(new GetTranscriptionJobCommand({ TranscriptionJobName: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
    await expect(start('bad name!')).rejects.toMatchObject({ name: 'BadRequestException' });
    await expect(start('voicemail-3', 'recordings/a.wav', { LanguageCode: 'xx-XX' })).rejects.toMatchObject({
      name: 'BadRequestException',
    });
  });

  it('fails a job whose recording is missing, or while a fault is seeded; throttles on request', async () => {
    await start('voicemail-missing', 'recordings/none.wav');
    batch.faults({ failJobs: 'seeded' });
    await start('voicemail-faulty');
    batch.faults({ throttle: 1 });
    await expect(start('voicemail-throttled')).rejects.toMatchObject({ name: 'LimitExceededException' });
    await pass(60_000);
    const list = await new TranscribeClient(config).send(
      new ListTranscriptionJobsCommand({ Status: 'FAILED' }),
    );
    const reasons = Object.fromEntries(
      list.TranscriptionJobSummaries!.map((j) => [j.TranscriptionJobName, j.FailureReason]),
    );
    expect(reasons['voicemail-faulty']).toBe('seeded');
    expect(reasons['voicemail-missing']).toMatch(/can't be accessed/);
    expect(batch.running()).toBe(0);
  });
});

describe("the lab's SES and SMS: what would be sent lands in the outbox", () => {
  it('keeps an email to a verified identity, and counts it in GetAccount', async () => {
    const ses = new SESv2Client(config);
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'owner@example.com',
        Destination: { ToAddresses: ['owner@example.com'] },
        Content: { Simple: { Subject: { Data: 'New voicemail' }, Body: { Text: { Data: 'Hello' } } } },
        EmailTags: [{ Name: 'switchboard-event', Value: 'voicemail-1' }],
      }),
    );
    expect(sent.MessageId).toBeTruthy();
    expect(outbox.entries()).toMatchObject([
      {
        channel: 'email',
        to: 'owner@example.com',
        subject: 'New voicemail',
        body: 'Hello',
        tags: { 'switchboard-event': 'voicemail-1' },
      },
    ]);
    const account = await ses.send(new GetAccountCommand({}));
    expect(account.SendQuota?.SentLast24Hours).toBe(1);
    expect(account.ProductionAccessEnabled).toBe(false);
  });

  it('rejects an unverified sender as the SES sandbox does', async () => {
    const ses = new SESv2Client({ ...config, maxAttempts: 1 });
    await expect(
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'someone@elsewhere.example',
          Destination: { ToAddresses: ['owner@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'MessageRejected' });
    expect(outbox.entries()).toHaveLength(0);
  });

  it('keeps an SMS, refuses a number that is not E.164, and throttles when seeded', async () => {
    const sms = new PinpointSMSVoiceV2Client({ ...config, maxAttempts: 1 });
    await sms.send(
      new SendTextMessageCommand({ DestinationPhoneNumber: '+12065550100', MessageBody: 'Missed call' }),
    );
    await expect(
      sms.send(new SendTextMessageCommand({ DestinationPhoneNumber: '2065550100', MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    outbox.throttle('sms', 1);
    await expect(
      sms.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+12065550100', MessageBody: 'x' })),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(outbox.entries().map((e) => [e.channel, e.to, e.body])).toEqual([
      ['sms', '+12065550100', 'Missed call'],
    ]);
  });
});

describe('where a transcript goes (pure)', () => {
  const job = (extra: object) => {
    const checked = checkStartJob({
      TranscriptionJobName: 'j',
      LanguageCode: 'en-US',
      Media: { MediaFileUri: 's3://calls/a.wav' },
      ...extra,
    });
    if (!checked.ok) throw new Error(checked.message);
    return checked.value;
  };
  it.each([
    [{}, { bucket: 'lab', key: 'transcribe-service/j.json' }],
    [{ OutputBucketName: 'out' }, { bucket: 'out', key: 'j.json' }],
    [
      { OutputBucketName: 'out', OutputKey: 'transcripts/' },
      { bucket: 'out', key: 'transcripts/j.json' },
    ],
    [
      { OutputBucketName: 'out', OutputKey: 'transcripts/x' },
      { bucket: 'out', key: 'transcripts/x.json' },
    ],
    [
      { OutputBucketName: 'out', OutputKey: 'x.json' },
      { bucket: 'out', key: 'x.json' },
    ],
  ])('%j → %j', (extra, where) => expect(transcriptLocation(job(extra), 'lab')).toEqual(where));

  it.each([
    [{ OutputKey: 'x/' }, /OutputBucketName when you specify OutputKey/],
    [{ LanguageCode: undefined }, /language code, or set IdentifyLanguage/],
    [{ Media: { MediaFileUri: 'https://x/a.wav' } }, /s3:\/\/bucket\/key/],
    [{ MediaFormat: 'aiff' }, /mediaFormat/],
  ])('refuses %j', (extra, message) => expect(() => job(extra)).toThrow(message));
});

/**
 * workflows/pipelines/voicemail.asl.json on the lab's engine with stand-in services (virtual time: its Waits and
 * retries cost nothing): what the owner is sent and what the voicemail item gets in each case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../lab';
import { runToCompletion, StatesError, type RunResult } from '../../../lab/engine';

const DEFINITION = readFileSync(join(REPO_ROOT, 'workflows/pipelines/voicemail.asl.json'), 'utf8');
const MESSAGE = {
  TransactionId: 'tx-1',
  Pk: 'VOICEMAIL#+12065550200',
  Sk: '2026-12-02T02:10:00.000Z#tx-1',
  Line: '+12065550200',
  Caller: '+12065550163',
  ReceivedAt: '2026-12-02T02:10:00.000Z',
  SpokenTime: 'Tuesday at 9:10 PM',
  DurationSeconds: 7.2,
  Bucket: 'calls',
  Key: 'recordings/business-line/tx-1/a.wav',
};
const SDK = 'arn:aws:states:::aws-sdk:';
const TRANSCRIPT = (words: string) =>
  JSON.stringify({ jobName: 'voicemail-tx-1', results: { transcripts: [{ transcript: words }] } });

interface Stand {
  /** statuses GetTranscriptionJob reports, in turn (the last one repeats) */
  statuses?: string[];
  start?: () => unknown;
  words?: string;
  notify?: (payload: Record<string, unknown>) => unknown;
}

async function run(stand: Stand = {}) {
  const statuses = [...(stand.statuses ?? ['IN_PROGRESS', 'COMPLETED'])];
  const calls = {
    started: [] as Record<string, unknown>[],
    stored: [] as Record<string, unknown>[],
    notified: [] as Record<string, unknown>[],
  };
  const result: RunResult = await runToCompletion(DEFINITION, MESSAGE, {
    substitutions: {
      BucketName: 'calls',
      TableName: 'table',
      CallDataKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      NotifyOwnerFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:notify-owner',
    },
    integrations: {
      [`${SDK}transcribe:startTranscriptionJob`]: async (t) => {
        calls.started.push(t.parameters as Record<string, unknown>);
        return stand.start ? stand.start() : { TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS' } };
      },
      [`${SDK}transcribe:getTranscriptionJob`]: async () => ({
        TranscriptionJob: { TranscriptionJobStatus: statuses.length > 1 ? statuses.shift() : statuses[0] },
      }),
      [`${SDK}s3:getObject`]: async () => ({
        Body: TRANSCRIPT(stand.words ?? 'Two of the blue chairs arrived broken.'),
      }),
      'arn:aws:states:::dynamodb:updateItem': async (t) => {
        calls.stored.push(t.parameters as Record<string, unknown>);
        return {};
      },
      'arn:aws:states:::lambda:invoke': async (t) => {
        const payload = (t.parameters as { Payload: Record<string, unknown> }).Payload;
        calls.notified.push(payload);
        return { Payload: stand.notify ? stand.notify(payload) : { sent: ['email'], failed: [] } };
      },
    },
  });
  const stored = calls.stored.map(
    (p) => (p as { ExpressionAttributeValues: Record<string, { S: string }> }).ExpressionAttributeValues,
  );
  return { result, ...calls, stored };
}

describe('the voicemail pipeline', () => {
  it('transcribes the recording into the call-data bucket with the stack key, stores the words and notifies', async () => {
    const { result, started, stored, notified } = await run();
    expect(result.status).toBe('SUCCEEDED');
    expect(started).toEqual([
      {
        TranscriptionJobName: 'voicemail-tx-1',
        LanguageCode: 'en-US',
        MediaFormat: 'wav',
        Media: { MediaFileUri: 's3://calls/recordings/business-line/tx-1/a.wav' },
        OutputBucketName: 'calls',
        OutputKey: 'transcripts/business-line/tx-1.json',
        OutputEncryptionKMSKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
      },
    ]);
    expect(stored).toEqual([
      { ':words': { S: 'Two of the blue chairs arrived broken.' }, ':status': { S: 'available' } },
    ]);
    expect(notified).toEqual([
      expect.objectContaining({
        Kind: 'voicemail',
        CallId: 'tx-1',
        Caller: '+12065550163',
        Transcript: 'Two of the blue chairs arrived broken.',
        TranscriptStatus: 'available',
        DurationSeconds: 7.2,
        Key: MESSAGE.Key,
      }),
    ]);
  });

  it('still stores and notifies, as "unavailable", when the job fails', async () => {
    const { result, stored, notified } = await run({ statuses: ['IN_PROGRESS', 'FAILED'] });
    expect(result.status).toBe('SUCCEEDED');
    expect(stored[0][':status']).toEqual({ S: 'unavailable' });
    expect(notified[0]).toMatchObject({ TranscriptStatus: 'unavailable', Transcript: '' });
  });

  it('gives up waiting after MaxPolls and still notifies', async () => {
    const { result, notified } = await run({ statuses: ['IN_PROGRESS'] });
    expect(result.status).toBe('SUCCEEDED');
    expect(notified[0]).toMatchObject({ TranscriptStatus: 'unavailable' });
  });

  it('retries a throttled start, and waits for a job that already exists', async () => {
    let tries = 0;
    const throttled = await run({
      start: () => {
        if (++tries < 3) throw new StatesError('Transcribe.LimitExceededException', 'slow down');
        return { TranscriptionJob: {} };
      },
    });
    expect(throttled.started).toHaveLength(3);
    expect(throttled.notified[0]).toMatchObject({ TranscriptStatus: 'available' });
    const again = await run({
      start: () => {
        throw new StatesError('Transcribe.ConflictException', 'The requested job name already exists.');
      },
    });
    expect(again.notified[0]).toMatchObject({ TranscriptStatus: 'available' });
  });

  it('marks a recording with nothing said as "empty"', async () => {
    const { stored, notified } = await run({ words: '' });
    expect(stored[0][':status']).toEqual({ S: 'empty' });
    expect(notified[0]).toMatchObject({ TranscriptStatus: 'empty' });
  });

  it('retries a notification no channel could send, then ends FAILED (the message and words are kept)', async () => {
    const { result, notified, stored } = await run({
      notify: () => {
        throw new StatesError('NotificationFailed', 'no channel could send');
      },
    });
    expect(notified).toHaveLength(5); // the first try and four retries
    expect(stored).toHaveLength(1);
    expect(result).toMatchObject({ status: 'FAILED', error: 'NotificationNotSent' });
  });
});

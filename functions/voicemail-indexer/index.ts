/**
 * functions/voicemail-indexer — files each voicemail recording as one DynamoDB item (see file.ts for the keys).
 *
 * Invoked two ways, on purpose: by the bucket's notification for each object created under
 * `recordings/business-line/` (so a caller who hangs up mid-message never loses it, whatever order the call's
 * events arrive in), and by the workflow after RecordAudio with `{Bucket, Key}`. Both reach the same item;
 * it is written with `attribute_not_exists(pk)`, never overwritten.
 *
 * Each message it files (not one already filed) starts the voicemail pipeline, `workflows/pipelines/voicemail.asl.json`.
 *
 * Environment (read once, at cold start): TABLE_NAME; RETENTION_DAYS (default 90, used only when the
 * workflow left no note); PIPELINE_ARN (the voicemail pipeline's state machine; none: no pipeline).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  pipelineInput,
  recordingsOf,
  transactionOf,
  voicemailItem,
  type MessageNote,
  type Recording,
  type VoicemailItem,
} from './file';
import { soundSeconds } from './sound';

export { soundSeconds, MIN_SOUND_SECONDS } from './sound';
export {
  voicemailItem,
  recordingsOf,
  transactionOf,
  durationOf,
  pipelineInput,
  RECORDING_PREFIX,
  type VoicemailItem,
  type MessageNote,
} from './file';

export interface IndexerDeps {
  dynamodb: DynamoDBClient;
  s3: S3Client;
  tableName: string;
  retentionDays?: number;
  /** The voicemail pipeline (transcribe, store, notify), started once for each message filed. */
  pipeline?: { sfn: SFNClient; stateMachineArn: string };
  now?: () => number;
  logger?: Logger;
}

export interface IndexResult {
  filed: number;
  alreadyFiled: number;
  skipped: number;
}

export function createVoicemailIndexer(deps: IndexerDeps): (event: unknown) => Promise<IndexResult> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? new Logger({ serviceName: 'voicemail-indexer' });
  return async (event) => {
    const result: IndexResult = { filed: 0, alreadyFiled: 0, skipped: 0 };
    for (const recording of recordingsOf(event)) {
      const transactionId = transactionOf(recording.key);
      if (!transactionId) {
        result.skipped++;
        continue;
      }
      const note = await readNote(deps, transactionId);
      if (!note) logger.warn('no note from the workflow; filing the message as unfiled', { transactionId });
      const audio = await readRecording(deps.s3, recording);
      const size = recording.size ?? audio?.length;
      const sound = audio && measured(audio);
      const item = voicemailItem(
        { ...recording, size },
        transactionId,
        note,
        now(),
        deps.retentionDays ?? 90,
        sound,
      );
      try {
        await deps.dynamodb.send(
          new PutItemCommand({
            TableName: deps.tableName,
            Item: marshall(item),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        result.filed++;
        logger.info(item.status === 'missed' ? 'missed call filed (no message)' : 'voicemail filed', {
          transactionId,
          durationSeconds: item.durationSeconds,
          soundSeconds: item.soundSeconds,
        });
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
        result.alreadyFiled++;
        continue;
      }
      // a recording with no sound is filed as a missed call (MISSED#), not a message: no pipeline for it
      if (item.status === 'new') await startPipeline(deps, item, logger);
    }
    return result;
  };
}

/**
 * Starts the pipeline for a newly filed message, named after its call so a second start (a retried
 * invocation) is refused by Step Functions instead of notifying twice. A pipeline that cannot start is
 * logged; the message stays filed (the owner still finds it in the menu).
 */
async function startPipeline(deps: IndexerDeps, item: VoicemailItem, logger: Logger): Promise<void> {
  if (!deps.pipeline) return;
  try {
    await deps.pipeline.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deps.pipeline.stateMachineArn,
        name: `voicemail-${item.transactionId}`.slice(0, 80),
        input: JSON.stringify(pipelineInput(item)),
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ExecutionAlreadyExists') return;
    logger.error('the voicemail pipeline did not start; the message is filed without a transcript', {
      transactionId: item.transactionId,
      error: (e as Error).name,
    });
  }
}

async function readNote(deps: IndexerDeps, transactionId: string): Promise<MessageNote | undefined> {
  const got = await deps.dynamodb.send(
    new GetItemCommand({
      TableName: deps.tableName,
      Key: marshall({ pk: `RECORDING#${transactionId}`, sk: 'voicemail' }),
      ConsistentRead: true,
    }),
  );
  if (!got.Item) return undefined;
  const raw = unmarshall(got.Item);
  if (typeof raw.line !== 'string' || typeof raw.receivedAt !== 'string') return undefined;
  return {
    line: raw.line,
    caller: typeof raw.caller === 'string' ? raw.caller : 'unknown',
    receivedAt: raw.receivedAt,
    ...(typeof raw.spokenTime === 'string' && { spokenTime: raw.spokenTime }),
    ...(typeof raw.voicemailExpiresAt === 'number' && { expiresAt: raw.voicemailExpiresAt }),
  };
}

/** The recording's bytes, or undefined when it cannot be read (it is then kept as a message, unmeasured). */
async function readRecording(s3: S3Client, recording: Recording): Promise<Buffer | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: recording.bucket, Key: recording.key }));
    return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
  } catch {
    return undefined;
  }
}

function measured(wav: Buffer): number | undefined {
  try {
    return soundSeconds(wav);
  } catch {
    return undefined; // not a WAV we can read: keep it as a message
  }
}

let cold: ((event: unknown) => Promise<IndexResult>) | undefined;

export async function handler(event: unknown): Promise<IndexResult> {
  cold ??= fromEnvironment(process.env);
  return cold(event);
}

function fromEnvironment(env: Record<string, string | undefined>): (event: unknown) => Promise<IndexResult> {
  if (!env.TABLE_NAME) throw new Error('TABLE_NAME is not set');
  const retentionDays = env.RETENTION_DAYS === undefined ? 90 : Number(env.RETENTION_DAYS);
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new Error(`RETENTION_DAYS "${env.RETENTION_DAYS}" must be a whole number of days >= 1`);
  return createVoicemailIndexer({
    dynamodb: new DynamoDBClient({}),
    s3: new S3Client({}),
    tableName: env.TABLE_NAME,
    retentionDays,
    ...(env.PIPELINE_ARN && { pipeline: { sfn: new SFNClient({}), stateMachineArn: env.PIPELINE_ARN } }),
  });
}

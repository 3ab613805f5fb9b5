/**
 * How the lab builds each function in `functions/`: through its factory, with clients aimed at the lab's
 * edge and settings from the lab's resources (docs/architecture.md §2: nothing in functions/ knows about the
 * lab). A workflow's `${<Name>FunctionArn}` placeholder registers the function named here.
 */
import type { LabClock } from './clock';
import { transcribeMs, type LatencyProfile } from './latency';
import type { LambdaFunction } from './services/lambda';
import type { ObjectStore } from './services/s3';
import type { LabClientConfig } from './services/sdk';

export interface FunctionContext {
  clientConfig: LabClientConfig;
  clock: LabClock;
  bucketName: string;
  tableName: string;
  sipMediaApplicationId: string;
  store: ObjectStore;
  /** Substitutions the workflows get, for functions that need the same settings. */
  substitutions: Record<string, string>;
  /** Realistic-latency mode's figures (absent: the lab's services answer at once). */
  latency?: LatencyProfile;
  /** secret the owner's PIN is checked with, and the key sensitive digits are digested with */
  secrets: { digitsKey: string; ownerPin: string };
  /** pipeline name (`workflows/pipelines/<name>.asl.json`) → its state machine ARN */
  pipelines: Record<string, string>;
  /** where the owner is notified (notify-owner's settings, as the CDK app sets them from -c ownerEmail/ownerSms) */
  owner: { email?: string; sms?: string };
}

export interface LabFunction extends Omit<LambdaFunction, 'name'> {
  /**
   * Run on every object created under this prefix of the lab bucket, with an S3 event notification
   * (`{Records: [{eventName: 'ObjectCreated:Put', s3: {bucket: {name}, object: {key, size}}}]}`) — the lab's
   * stand-in for the bucket notification the CDK app sets up. Functions with a trigger always run in the lab.
   */
  s3Trigger?: { prefix: string };
}

export type FunctionBuilder = (ctx: FunctionContext) => Promise<LabFunction>;

/** Function folder → builder. Add a line here when a workflow needs a new function. */
export const FUNCTION_BUILDERS: Record<string, FunctionBuilder> = {
  'business-hours': async () => ({
    handler: (await import('../functions/business-hours')).createBusinessHours(),
  }),
  'owner-pin': async (ctx) => {
    const [{ createOwnerPin }, { DynamoDBClient }] = await Promise.all([
      import('../functions/owner-pin'),
      import('@aws-sdk/client-dynamodb'),
    ]);
    const dynamodb = new DynamoDBClient(ctx.clientConfig);
    return {
      // as deployed (infra/constructs/call-function.ts): 40 calls at once race for the lockout's slots
      timeoutMs: 10_000,
      handler: createOwnerPin({
        dynamodb,
        tableName: ctx.tableName,
        secrets: async () => ctx.secrets,
        now: () => ctx.clock.now(),
      }),
    };
  },
  'dial-policy': async (ctx) => {
    const [{ createDialPolicy }, { DynamoDBClient }] = await Promise.all([
      import('../functions/dial-policy'),
      import('@aws-sdk/client-dynamodb'),
    ]);
    return {
      handler: createDialPolicy({
        dynamodb: new DynamoDBClient(ctx.clientConfig),
        tableName: ctx.tableName,
        now: () => ctx.clock.now(),
      }),
    };
  },
  'place-call': async (ctx) => {
    const [{ createPlaceCall }, { ChimeSDKVoiceClient }] = await Promise.all([
      import('../functions/place-call'),
      import('@aws-sdk/client-chime-sdk-voice'),
    ]);
    const chime = new ChimeSDKVoiceClient(ctx.clientConfig);
    return {
      handler: createPlaceCall({
        chime,
        sipMediaApplicationId: ctx.sipMediaApplicationId,
        sleep: (ms) => ctx.clock.sleep(ms),
      }),
    };
  },
  answer: async (ctx) => {
    const [{ createAnswer }, { BedrockRuntimeClient }, { ChimeSDKVoiceClient }, { NodeHttpHandler }] =
      await Promise.all([
        import('../functions/answer'),
        import('@aws-sdk/client-bedrock-runtime'),
        import('@aws-sdk/client-chime-sdk-voice'),
        import('@smithy/node-http-handler'),
      ]);
    return {
      handler: createAnswer({
        // the edge speaks HTTP/1.1; the Bedrock Runtime client would use HTTP/2
        // one attempt: throttling is retried by the workflow, on the lab clock
        bedrock: new BedrockRuntimeClient({
          ...ctx.clientConfig,
          // in process when the lab's clients are; over HTTP/1.1 otherwise (the edge has no HTTP/2)
          requestHandler: ctx.clientConfig.requestHandler ?? new NodeHttpHandler(),
          maxAttempts: 1,
        }),
        chime: new ChimeSDKVoiceClient(ctx.clientConfig),
        modelId: ctx.substitutions.ModelId ?? '',
        sipMediaApplicationId: ctx.sipMediaApplicationId,
      }) as (event: unknown) => Promise<unknown>,
      timeoutMs: 30_000,
    };
  },
  transcribe: async (ctx) => {
    const [{ createTranscribe }, { S3Client }, { createLabTranscriber }] = await Promise.all([
      import('../functions/transcribe'),
      import('@aws-sdk/client-s3'),
      import('./services/transcribe'),
    ]);
    const [lab, { wavDurationMs }] = [createLabTranscriber(ctx.store), await import('./services/media')];
    return {
      handler: createTranscribe({
        s3: new S3Client(ctx.clientConfig),
        transcriber: async ({ bucket, key, wav, languageCode }) => {
          // realistic mode: the recording streamed at the function's pace, then Transcribe's final result
          if (ctx.latency) await ctx.clock.sleep(transcribeMs(ctx.latency, wavDurationMs(wav) ?? 0));
          return lab(bucket, key, languageCode);
        },
      }),
    };
  },
  'voicemail-indexer': async (ctx) => {
    const [{ createVoicemailIndexer }, { DynamoDBClient }, { S3Client }] = await Promise.all([
      import('../functions/voicemail-indexer'),
      import('@aws-sdk/client-dynamodb'),
      import('@aws-sdk/client-s3'),
    ]);
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const pipelineArn = ctx.pipelines.voicemail;
    const indexer = createVoicemailIndexer({
      dynamodb: new DynamoDBClient(ctx.clientConfig),
      s3: new S3Client(ctx.clientConfig),
      tableName: ctx.tableName,
      now: () => ctx.clock.now(),
      ...(pipelineArn && {
        pipeline: { sfn: new SFNClient(ctx.clientConfig), stateMachineArn: pipelineArn },
      }),
    });
    return { handler: indexer, s3Trigger: { prefix: 'recordings/business-line/' } };
  },
  'notify-owner': async (ctx) => {
    const [{ createNotifyOwner, channelsFrom }, { S3Client }, { SESv2Client }, { PinpointSMSVoiceV2Client }] =
      await Promise.all([
        import('../functions/notify-owner'),
        import('@aws-sdk/client-s3'),
        import('@aws-sdk/client-sesv2'),
        import('@aws-sdk/client-pinpoint-sms-voice-v2'),
      ]);
    const channels = channelsFrom({
      OWNER_EMAIL: ctx.owner.email,
      OWNER_SMS: ctx.owner.sms,
      MAX_ATTEMPTS: '3',
    });
    const retry = { ...ctx.clientConfig, maxAttempts: channels.maxAttempts };
    return {
      timeoutMs: 60_000, // as deployed (infra/function-access.ts): the SDK's retries take real time
      handler: createNotifyOwner({
        channels,
        s3: new S3Client(ctx.clientConfig),
        ses: new SESv2Client(retry),
        sms: new PinpointSMSVoiceV2Client(retry),
      }),
    };
  },
};

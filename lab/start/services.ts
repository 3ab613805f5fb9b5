/**
 * The local AWS services behind one edge: SQS, DynamoDB, S3, Step Functions (the lab's engine), EventBridge
 * Scheduler, Chime SDK Voice, Bedrock, Lambda, Transcribe batch jobs, SES and End User Messaging SMS (these two
 * into an outbox), and the account's control-plane reads (lab/services/account). The Voice API reaches the PSTN
 * simulator, made later,
 * through `voice`.
 */
import type { Clock } from '../clock';
import { createEngine, StatesError, type Engine } from '../engine';
import { VoiceApiError, type PstnSimulator } from '../pstn';
import { accountProviders, chimeInventory, type LabAccount } from '../services/account';
import { createBedrockProvider, type BedrockProviderOptions } from '../services/bedrock';
import { ChimeVoiceError, createChimeVoiceProvider, TransactionNotFoundError } from '../services/chime';
import { createDynamoDbProvider } from '../services/dynamodb';
import { jsonApiProvider, startEdge, type Edge, type EdgeDispatch, type Provider } from '../services/edge';
import { createLambdaProvider, FunctionNotFound } from '../services/lambda';
import { createS3Provider } from '../services/s3';
import { s3Folder } from '../state';
import { createSchedulerProvider, type SchedulerProvider } from '../services/scheduler';
import { labClientConfig, LAB_ACCOUNT_ID, LAB_REGION, type LabClientConfig } from '../services/sdk';
import { labTransport } from '../services/in-process';
import { createNotifyServices, type Outbox } from '../services/notify';
import { createTranscribeBatch, type TranscribeBatch } from '../services/transcribe/batch';
import { LAB_BUCKET } from './names';
import { createSqsProvider, type SqsProvider } from '../services/sqs';
import {
  createIntegrations,
  createStepFunctionsService,
  type Integrations,
  type StepFunctionsService,
} from '../stepfunctions';
import { answerMs, modelSpeed, type LatencyProfile } from '../latency';

type LambdaProvider = ReturnType<typeof createLambdaProvider>;
type S3Provider = ReturnType<typeof createS3Provider>;

export interface LabServices {
  edge: Edge;
  s3: S3Provider;
  lambdas: LambdaProvider;
  integrations: Integrations;
  engine: Engine;
  stepFunctions: StepFunctionsService;
  scheduler: SchedulerProvider;
  /** SQS, for the names of the queues that exist (nothing left behind). */
  sqs: SqsProvider;
  /** Set once the PSTN simulator exists: the Voice API's calls go to it. */
  voice: { pstn?: PstnSimulator };
  /** For the lab's own clients: in process unless LAB_TRANSPORT=http (lab/services/in-process.ts). */
  clientConfig: LabClientConfig;
  /** Transcribe batch jobs (seeded faults, jobs still running). */
  transcribe: TranscribeBatch;
  /** What SES and End User Messaging SMS would have sent. */
  outbox: Outbox;
  account: LabAccount;
}

export interface ServiceOptions {
  port: number;
  host?: string;
  clock: Clock;
  promptsDir: string;
  dataDir?: string;
  bedrock?: Pick<BedrockProviderOptions, 'forward' | 'latencyMs' | 'responder'>;
  /** Email identities the lab's SES treats as verified (the owner's address). */
  verifiedIdentities: string[];
  /** Realistic-latency mode (lab/latency.ts); absent: every service answers at once. */
  latency?: LatencyProfile;
  /** What the account's control-plane reads answer (npm run preflight). */
  account: LabAccount;
  log: (line: string) => void;
}

export async function startServices(options: ServiceOptions): Promise<LabServices> {
  const { clock, log } = options;
  let edgeUrl = '';
  let dispatch: EdgeDispatch | undefined = undefined;
  const inProcess =
    labTransport() === 'in-process'
      ? () => dispatch ?? (() => Promise.reject(new Error('the lab edge is not started yet')))
      : undefined;
  const s3 = createS3Provider(options.dataDir ? { root: s3Folder(options.dataDir) } : {});
  const lambdas = createLambdaProvider();
  const integrations = createIntegrations({
    clientConfig: lazyConfig(() => edgeUrl, inProcess),
    accountId: LAB_ACCOUNT_ID,
    lambda: (name, payload) => invokeForStepFunctions(lambdas, name, payload),
  });
  const engine = createEngine({ clock, integrations, region: LAB_REGION, accountId: LAB_ACCOUNT_ID });
  const stepFunctions = createStepFunctionsService({
    engine,
    region: LAB_REGION,
    accountId: LAB_ACCOUNT_ID,
    clock,
    integrations,
  });
  const scheduler = createSchedulerProvider({
    clock,
    invoke: async (arn, input) => {
      const result = await lambdas.invoke(arn, JSON.parse(input));
      if (result.functionError) throw new Error(`target ${arn} failed: ${JSON.stringify(result.payload)}`);
    },
    log: (message) => log(`scheduler: ${message}`),
  });
  const voice: { pstn?: PstnSimulator } = {};
  const transcribe = createTranscribeBatch({
    store: s3.store,
    clock,
    accountId: LAB_ACCOUNT_ID,
    region: LAB_REGION,
    serviceBucket: LAB_BUCKET,
    log,
  });
  const notify = createNotifyServices({ clock, verifiedIdentities: options.verifiedIdentities, log });
  const sqs = await createSqsProvider();
  const providers: Provider[] = [
    sqs,
    await createDynamoDbProvider(),
    s3,
    lambdas,
    scheduler,
    voiceProvider(voice, options.account),
    createBedrockProvider({
      promptsDir: options.promptsDir,
      clock,
      ...(options.bedrock ?? {}),
      ...modelLatency(options.latency),
      log: (message) => log(`bedrock: ${message}`),
    }),
    jsonApiProvider('states', 'AWSStepFunctions.', stepFunctions),
    ...withTranscribeJobs(accountProviders(options.account), transcribe),
    ...notify.providers,
  ].map((p) => withApiLatency(p, options.latency, clock));
  // the edge owns its providers: closing it (or a failed start) closes them
  const edge: Edge = await startEdge({ port: options.port, host: options.host, providers });
  edgeUrl = edge.url;
  dispatch = edge.dispatch;
  const clientConfig = labClientConfig(edge.url, inProcess);
  return {
    edge,
    s3,
    lambdas,
    integrations,
    engine,
    stepFunctions,
    scheduler,
    sqs,
    voice,
    clientConfig,
    transcribe,
    outbox: notify.outbox,
    account: options.account,
  };
}

/**
 * One 'transcribe' provider on the edge: batch jobs (Start/Get/ListTranscriptionJobs) go to the lab's jobs,
 * every other Transcribe operation (ListVocabularies, for preflight) to the account's provider.
 */
function withTranscribeJobs(account: Provider[], jobs: TranscribeBatch): Provider[] {
  const batch = jsonApiProvider('transcribe', 'Transcribe.', jobs);
  const other = account.find((p) => p.service === 'transcribe');
  const isJob = (target: string) => /^Transcribe\.(Start|Get|List)TranscriptionJobs?$/.test(target);
  const transcribe: Provider = {
    service: 'transcribe',
    handle: (req) =>
      isJob(req.headers['x-amz-target'] ?? '') || !other ? batch.handle(req) : other.handle(req),
  };
  return [...account.filter((p) => p !== other), transcribe];
}

/** Step Functions' lambda:invoke: a function error becomes the task's error, named as the function named it. */
async function invokeForStepFunctions(lambdas: LambdaProvider, name: string, payload: unknown) {
  const result = await lambdas.invoke(name, payload).catch((e: Error) => {
    // the Lambda API's own error, not the function's: Lambda.ResourceNotFoundException, as AWS names it
    throw e instanceof FunctionNotFound ? new StatesError(`Lambda.${e.name}`, e.message) : e;
  });
  if (result.functionError) {
    const { errorType, errorMessage } = (result.payload ?? {}) as {
      errorType?: string;
      errorMessage?: string;
    };
    throw Object.assign(new Error(errorMessage ?? ''), { name: errorType ?? 'Lambda.Unknown' });
  }
  return result.payload;
}

/** Chime SDK Voice: CreateSipMediaApplicationCall and UpdateSipMediaApplicationCall reach the simulator. */
function voiceProvider(voice: { pstn?: PstnSimulator }, account: LabAccount): Provider {
  return createChimeVoiceProvider({
    inventory: chimeInventory(account),
    calls: {
      async create(input) {
        return voiceCall(() => voice.pstn!.createCall(input));
      },
      async update(input) {
        voiceCall(
          () => voice.pstn!.updateCall({ transactionId: input.transactionId, arguments: input.arguments }),
          input,
        );
      },
    },
  });
}

function voiceCall<T>(run: () => T, update?: { sipMediaApplicationId: string; transactionId: string }): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof VoiceApiError && e.name === 'NotFoundException' && update) {
      throw new TransactionNotFoundError(update.sipMediaApplicationId, update.transactionId);
    }
    if (e instanceof VoiceApiError) throw new ChimeVoiceError('BadRequestException', e.message);
    throw e;
  }
}

/** The integrations are made before the edge listens: their endpoint is read when a client is made. */
function lazyConfig(url: () => string, inProcess?: () => EdgeDispatch) {
  const { region, credentials, cacheMiddleware, requestHandler } = labClientConfig(
    'http://placeholder',
    inProcess,
  );
  return {
    get endpoint() {
      return url();
    },
    region,
    credentials,
    cacheMiddleware,
    forcePathStyle: true as const,
    ...(requestHandler ? { requestHandler } : {}),
  };
}

/** Realistic mode: the model's time for an answer, whole (Converse) or streamed (ConverseStream). */
function modelLatency(
  latency: LatencyProfile | undefined,
): Pick<BedrockProviderOptions, 'answerLatencyMs' | 'streamSpeed'> {
  if (!latency) return {};
  return {
    answerLatencyMs: (modelId, tokens) => answerMs(latency, modelId, tokens),
    streamSpeed: (modelId) => modelSpeed(latency, modelId),
  };
}

/** Realistic mode: the API answers after its figure in the profile, on the lab clock (the service is unchanged). */
function withApiLatency(provider: Provider, latency: LatencyProfile | undefined, clock: Clock): Provider {
  const services = [provider.service].flat();
  const figure = latency && services.map((s) => latency.api[s as keyof LatencyProfile['api']]).find(Boolean);
  if (!figure) return provider;
  return {
    service: provider.service,
    handle: async (req) => {
      await clock.sleep(figure.ms);
      return provider.handle(req);
    },
    ...(provider.close ? { close: () => provider.close!() } : {}),
  };
}

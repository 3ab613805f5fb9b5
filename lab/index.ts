/**
 * `startLab()`: the Phone Lab, wired together — the one place where the pieces
 * meet (docs/architecture.md §2–§3).
 *
 * One edge serves SQS, DynamoDB, S3, Step Functions, EventBridge Scheduler, Chime SDK Voice and Lambda; the
 * PSTN simulator invokes the real event router, which talks to that edge through the real AWS SDK; every
 * `workflows/*.asl.json` becomes a state machine with a phone number. All waiting runs on one lab clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { createRouter } from '../functions/event-router';
import type { PstnEvent } from '../functions/pstn';
import { LabClock } from './clock';
import { createEngine, StatesError, type Engine } from './engine';
import { FUNCTION_BUILDERS, type FunctionContext } from './functions';
import {
  createPstnSimulator,
  VoiceApiError,
  type CallerHandle,
  type PhoneBehaviour,
  type PstnSimulator,
  type PstnSimulatorSettings,
} from './pstn';
import { createChimeVoiceProvider, TransactionNotFoundError, ChimeVoiceError } from './services/chime';
import { createDynamoDbProvider } from './services/dynamodb';
import { jsonApiProvider, startEdge, type Edge, type Provider } from './services/edge';
import { createBedrockProvider, type BedrockProviderOptions } from './services/bedrock';
import { createLambdaProvider, FunctionNotFound } from './services/lambda';
import { speechDurationMs, wavDurationMs } from './services/media';
import { createS3Provider, type ObjectStore } from './services/s3';
import { createSchedulerProvider, type SchedulerProvider } from './services/scheduler';
import { labClientConfig, LAB_ACCOUNT_ID, LAB_REGION } from './services/sdk';
import { createSqsProvider } from './services/sqs';
import { createNotifyServices, type Outbox } from './services/notify';
import { transcriptMetadata } from './services/transcribe';
import { createTranscribeBatch, type TranscribeBatch } from './services/transcribe/batch';
import { createIntegrations, createStepFunctionsService, type StepFunctionsService } from './stepfunctions';
import { assignNumbers, functionOfPlaceholder, readCallFlows, type CallFlowFile } from './workflows';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LabOptions {
  /** Edge port (default 4566; 0 = any free port). */
  port?: number;
  host?: string;
  /** Folder of `*.asl.json` call flows (default `workflows/`). */
  workflowsDir?: string;
  promptsDir?: string;
  audioDir?: string;
  /** Workflow name → E.164 number; the rest get +1 206 555 02NN. */
  numbers?: Record<string, string>;
  /** The business owner's personal phone (fills `${OwnerNumber}`). */
  ownerNumber?: string;
  /** The owner's voicemail PIN in the lab (never logged). Default 1234. */
  ownerPin?: string;
  /** Lab wall time at start, and lab ms per real ms (0 = manual). */
  start?: number | string;
  speed?: number;
  /** Where the lab's S3 keeps objects (default: a temporary folder, removed on close). */
  dataDir?: string;
  /** Model id for `${ModelId}` (the lab's offline responder answers any Bedrock model id). */
  modelId?: string;
  turnBudgetMs?: number;
  /** The local Bedrock: forward to an OpenAI-compatible server, a fixed latency, or another responder. */
  bedrock?: Pick<BedrockProviderOptions, 'forward' | 'latencyMs' | 'responder'>;
  pstn?: Partial<PstnSimulatorSettings>;
  /** Where the lab reports what it does (default: nowhere). */
  log?: (line: string) => void;
  /**
   * Where the owner is notified (SES email, SMS); `false` turns a channel off. Defaults: an email to
   * owner@harbor-street.example and an SMS to the owner's number, both landing in the outbox.
   */
  notify?: { email?: string | false; sms?: string | false };
}

export interface Lab {
  edgeUrl: string;
  /** Workflow name → the number it answers. */
  numbers: Record<string, string>;
  ownerNumber: string;
  bucketName: string;
  tableName: string;
  clock: LabClock;
  /** Calls a line (a workflow name or its number) from `from`; returns the caller's phone. */
  dial(line: string, from: string): CallerHandle;
  /** How a number behaves when the system dials it. */
  phone(number: string, behaviour: PhoneBehaviour): ReturnType<PstnSimulator['phone']>;
  pstn: PstnSimulator;
  engine: Engine;
  stepFunctions: StepFunctionsService;
  store: ObjectStore;
  scheduler: SchedulerProvider;
  /** The workflows this lab serves. */
  callFlows: CallFlowFile[];
  /** Pipelines (`workflows/pipelines/*.asl.json`): name → state machine ARN. */
  pipelines: Record<string, string>;
  /** What the owner was sent (email, SMS): nothing leaves the machine. */
  outbox: Outbox;
  /** The lab's Transcribe batch jobs (seeded faults). */
  transcribe: TranscribeBatch;
  /** True when no follow-up work is running: S3-triggered functions, pipeline executions, Transcribe jobs. */
  followUpsIdle(): boolean;
  close(): Promise<void>;
}

export const LAB_BUCKET = 'switchboard-lab';
export const LAB_TABLE = 'switchboard-lab';
export const LAB_SCHEDULE_GROUP = 'switchboard-lab';
export const DEFAULT_OWNER_NUMBER = '+12065550100';
export const DEFAULT_OWNER_EMAIL = 'owner@harbor-street.example';
/** Stands in for the stack's KMS key in `${CallDataKeyArn}` (the lab's S3 notes it, does not encrypt with it). */
export const LAB_KEY_ARN = 'arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-00000000a11b';

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const log = options.log ?? (() => {});
  const workflowsDir = options.workflowsDir ?? join(REPO_ROOT, 'workflows');
  const callFlows = readCallFlows(workflowsDir);
  const pipelineFlows = existsSync(join(workflowsDir, 'pipelines'))
    ? readCallFlows(join(workflowsDir, 'pipelines'))
    : [];
  const pipelines = Object.fromEntries(
    pipelineFlows.map((p) => [
      p.name,
      `arn:aws:states:${LAB_REGION}:${LAB_ACCOUNT_ID}:stateMachine:${p.name}-pipeline`,
    ]),
  );
  const ownerEmail =
    options.notify?.email === false ? undefined : (options.notify?.email ?? DEFAULT_OWNER_EMAIL);
  const numbers = assignNumbers(callFlows, options.numbers);
  const ownerNumber = options.ownerNumber ?? DEFAULT_OWNER_NUMBER;
  const clock = new LabClock({ start: options.start, speed: options.speed ?? 1 });
  const sipMediaApplicationId = randomUUID();
  const secrets = { digitsKey: randomBytes(32).toString('hex'), ownerPin: options.ownerPin ?? '1234' };

  let stopTriggers: (() => void)[] = [];
  let triggersRunning = 0;

  // ---- the local AWS services -------------------------------------------------------------------------
  let edgeUrl = '';
  const s3 = createS3Provider(options.dataDir ? { root: options.dataDir } : {});
  const lambdas = createLambdaProvider();
  const integrations = createIntegrations({
    clientConfig: lazyConfig(() => edgeUrl),
    lambda: async (name, payload) => {
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
    },
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
  // the simulator is made once the router exists; the Voice API reaches it through this box
  const voice: { pstn?: PstnSimulator } = {};
  const chime = createChimeVoiceProvider({
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
  const bedrock = createBedrockProvider({
    promptsDir: options.promptsDir ?? join(REPO_ROOT, 'prompts'),
    clock,
    ...(options.bedrock ?? {}),
    log: (message) => log(`bedrock: ${message}`),
  });
  const transcribe = createTranscribeBatch({
    store: s3.store,
    clock,
    accountId: LAB_ACCOUNT_ID,
    region: LAB_REGION,
    serviceBucket: LAB_BUCKET,
    log,
  });
  const notify = createNotifyServices({
    clock,
    verifiedIdentities: ownerEmail ? [ownerEmail] : [],
    log,
  });
  const providers: Provider[] = [
    await createSqsProvider(),
    await createDynamoDbProvider(),
    s3,
    lambdas,
    scheduler,
    chime,
    bedrock,
    jsonApiProvider('states', 'AWSStepFunctions.', stepFunctions),
    jsonApiProvider('transcribe', 'Transcribe.', transcribe),
    ...notify.providers,
  ];
  // the edge owns its providers: closing it (or a failed start) closes them
  const edge: Edge = await startEdge({ port: options.port ?? 4566, host: options.host, providers });
  edgeUrl = edge.url;
  const clientConfig = labClientConfig(edgeUrl);

  // ---- resources the workflows use: the same names and substitutions the CDK app gives them -------------
  await s3.store.createBucket(LAB_BUCKET);
  await uploadFolder(s3.store, options.promptsDir ?? join(REPO_ROOT, 'prompts'), 'prompts/');
  await uploadFolder(s3.store, options.audioDir ?? join(REPO_ROOT, 'audio'), 'audio/');
  await createTable(new DynamoDBClient(clientConfig));
  await new SchedulerClient(clientConfig).send(new CreateScheduleGroupCommand({ Name: LAB_SCHEDULE_GROUP }));
  const substitutions: Record<string, string> = {
    BucketName: LAB_BUCKET,
    TableName: LAB_TABLE,
    ModelId: options.modelId ?? 'amazon.nova-micro-v1:0',
    SipMediaApplicationId: sipMediaApplicationId,
    ScheduleGroupName: LAB_SCHEDULE_GROUP,
    SchedulerRoleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-scheduler`,
    OwnerNumber: ownerNumber,
    CallDataKeyArn: LAB_KEY_ARN,
  };

  // ---- functions: each one a workflow names, built through its factory -----------------------------------
  const context: FunctionContext = {
    clientConfig,
    clock,
    bucketName: LAB_BUCKET,
    tableName: LAB_TABLE,
    sipMediaApplicationId,
    store: s3.store,
    substitutions,
    secrets,
    pipelines,
    owner: {
      ...(ownerEmail && { email: ownerEmail }),
      ...(options.notify?.sms !== false && { sms: options.notify?.sms ?? ownerNumber }),
    },
  };
  const needed = new Set(
    [...callFlows, ...pipelineFlows].flatMap((f) =>
      f.placeholders.map(functionOfPlaceholder).filter((n): n is string => !!n),
    ),
  );
  const built = await Promise.all(
    Object.entries(FUNCTION_BUILDERS).map(async ([name, build]) => [name, await build(context)] as const),
  );
  const triggered = built.filter(([, fn]) => fn.s3Trigger);
  for (const [name] of triggered) needed.add(name);
  for (const name of [...needed].sort()) {
    const build = FUNCTION_BUILDERS[name];
    if (!build) {
      const users = [...callFlows, ...pipelineFlows]
        .filter((f) => f.placeholders.some((p) => functionOfPlaceholder(p) === name))
        .map((f) => f.file);
      await closeAll();
      throw new Error(
        `${users.join(', ')} uses the function "${name}", but the lab has no functions/${name} to run (lab/functions.ts)`,
      );
    }
    const fn = built.find(([n]) => n === name)![1];
    const arn = lambdas.register({ name, ...fn });
    substitutions[`${pascal(name)}FunctionArn`] = arn;
  }
  stopTriggers = triggered.map(([name, fn]) =>
    s3.store.onObjectCreated(({ bucket, key, size }) => {
      if (bucket !== LAB_BUCKET || !key.startsWith(fn.s3Trigger!.prefix)) return;
      const record = {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key, size } },
      };
      triggersRunning++;
      lambdas
        .invoke(name, { Records: [record] })
        .then(
          (r) =>
            r.functionError && log(`${name} failed on s3://${bucket}/${key}: ${JSON.stringify(r.payload)}`),
          (e: Error) => log(`${name} failed on s3://${bucket}/${key}: ${e.message}`),
        )
        .finally(() => triggersRunning--);
    }),
  );

  // ---- one state machine per call flow ----------------------------------------------------------------------
  const callFlowArns: Record<string, string> = {};
  for (const flow of callFlows) {
    const lineSubstitutions = { ...substitutions, LineNumber: numbers[flow.name] };
    const reply = await stepFunctions.handle('CreateStateMachine', {
      name: flow.name,
      definition: substitute(flow.definition, lineSubstitutions),
      roleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-${flow.name}`,
      type: 'STANDARD',
    });
    if (reply.status !== 200) {
      await closeAll();
      const body = reply.body as { message?: string };
      throw new Error(`${flow.file}: ${body.message ?? JSON.stringify(body)}`);
    }
    callFlowArns[numbers[flow.name]] = (reply.body as { stateMachineArn: string }).stateMachineArn;
  }
  // ---- pipelines: state machines with no number, started by functions (the voicemail indexer) -------------
  for (const flow of pipelineFlows) {
    const reply = await stepFunctions.handle('CreateStateMachine', {
      name: `${flow.name}-pipeline`,
      definition: substitute(flow.definition, substitutions),
      roleArn: `arn:aws:iam::${LAB_ACCOUNT_ID}:role/switchboard-lab-${flow.name}-pipeline`,
      type: 'STANDARD',
    });
    if (reply.status !== 200) {
      await closeAll();
      const body = reply.body as { message?: string };
      throw new Error(`${flow.file}: ${body.message ?? JSON.stringify(body)}`);
    }
  }

  // ---- the SIP media application: its Lambda is the event router -------------------------------------------
  const router = createRouter({
    sqs: new SQSClient(clientConfig),
    sfn: new SFNClient(clientConfig),
    callFlows: callFlowArns,
    turnBudgetMs: options.turnBudgetMs,
    digitsKey: secrets.digitsKey,
  });
  lambdas.register({ name: 'event-router', handler: (event) => router(event), timeoutMs: 25_000 });
  const sim = createPstnSimulator({
    clock,
    sipMediaApplicationId,
    awsAccountId: LAB_ACCOUNT_ID,
    awsRegion: LAB_REGION,
    numbers: Object.fromEntries(Object.values(numbers).map((n) => [n, { sipRuleId: randomUUID() }])),
    invoke: async (event: PstnEvent) => {
      const result = await lambdas.invoke('event-router', event);
      if (result.functionError) {
        const { errorType, errorMessage } = result.payload as { errorType?: string; errorMessage?: string };
        throw new Error(`${errorType ?? 'Error'}: ${errorMessage ?? ''}`);
      }
      return result.payload;
    },
    media: {
      getAudio: async (bucket, key) => (await s3.store.get(bucket, key))?.body,
      saveRecording: (bucket, key, wav, transcript) =>
        s3.store.put(bucket, key, wav, {
          contentType: 'audio/wav',
          metadata: transcriptMetadata(transcript),
        }),
      speechDurationMs,
      wavDurationMs: (wav) => {
        const ms = wavDurationMs(wav);
        if (ms === undefined) throw new Error('not a PCM WAV file');
        return ms;
      },
    },
    options: options.pstn,
  });
  voice.pstn = sim;
  for (const flow of callFlows) log(`line ${flow.name}: ${numbers[flow.name]}`);

  async function closeAll(): Promise<void> {
    for (const stop of stopTriggers) stop();
    await edge.close();
  }

  return {
    edgeUrl,
    numbers,
    ownerNumber,
    bucketName: LAB_BUCKET,
    tableName: LAB_TABLE,
    clock,
    callFlows,
    pstn: sim,
    engine,
    stepFunctions,
    store: s3.store,
    scheduler,
    pipelines,
    outbox: notify.outbox,
    transcribe,
    followUpsIdle() {
      const pipelineArns = new Set(Object.values(pipelines));
      const pipelineRunning = stepFunctions
        .executions()
        .some((e) => e.status === 'RUNNING' && pipelineArns.has(e.stateMachineArn));
      return triggersRunning === 0 && !pipelineRunning && transcribe.running() === 0;
    },
    dial(line, from) {
      const to = numbers[line] ?? line;
      if (!Object.values(numbers).includes(to)) {
        throw new Error(
          `the lab serves no line "${line}" (lines: ${Object.entries(numbers)
            .map(([n, v]) => `${n} ${v}`)
            .join(', ')})`,
        );
      }
      return sim.dial({ from, to });
    },
    phone: (number, behaviour) => sim.phone(number, behaviour),
    async close() {
      for (const e of engineExecutions(stepFunctions)) {
        try {
          engine.stopExecution(e, 'Lab.Closed', 'the lab was closed');
        } catch {
          // already ended
        }
      }
      integrations.close();
      await closeAll();
    },
  };
}

function engineExecutions(service: StepFunctionsService): string[] {
  return service
    .executions()
    .filter((e) => e.status === 'RUNNING')
    .map((e) => e.executionArn);
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

function lazyConfig(url: () => string) {
  const creds = labClientConfig('http://placeholder');
  return {
    get endpoint() {
      return url();
    },
    region: creds.region,
    credentials: creds.credentials,
    forcePathStyle: true as const,
  };
}

function substitute(definition: string, values: Record<string, string>): string {
  return definition.replace(/\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) =>
    values[name] !== undefined ? JSON.stringify(values[name]).slice(1, -1) : whole,
  );
}

function pascal(kebab: string): string {
  return kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

async function uploadFolder(store: ObjectStore, dir: string, prefix: string): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return;
  }
  for (const file of files) {
    const contentType = file.endsWith('.wav')
      ? 'audio/wav'
      : file.endsWith('.md')
        ? 'text/markdown'
        : 'application/octet-stream';
    await store.put(LAB_BUCKET, prefix + file, readFileSync(join(dir, file)), { contentType });
  }
}

async function createTable(dynamodb: DynamoDBClient): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: LAB_TABLE,
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
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: LAB_TABLE,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    }),
  );
}

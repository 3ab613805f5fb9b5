/**
 * `startLab()`: the Phone Lab, wired together — the one place where the pieces
 * meet (docs/architecture.md §2–§3).
 *
 * One edge serves SQS, DynamoDB, S3, Step Functions, EventBridge Scheduler, Chime SDK Voice, Lambda,
 * Transcribe batch, SES and SMS (into an outbox); the PSTN simulator invokes the real event router, which talks
 * to that edge through the real AWS SDK; every `workflows/*.asl.json` becomes a state machine with a phone
 * number, every `workflows/pipelines/*.asl.json` one without. All waiting runs on one lab clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabClock } from './clock';
import type { Engine } from './engine';
import type { CallerHandle, PhoneBehaviour, PstnSimulator, PstnSimulatorSettings } from './pstn';
import type { BedrockProviderOptions } from './services/bedrock';
import type { ObjectStore } from './services/s3';
import type { SchedulerProvider } from './services/scheduler';
import type { Outbox } from './services/notify';
import type { TranscribeBatch } from './services/transcribe/batch';
import { registerFunctions } from './start/lambdas';
import {
  DEFAULT_OWNER_EMAIL,
  DEFAULT_OWNER_NUMBER,
  DEFAULT_OWNER_PIN,
  LAB_BUCKET,
  LAB_TABLE,
} from './start/names';
import { createResources } from './start/resources';
import { startServices, type LabServices } from './start/services';
import { labAccount, type LabAccount } from './services/account';
import { startSipMediaApplication } from './start/sip-media-application';
import { createCallFlowMachines, createPipelineMachines } from './start/state-machines';
import type { StepFunctionsService } from './stepfunctions';
import { LAB_ACCOUNT_ID, LAB_REGION } from './services/sdk';
import { checkSettingsFlows, type InitSettings } from './settings';
import type { LatencyProfile } from './latency';
import { readKeptState, restoreState, saveState } from './state';
import { startLabSweeper, type LabSweeper, type LabSweeperOptions } from './sweeper';
import { assignNumbers, readCallFlows, readLineNumbers, type CallFlowFile } from './workflows';
import { LAB_SCHEDULE_GROUP } from './start/names';

export {
  DEFAULT_OWNER_EMAIL,
  DEFAULT_OWNER_NUMBER,
  DEFAULT_OWNER_PIN,
  LAB_BUCKET,
  LAB_KEY_ARN,
  LAB_SCHEDULE_GROUP,
  LAB_TABLE,
} from './start/names';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface LabOptions {
  /** Edge port (default 4566; 0 = any free port). */
  port?: number;
  host?: string;
  /** Folder of `*.asl.json` call flows (default `workflows/`). */
  workflowsDir?: string;
  promptsDir?: string;
  audioDir?: string;
  /** Workflow name → E.164 number, over `<workflowsDir>/lines.json`; the rest get +1 206 555 02NN by name. */
  numbers?: Record<string, string>;
  /** The business owner's personal phone (fills `${OwnerNumber}`). */
  ownerNumber?: string;
  /** The owner's PIN in the lab (never logged). Default `DEFAULT_OWNER_PIN`. */
  ownerPin?: string;
  /** Lab wall time at start, and lab ms per real ms (0 = manual). */
  start?: number | string;
  speed?: number;
  /**
   * Keep the lab's state here across restarts (lab/state.ts): S3 objects, table items, schedules and the lab's
   * clock. Default: none — everything lives in memory and a temporary folder, gone on close.
   */
  dataDir?: string;
  /** Model id for `${ModelId}` (the lab's offline responder answers any Bedrock model id). */
  modelId?: string;
  turnBudgetMs?: number;
  /** The local Bedrock: forward to an OpenAI-compatible server, a fixed latency, or another responder. */
  bedrock?: Pick<BedrockProviderOptions, 'forward' | 'latencyMs' | 'responder'>;
  pstn?: Partial<PstnSimulatorSettings>;
  /**
   * Realistic latency (lab/latency.ts): AWS's own delays for Transcribe, Bedrock (first token and tokens per
   * second, per model), Polly, and the SQS, Step Functions, Chime SDK Voice, S3 and Lambda APIs, on the lab
   * clock. Default: none — the lab's services answer at once.
   */
  latency?: LatencyProfile;
  /** Init settings changed per workflow, e.g. `{ 'voice-assistant': { Language: 'es-US' } }`. */
  settings?: InitSettings;
  /**
   * The AI receptionist: the voice assistant answers the business number (the one the business line would
   * have), and the business line moves to the next number. Default false: two numbers.
   */
  receptionist?: boolean;
  /** The sweeper on the lab clock (default: every 10 lab minutes, as deployed). */
  sweeper?: LabSweeperOptions;
  /** The account the control-plane reads see (npm run preflight); change it to inject what an account lacks. */
  account?: LabAccount;
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
  /** What the account's control-plane reads answer (mutable: tests inject failures through it). */
  account: LabAccount;
  /** Workflow name → the number it answers. */
  numbers: Record<string, string>;
  ownerNumber: string;
  /** The owner's PIN in this lab (the banner shows it; never logged). */
  ownerPin: string;
  /** The folder the lab keeps its state in, when it was given one. */
  dataDir?: string;
  bucketName: string;
  tableName: string;
  scheduleGroup: string;
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
  /** The sweeper the lab runs on its clock; `sweep()` runs one now. */
  sweeper: LabSweeper;
  /** Names of the SQS queues that exist now (the call queues are `call-*`). */
  queueNames(): string[];
  close(): Promise<void>;
}

/**
 * Starts the lab, in order: the local AWS services (start/services.ts), the resources the workflows use
 * (start/resources.ts), the functions they name (start/lambdas.ts), a state machine per call flow
 * (start/state-machines.ts), and the SIP media application whose Lambda is the event router
 * (start/sip-media-application.ts). A step that fails closes what was started and says what went wrong.
 */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const log = options.log ?? (() => {});
  const workflowsDir = options.workflowsDir ?? join(REPO_ROOT, 'workflows');
  const callFlows = readCallFlows(workflowsDir);
  const pipelineFlows = existsSync(join(workflowsDir, 'pipelines'))
    ? readCallFlows(join(workflowsDir, 'pipelines'))
    : [];
  const ownerEmail =
    options.notify?.email === false ? undefined : (options.notify?.email ?? DEFAULT_OWNER_EMAIL);
  checkSettingsFlows(
    options.settings ?? {},
    callFlows.map((f) => f.name),
  );
  const numbers = receptionist(
    assignNumbers(callFlows, options.numbers, readLineNumbers(workflowsDir)),
    options.receptionist,
  );
  const ownerNumber = options.ownerNumber ?? DEFAULT_OWNER_NUMBER;
  const kept = options.dataDir ? readKeptState(options.dataDir) : undefined;
  // a lab that comes back continues its own clock, unless it is told a time
  const clock = new LabClock({ start: options.start ?? kept?.labTime, speed: options.speed ?? 1 });
  const sipMediaApplicationId = randomUUID();
  const secrets = {
    digitsKey: randomBytes(32).toString('hex'),
    ownerPin: options.ownerPin ?? DEFAULT_OWNER_PIN,
  };
  const promptsDir = options.promptsDir ?? join(REPO_ROOT, 'prompts');
  const account = options.account ?? labAccount();
  const services = await startServices({
    port: options.port ?? 4566,
    host: options.host,
    clock,
    promptsDir,
    dataDir: options.dataDir,
    bedrock: options.bedrock,
    verifiedIdentities: ownerEmail ? [ownerEmail] : [],
    latency: options.latency,
    account,
    log,
  });
  let stopTriggers: (() => void)[] = [];
  const inFlight = { triggers: 0 };
  const closeAll = async () => {
    for (const stop of stopTriggers) stop();
    await services.edge.close();
  };
  try {
    const { clientConfig } = services;
    const substitutions = await createResources({
      store: services.s3.store,
      clientConfig,
      promptsDir,
      audioDir: options.audioDir ?? join(REPO_ROOT, 'audio'),
      modelId: options.modelId ?? 'amazon.nova-micro-v1:0',
      sipMediaApplicationId,
      ownerNumber,
    });
    const context = { clientConfig, clock, bucketName: LAB_BUCKET, tableName: LAB_TABLE };
    // the pipelines' ARNs are known before their machines exist: functions (the indexer) start them
    const pipelines = Object.fromEntries(
      pipelineFlows.map((p) => [
        p.name,
        `arn:aws:states:${LAB_REGION}:${LAB_ACCOUNT_ID}:stateMachine:${p.name}-pipeline`,
      ]),
    );
    const owner = {
      ...(ownerEmail && { email: ownerEmail }),
      ...(options.notify?.sms !== false && { sms: options.notify?.sms ?? ownerNumber }),
    };
    stopTriggers = await registerFunctions(
      {
        ...context,
        sipMediaApplicationId,
        store: services.s3.store,
        substitutions,
        secrets,
        pipelines,
        owner,
        ...(options.latency ? { latency: options.latency } : {}),
      },
      services.lambdas,
      [...callFlows, ...pipelineFlows],
      log,
      inFlight,
    );
    const callFlowArns = await createCallFlowMachines(
      services.stepFunctions,
      callFlows,
      numbers,
      substitutions,
      options.settings ?? {},
    );
    const pstn = startSipMediaApplication(services, clientConfig, {
      clock,
      sipMediaApplicationId,
      callFlowArns,
      numbers: Object.values(numbers),
      turnBudgetMs: options.turnBudgetMs,
      digitsKey: secrets.digitsKey,
      pstn: {
        ...(options.latency ? { speakFirstAudioMs: options.latency.speakFirstAudio.ms } : {}),
        ...options.pstn,
      },
    });
    services.voice.pstn = pstn;
    await createPipelineMachines(services.stepFunctions, pipelineFlows, substitutions);
    const sweeper = startLabSweeper(
      clock,
      clientConfig,
      Object.values(callFlowArns),
      options.sweeper ?? {},
      log,
    );
    stopTriggers.push(() => sweeper.stop());
    if (kept) {
      await restoreState(services.edge.url, LAB_TABLE, kept, log);
      const restored = kept.stepFunctions
        ? services.stepFunctions.restore(kept.stepFunctions)
        : { stateMachines: 0, executions: 0 };
      log(
        `kept state: ${kept.items.length} table item(s), ${kept.schedules.length} schedule(s), ` +
          `${restored.executions} execution(s), ${restored.stateMachines} other state machine(s) from ${options.dataDir}`,
      );
    }
    const dataDir = options.dataDir;
    return labOf(services, {
      pstn,
      clock,
      callFlows,
      numbers,
      ownerNumber,
      pipelines,
      followUpsIdle: () => inFlight.triggers === 0 && followUpsDone(services, pipelines),
      ownerPin: secrets.ownerPin,
      dataDir: options.dataDir,
      sweeper,
      closeAll,
      save: dataDir
        ? () =>
            saveState(
              services.edge.url,
              LAB_TABLE,
              clock.now(),
              dataDir,
              services.stepFunctions.snapshot(clock.now()),
            )
        : undefined,
    });
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** The started lab as its users see it. */
function labOf(
  services: LabServices,
  lab: Pick<
    Lab,
    | 'pstn'
    | 'clock'
    | 'callFlows'
    | 'numbers'
    | 'ownerNumber'
    | 'ownerPin'
    | 'dataDir'
    | 'sweeper'
    | 'pipelines'
    | 'followUpsIdle'
  > & {
    closeAll(): Promise<void>;
    /** keeps the lab's state (a data folder), before the services close */
    save?: () => Promise<void>;
  },
): Lab {
  const { engine, stepFunctions, integrations } = services;
  const { pstn, numbers } = lab;
  return {
    edgeUrl: services.edge.url,
    account: services.account,
    numbers,
    ownerNumber: lab.ownerNumber,
    ownerPin: lab.ownerPin,
    dataDir: lab.dataDir,
    bucketName: LAB_BUCKET,
    tableName: LAB_TABLE,
    scheduleGroup: LAB_SCHEDULE_GROUP,
    clock: lab.clock,
    callFlows: lab.callFlows,
    pstn,
    engine,
    stepFunctions,
    store: services.s3.store,
    scheduler: services.scheduler,
    pipelines: lab.pipelines,
    outbox: services.outbox,
    transcribe: services.transcribe,
    followUpsIdle: lab.followUpsIdle,
    dial(line, from) {
      const to = numbers[line] ?? line;
      if (!Object.values(numbers).includes(to)) {
        throw new Error(
          `the lab serves no line "${line}" (lines: ${Object.entries(numbers)
            .map(([n, v]) => `${n} ${v}`)
            .join(', ')})`,
        );
      }
      return pstn.dial({ from, to });
    },
    phone: (number, behaviour) => pstn.phone(number, behaviour),
    sweeper: lab.sweeper,
    queueNames: () => services.sqs.queueNames(),
    async close() {
      for (const e of engineExecutions(stepFunctions)) {
        try {
          engine.stopExecution(e, 'Lab.Closed', 'the lab was closed');
        } catch {
          // already ended
        }
      }
      integrations.close();
      await lab.save?.();
      await lab.closeAll();
    },
  };
}

/** No pipeline execution running and no Transcribe job in progress. */
function followUpsDone(services: LabServices, pipelines: Record<string, string>): boolean {
  const arns = new Set(Object.values(pipelines));
  const running = services.stepFunctions
    .executions()
    .some((e) => e.status === 'RUNNING' && arns.has(e.stateMachineArn));
  return !running && services.transcribe.running() === 0;
}

function engineExecutions(service: StepFunctionsService): string[] {
  return service
    .executions()
    .filter((e) => e.status === 'RUNNING')
    .map((e) => e.executionArn);
}

/** The assistant in front of the business number: the two lines swap numbers (when both are served). */
function receptionist(numbers: Record<string, string>, on = false): Record<string, string> {
  const line = numbers['business-line'];
  const assistant = numbers['voice-assistant'];
  if (!on || !line || !assistant) return numbers;
  return { ...numbers, 'business-line': assistant, 'voice-assistant': line };
}

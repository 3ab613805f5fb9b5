import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  Annotations,
  ArnFormat,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CallFlow } from './constructs/call-flow';
import { CallFunction } from './constructs/call-function';
import { BUCKET_PREFIX, CallStorage } from './constructs/call-storage';
import { CallSweeper } from './constructs/call-sweeper';
import { CallbackScheduler } from './constructs/callback-scheduler';
import { callQueuesArn, EventRouter } from './constructs/event-router';
import { Operations } from './constructs/operations';
import { PhoneLine } from './constructs/phone-line';
import { PstnAudioApplication } from './constructs/pstn-audio-application';
import { FUNCTION_PROFILES } from './function-access';
import { modelResourceArns } from './model-access';
import { acknowledge } from './nag';
import { addRegionRules } from './region-rules';
import { pascalCase, workflowNeeds, type StackPlaceholder, type WorkflowNeeds } from './placeholders';
import type { DeploySettings } from './settings';

export interface SwitchboardStackProps extends StackProps {
  readonly settings: DeploySettings;
  /** Folder of `*.asl.json` call flows. @default 'workflows' */
  readonly workflowsDir?: string;
  /** Folder of functions (`<name>/index.ts`), including `event-router` and `sweeper`. @default 'functions' */
  readonly functionsDir?: string;
  /** @default 'prompts' */
  readonly promptsDir?: string;
  /** @default 'audio' */
  readonly audioDir?: string;
}

interface Workflow {
  readonly name: string;
  readonly file: string;
  readonly needs: WorkflowNeeds;
  /** A call flow's number; a pipeline (`workflows/pipelines/`) has none. */
  readonly line?: PhoneLine;
}

/** The folder of workflows that are not call flows: started by functions, with no number. */
export const PIPELINES_FOLDER = 'pipelines';

/** Everything Switchboard runs on in AWS: numbers, SIP media application, router, call flows, storage, sweeper. */
export class SwitchboardStack extends Stack {
  readonly storage: CallStorage;
  readonly router: EventRouter;
  readonly application: PstnAudioApplication;
  readonly callFlows: readonly CallFlow[];
  /** Pipelines by name (`voicemail` for workflows/pipelines/voicemail.asl.json). */
  readonly pipelines: ReadonlyMap<string, CallFlow>;
  readonly functions: ReadonlyMap<string, CallFunction>;
  readonly scheduler?: CallbackScheduler;
  private readonly settings: DeploySettings;
  private readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SwitchboardStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.settings = settings;
    const workflowsDir = props.workflowsDir ?? 'workflows';
    const functionsDir = props.functionsDir ?? 'functions';
    const workflows = this.readWorkflows(workflowsDir, functionsDir, settings);
    const pipelineFlows = this.readPipelines(join(workflowsDir, PIPELINES_FOLDER), functionsDir);
    this.pipelineNames = new Set(pipelineFlows.map((p) => p.name));
    const callsModel = workflows.some((w) => w.needs.stackValues.includes('ModelId'));
    addRegionRules(this, {
      modelId: callsModel ? settings.modelId : undefined,
      modelRegions: settings.modelRegions,
      modelGiven: settings.modelGiven,
    });

    const key = (this.key = new kms.Key(this, 'Key', {
      description: 'Switchboard: call flows (definitions, execution history), table, digits key',
      enableKeyRotation: true,
    }));
    this.storage = new CallStorage(this, 'Storage', {
      encryptionKey: key,
      destroyData: settings.destroyData,
      recordingRetentionDays: settings.recordingRetentionDays,
      promptsDir: props.promptsDir ?? 'prompts',
      audioDir: props.audioDir ?? 'audio',
    });
    if (settings.destroyData) key.applyRemovalPolicy(RemovalPolicy.DESTROY);

    const flowArn = (name: string) => CallFlow.stateMachineArn(this, name);
    const audioDir = props.audioDir ?? 'audio';
    const holdAudio =
      settings.holdAudio ?? (existsSync(join(audioDir, 'hold-music.wav')) ? 'hold-music.wav' : undefined);
    this.router = new EventRouter(this, 'Router', {
      entry: join(functionsDir, 'event-router', 'index.ts'),
      callFlows: workflows.map((w) => ({
        phoneNumber: w.line!.phoneNumber,
        stateMachineArn: flowArn(w.name),
        stateMachineName: CallFlow.stateMachineName(this, w.name),
      })),
      stateMachineKey: key,
      holdAudio: holdAudio && `${this.storage.bucket.bucketName}/${BUCKET_PREFIX.audio}${holdAudio}`,
    });
    this.application = new PstnAudioApplication(this, 'PstnAudio', { endpoint: this.router.function });
    this.storage.allowVoiceConnector(this.application.sipMediaApplicationArn);
    for (const workflow of workflows) workflow.line!.routeTo(this.application.sipMediaApplicationId);

    this.functions = this.buildFunctions([...workflows, ...pipelineFlows], functionsDir);
    if (workflows.some((w) => w.needs.stackValues.includes('SchedulerRoleArn'))) {
      const target = this.functions.get('place-call');
      if (!target) {
        throw new Error(
          'A workflow schedules callbacks (${SchedulerRoleArn}) but none calls ${PlaceCallFunctionArn}',
        );
      }
      this.scheduler = new CallbackScheduler(this, 'Callbacks', { target });
    }

    const businessLine = workflows.find((w) => w.name === 'business-line');
    this.callFlows = workflows.map((w) => this.buildCallFlow(w, key, settings, businessLine ?? w));
    this.pipelines = new Map(
      pipelineFlows.map((p) => [p.name, this.buildCallFlow(p, key, settings, businessLine ?? p)]),
    );
    conditionLogDelivery(key);
    const sweeper = new CallSweeper(this, 'Sweeper', {
      entry: join(functionsDir, 'sweeper', 'index.ts'),
      callFlows: this.callFlows,
      stateMachineKey: key,
      sweepAfterMinutes: settings.sweepAfterMinutes,
      maxCallMinutes: settings.maxCallMinutes,
    });

    // Powertools metrics of the router and the sweeper, and what watches them.
    const namespace = `Switchboard/${this.stackName}`;
    for (const fn of [this.router.handler.function, sweeper.handler.function]) {
      fn.addEnvironment('POWERTOOLS_METRICS_NAMESPACE', namespace);
    }
    const operations = new Operations(this, 'Operations', {
      namespace,
      router: this.router.handler.function,
      sweeper: sweeper.handler.function,
      voicemail: this.functions.get('voicemail-indexer')?.function,
      // a pipeline that fails (a notification never sent) alarms like a call flow
      callFlows: [...this.callFlows, ...this.pipelines.values()],
      alarmEmail: settings.alarmEmail,
      key,
    });
    new CfnOutput(this, 'Dashboard', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${operations.dashboard.dashboardName}`,
      description: 'CloudWatch dashboard: calls, apologies, failed actions, turn time, flows, leaked queues',
    });
    new CfnOutput(this, 'RouterFunction', {
      value: this.router.handler.function.functionName,
      description: 'The event router (npm run smoke invokes it)',
    });
    new CfnOutput(this, 'Bucket', {
      value: this.storage.bucket.bucketName,
      description: 'Prompts, audio and recordings',
    });
    for (const [i, flow] of this.callFlows.entries()) {
      const pascal = pascalCase(flow.name);
      new CfnOutput(this, `${pascal}Number`, {
        value: workflows[i].line!.phoneNumber,
        description: `Call ${flow.name}`,
      });
      new CfnOutput(this, `${pascal}StateMachine`, { value: flow.stateMachine.stateMachineArn });
      new CfnOutput(this, `${pascal}WorkflowStudio`, {
        value: `https://${this.region}.console.aws.amazon.com/states/home?region=${this.region}#/visual-editor?stateMachineArn=${flow.stateMachine.stateMachineArn}&type=standard`,
        description: `Open ${flow.name} in Workflow Studio`,
      });
    }
  }

  private ownerPinSecret?: secretsmanager.Secret;

  /** The owner's PIN: six random digits, generated at deploy time; the owner reads and changes it in Secrets Manager. */
  private ownerPin(): secretsmanager.Secret {
    if (this.ownerPinSecret) return this.ownerPinSecret;
    this.ownerPinSecret = new secretsmanager.Secret(this, 'OwnerPin', {
      description:
        "The business owner's PIN for the owner menu (digits only). Change it with put-secret-value.",
      generateSecretString: {
        passwordLength: 6,
        excludeLowercase: true,
        excludeUppercase: true,
        excludePunctuation: true,
        includeSpace: false,
      },
      encryptionKey: this.key,
    });
    acknowledge(
      this.ownerPinSecret,
      'The owner chooses and changes the PIN (put-secret-value); an automatic rotation would lock the owner out of ' +
        'their own menu.',
      'AwsSolutions-SMG4',
    );
    new CfnOutput(this, 'OwnerPinSecret', {
      value: this.ownerPinSecret.secretName,
      description:
        'aws secretsmanager get-secret-value --secret-id <this> shows the owner PIN; put-secret-value changes it',
    });
    return this.ownerPinSecret;
  }

  private readWorkflows(workflowsDir: string, functionsDir: string, settings: DeploySettings): Workflow[] {
    if (!existsSync(workflowsDir)) throw new Error(`No workflows folder at ${workflowsDir}`);
    const files = readdirSync(workflowsDir)
      .filter((f) => f.endsWith('.asl.json'))
      .sort();
    const folders = existsSync(functionsDir)
      ? readdirSync(functionsDir).filter((f) => existsSync(join(functionsDir, f, 'index.ts')))
      : [];
    const deployed: Workflow[] = [];
    for (const file of files) {
      const name = basename(file, '.asl.json');
      const path = join(workflowsDir, file);
      const text = readFileSync(path, 'utf8');
      try {
        JSON.parse(text);
      } catch (error) {
        throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
      }
      const needs = workflowNeeds(path, text, folders);
      const line = settings.lines[name];
      if (!line) {
        Annotations.of(this).addInfo(`${name} is not deployed: it has no number (see docs/deploy.md)`);
        continue;
      }
      if (needs.stackValues.includes('OwnerNumber') && !settings.ownerNumber) {
        throw new Error(
          `${path} uses \${OwnerNumber}: deploy with -c ownerNumber=+1… (the owner's own phone)`,
        );
      }
      deployed.push({
        name,
        file: path,
        needs,
        line: new PhoneLine(this, `${pascalCase(name)}Line`, { name, ...line }),
      });
    }
    return deployed;
  }

  /** `workflows/pipelines/*.asl.json`: state machines with no number, named `<name>-pipeline`. */
  private readPipelines(dir: string, functionsDir: string): Workflow[] {
    if (!existsSync(dir)) return [];
    const folders = existsSync(functionsDir)
      ? readdirSync(functionsDir).filter((f) => existsSync(join(functionsDir, f, 'index.ts')))
      : [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.asl.json'))
      .sort()
      .map((file) => {
        const path = join(dir, file);
        const text = readFileSync(path, 'utf8');
        try {
          JSON.parse(text);
        } catch (error) {
          throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
        }
        const needs = workflowNeeds(path, text, folders);
        if (needs.stackValues.includes('LineNumber'))
          throw new Error(`${path} uses \${LineNumber}, but a pipeline has no number of its own`);
        return { name: `${basename(file, '.asl.json')}-pipeline`, file: path, needs };
      });
  }

  private readonly pipelineNames: ReadonlySet<string>;

  /** The ARN the pipeline `workflows/pipelines/<name>.asl.json` will have (known before it is built), if it exists. */
  pipelineArn(name: string): string | undefined {
    return this.pipelineNames.has(`${name}-pipeline`)
      ? CallFlow.stateMachineArn(this, `${name}-pipeline`)
      : undefined;
  }

  private buildFunctions(workflows: readonly Workflow[], functionsDir: string): Map<string, CallFunction> {
    const functions = new Map<string, CallFunction>();
    const folders = [...new Set(workflows.flatMap((w) => w.needs.functions.map((f) => f.folder)))].sort();
    for (const folder of folders) {
      const profile = FUNCTION_PROFILES[folder] ?? {};
      const fn = new CallFunction(this, `${pascalCase(folder)}Function`, {
        entry: join(functionsDir, folder, 'index.ts'),
        description: `Switchboard ${folder}`,
        timeout: profile.timeout ?? Duration.seconds(10),
        memorySize: profile.memorySize,
        environment: {
          POWERTOOLS_SERVICE_NAME: folder,
          BUCKET_NAME: this.storage.bucket.bucketName,
          TABLE_NAME: this.storage.table.tableName,
          SIP_MEDIA_APPLICATION_ID: this.application.sipMediaApplicationId,
        },
      });
      profile.grant?.(fn, {
        storage: this.storage,
        application: this.application,
        digitsKey: this.router.digitsKey,
        ownerPin: () => this.ownerPin(),
        recordingRetentionDays: this.settings.recordingRetentionDays,
        notify: this.settings.notify,
        key: this.key,
        pipelineArn: (name) => this.pipelineArn(name),
        model: {
          id: this.settings.modelId,
          arns: modelResourceArns(this.settings.modelId, this, this.settings.modelRegions),
        },
      });
      functions.set(folder, fn);
    }
    return functions;
  }

  private buildCallFlow(
    workflow: Workflow,
    key: kms.IKey,
    settings: DeploySettings,
    businessLine: Workflow,
  ): CallFlow {
    const values: Record<StackPlaceholder, () => string> = {
      BucketName: () => this.storage.bucket.bucketName,
      TableName: () => this.storage.table.tableName,
      ModelId: () => settings.modelId,
      SipMediaApplicationId: () => this.application.sipMediaApplicationId,
      ScheduleGroupName: () => this.scheduler!.scheduleGroupName,
      SchedulerRoleArn: () => this.scheduler!.role.roleArn,
      LineNumber: () => workflow.line!.phoneNumber,
      OwnerNumber: () => settings.ownerNumber!,
      CallDataKeyArn: () => key.keyArn,
      BusinessLineNumber: () => businessLine.line!.phoneNumber,
    };
    const substitutions: Record<string, string> = {};
    for (const name of workflow.needs.stackValues) substitutions[name] = values[name]();
    for (const fn of workflow.needs.functions)
      substitutions[fn.placeholder] = this.functions.get(fn.folder)!.functionArn;

    const flow = new CallFlow(this, `${pascalCase(workflow.name)}Flow`, {
      name: workflow.name,
      definitionFile: workflow.file,
      substitutions,
      encryptionKey: key,
    });
    this.grantWorkflow(flow, workflow.needs, settings);
    const definition = readFileSync(workflow.file, 'utf8');
    this.grantTranscription(flow, definition, key);
    // "was a message left?": list one call's recordings
    if (definition.includes('arn:aws:states:::aws-sdk:s3:listObjectsV2'))
      this.storage.grantListRecordings(flow.role);
    // deleting a message deletes its transcript
    if (
      definition.includes("'transcripts/") &&
      definition.includes('arn:aws:states:::aws-sdk:s3:deleteObject')
    ) {
      this.storage.grantDeleteTranscripts(flow.role);
      acknowledge(
        flow.role,
        'Transcripts are written per call under transcripts/; the owner deletes one with its message.',
        ...this.storage.prefixFindings('transcripts/'),
      );
    }
    return flow;
  }

  /**
   * A workflow that runs Amazon Transcribe batch jobs (aws-sdk:transcribe:*): jobs named `voicemail-*` only;
   * Transcribe reads the recording and writes the transcript with the caller's own permissions, so the role
   * also reads recordings, writes and reads `transcripts/`, and uses the key the output is encrypted with.
   */
  private grantTranscription(flow: CallFlow, definition: string, key: kms.IKey): void {
    if (!definition.includes('arn:aws:states:::aws-sdk:transcribe:')) return;
    flow.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['transcribe:StartTranscriptionJob', 'transcribe:GetTranscriptionJob'],
        resources: [
          this.formatArn({
            service: 'transcribe',
            resource: 'transcription-job',
            resourceName: 'voicemail-*',
          }),
        ],
      }),
    );
    this.storage.grantTranscripts(flow.role);
    // the key only through S3, where Transcribe writes (and the pipeline reads) the encrypted transcript
    flow.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [key.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
      }),
    );
    acknowledge(
      flow.role,
      'Transcription jobs are named per call (voicemail-<TransactionId>); transcripts are written per call under ' +
        'transcripts/.',
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:transcribe:<AWS::Region>:<AWS::AccountId>:transcription-job/voicemail-*]',
      ...this.storage.prefixFindings('transcripts/'),
    );
  }

  /** Exactly what the workflow's placeholders say it touches. */
  private grantWorkflow(flow: CallFlow, needs: WorkflowNeeds, settings: DeploySettings): void {
    const role = flow.role;
    const uses = (name: StackPlaceholder) => needs.stackValues.includes(name);
    const findings: string[] = [];
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [callQueuesArn(this)] }),
    );
    findings.push(
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sqs:<AWS::Region>:<AWS::AccountId>:call-*]',
    );
    if (uses('BucketName')) {
      this.storage.grantWorkflowAccess(role);
      findings.push(...this.storage.prefixFindings('audio/', 'prompts/', 'recordings/'));
    }
    if (uses('TableName')) this.storage.grantCallData(role);
    if (uses('SipMediaApplicationId') && needs.callControl.length > 0)
      this.application.grantCallControl(role, ...needs.callControl);
    if (uses('ScheduleGroupName') || uses('SchedulerRoleArn')) {
      this.scheduler!.grantManageSchedules(role);
      findings.push(this.scheduler!.scheduleFinding);
    }
    if (uses('ModelId')) {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['bedrock:InvokeModel'],
          resources: modelResourceArns(settings.modelId, this, settings.modelRegions),
        }),
      );
    }
    for (const fn of needs.functions) this.functions.get(fn.folder)!.grantInvoke(role);
    acknowledge(
      role,
      'Per-call resources (call queues call-<TransactionId>, recordings, schedules) are named at run time; each ' +
        'grant is limited to its prefix or group.',
      ...findings,
    );
  }
}

/**
 * aws-cdk-lib lets CloudWatch Logs delivery (`delivery.logs.amazonaws.com`) decrypt with the key of a logging
 * state machine on behalf of anyone; Step Functions' guide scopes it to this account's log deliveries with
 * `aws:SourceAccount` and `aws:SourceArn` (https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html).
 */
function conditionLogDelivery(key: kms.Key): void {
  const stack = Stack.of(key);
  const cfnKey = key.node.defaultChild as kms.CfnKey;
  const policy = stack.resolve(cfnKey.keyPolicy) as { Statement?: { Principal?: { Service?: unknown } }[] };
  (policy.Statement ?? []).forEach((statement, i) => {
    if (statement.Principal?.Service !== 'delivery.logs.amazonaws.com') return;
    cfnKey.addPropertyOverride(`KeyPolicy.Statement.${i}.Condition`, {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'logs',
          resource: '*',
          arnFormat: ArnFormat.NO_RESOURCE_NAME,
        }),
      },
    });
  });
}

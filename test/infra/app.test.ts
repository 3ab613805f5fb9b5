import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { placeholdersIn } from '../../infra/placeholders';
import {
  FIXTURE_DIRS,
  iamStatements,
  list,
  ofType,
  PLACEHOLDER_CONTEXT,
  synth,
  type Synthesised,
} from './synth';

const WITH_ASSISTANT = { ...PLACEHOLDER_CONTEXT, assistantAreaCode: '425' };
const SYNTH_TIMEOUT = 180_000;

/** Actions AWS authorizes only on "*" (Service Authorization Reference), and where we use them. */
const STAR_ONLY_ACTIONS = new Set([
  // Task tokens are not resources (router).
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
  // Tracing and log delivery that aws-cdk-lib adds to traced, logging state machines.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  // Phone numbers and SIP rules (custom resources).
  'chime:SearchAvailablePhoneNumbers',
  'chime:CreatePhoneNumberOrder',
  'chime:GetPhoneNumberOrder',
  'chime:DeletePhoneNumber',
  'chime:GetPhoneNumber',
  'chime:ListPhoneNumbers',
  'chime:ListPhoneNumberOrders',
  'chime:CreateSipRule',
  'chime:UpdateSipRule',
  'chime:GetSipRule',
  'chime:ListSipRules',
  'chime:DeleteSipRule',
  // Streaming transcription has no resource type.
  'transcribe:StartStreamTranscription',
]);

/** Policies aws-cdk-lib builds for its own helpers (BucketDeployment, auto-delete, notifications), which we cannot narrow. */
const isCdkHelperPolicy = (id: string) =>
  /^(Custom(CDKBucketDeployment|S3AutoDeleteObjects)|BucketNotificationsHandler)/.test(id);

const findStateMachine = (s: Synthesised, workflow: string) => {
  const found = ofType(s, 'AWS::StepFunctions::StateMachine').find(
    ([, r]) => r.Properties?.StateMachineName === `Switchboard-${workflow}`,
  );
  if (!found) throw new Error(`no state machine for ${workflow}`);
  return found;
};

describe('deploying with -c areaCode=206 -c ownerNumber=+12065550100 (fixture workflows and functions)', () => {
  let s: Synthesised;
  beforeAll(() => {
    // Bundling is skipped here (aws:cdk:bundling-stacks = []); entry.test.ts bundles for real, in a child process.
    s = synth(WITH_ASSISTANT);
  }, SYNTH_TIMEOUT);

  it('orders a number for each line and routes each with its own SIP rule', () => {
    const orders = ofType(s, 'Custom::PhoneNumberOrder').map(([, r]) => r.Properties?.AreaCode);
    expect(orders.sort()).toEqual(['206', '425']);
    expect(ofType(s, 'Custom::SipRule')).toHaveLength(2);
    s.template.hasResourceProperties('Custom::SipRule', {
      PhoneNumber: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BusinessLineLineNumber'), 'PhoneNumber'] },
      SipMediaApplicationId: { 'Fn::GetAtt': [Match.anyValue(), 'SipMediaApplicationId'] },
    });
  });

  it('has one SIP media application whose endpoint is the event router', () => {
    const [[, sma]] = ofType(s, 'AWS::Chime::SipMediaApplication');
    const endpoint = JSON.stringify(sma.Properties?.Endpoints);
    expect(endpoint).toMatch(/RouterHandlerFunction/);
  });

  it('lets PSTN audio invoke the router only for this account and this SIP media application', () => {
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'voiceconnector.chime.amazonaws.com',
      Action: 'lambda:InvokeFunction',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PstnAudio'), 'SipMediaApplicationArn'] },
    });
  });

  it('tells the router which call flow each number starts (CALL_FLOWS)', () => {
    const [[, router]] = ofType(s, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('RouterHandlerFunction'),
    );
    const env = (router.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    const flows = JSON.stringify(env.CALL_FLOWS);
    expect(flows).toContain('BusinessLineLineNumber');
    expect(flows).toContain(':stateMachine:Switchboard-business-line');
    expect(flows).toContain('VoiceAssistantLineNumber');
    expect(flows).toContain(':stateMachine:Switchboard-voice-assistant');
    expect(env.DIGITS_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^RouterDigitsKey/) });
    expect(JSON.stringify(env.HOLD_AUDIO)).toContain('/audio/hold-music.wav');
  });

  it('runs each workflow as a Standard state machine: our key, tracing, ERROR logs without execution data', () => {
    for (const workflow of ['business-line', 'voice-assistant']) {
      const [, machine] = findStateMachine(s, workflow);
      expect(machine.Properties).toMatchObject({
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
        EncryptionConfiguration: {
          Type: 'CUSTOMER_MANAGED_KMS_KEY',
          KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
        },
      });
    }
  });

  it('fills every ${…} of every workflow through DefinitionSubstitutions and leaves none unfilled', () => {
    for (const file of readdirSync(FIXTURE_DIRS.workflowsDir)) {
      const workflow = file.replace('.asl.json', '');
      const definition = readFileSync(join(FIXTURE_DIRS.workflowsDir, file), 'utf8');
      const [, machine] = findStateMachine(s, workflow);
      const substitutions = machine.Properties?.DefinitionSubstitutions as Record<string, unknown>;
      expect(Object.keys(substitutions).sort()).toEqual(placeholdersIn(definition).sort());
      // The deployed definition is the file itself: substitution happens in CloudFormation, not by patching JSON.
      expect(machine.Properties?.DefinitionString).toBe(definition);
      let filled = definition;
      for (const key of Object.keys(substitutions)) filled = filled.replaceAll(`\${${key}}`, 'value');
      expect(filled).not.toMatch(/\$\{/);
    }
  });

  it('builds each function a workflow names, and only those, on the newest Node runtime for ARM64', () => {
    const functions = ofType(s, 'AWS::Lambda::Function').filter(([, r]) =>
      JSON.stringify(r).includes('POWERTOOLS_SERVICE_NAME'),
    );
    const names = functions.map(
      ([, r]) =>
        (r.Properties?.Environment as { Variables: Record<string, string> }).Variables
          .POWERTOOLS_SERVICE_NAME,
    );
    expect(names.sort()).toEqual([
      'business-hours',
      'dial-policy',
      'owner-pin',
      'place-call',
      'transcribe',
      'voicemail-indexer',
    ]);
    for (const [, r] of ofType(s, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('Custom'))) {
      if (String(r.Properties?.Runtime).startsWith('nodejs'))
        expect(r.Properties?.Runtime).toBe('nodejs24.x');
    }
    for (const [, r] of functions) expect(r.Properties?.Architectures).toEqual(['arm64']);
  });

  it('lets each workflow invoke exactly the functions it names', () => {
    const invoked = (workflow: string) => {
      const [id] = findStateMachine(s, workflow);
      const roleId = id.replace(/StateMachine[0-9A-F]{8}$/, 'StateMachineRole');
      return iamStatements(s)
        .filter(({ policy }) => policy.startsWith(roleId))
        .filter(({ statement }) => list(statement.Action as string[]).includes('lambda:InvokeFunction'))
        .flatMap(({ statement }) => list(statement.Resource).map((r) => JSON.stringify(r)))
        .map((r) => r.match(/"([A-Za-z]+)Function[0-9A-F]{8}"/)?.[1])
        .sort();
    };
    expect(invoked('business-line')).toEqual([
      'BusinessHours',
      'DialPolicy',
      'OwnerPin',
      'PlaceCall',
      'VoicemailIndexer',
    ]);
    expect(invoked('voice-assistant')).toEqual(['Transcribe']);
  });

  it('gives the scheduler a role of its own that may invoke only place-call', () => {
    const statements = iamStatements(s).filter(({ policy }) => policy.startsWith('CallbacksRole'));
    expect(statements).toHaveLength(1);
    expect(statements[0].statement).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PlaceCallFunction/), 'Arn'] },
    });
    s.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'Switchboard-callbacks' });
  });

  it('uses "*" as a resource only for actions AWS authorizes on nothing narrower', () => {
    const offenders = iamStatements(s)
      // aws-cdk-lib's notification helper puts the bucket notification with s3:PutBucketNotification on "*".
      .filter(({ policy }) => !policy.startsWith('BucketNotificationsHandler'))
      .filter(({ statement }) => list(statement.Resource).includes('*'))
      .flatMap(({ policy, statement }) =>
        list(statement.Action as string | string[])
          .filter((action) => !STAR_ONLY_ACTIONS.has(action))
          .map((action) => `${policy}: ${action} on *`),
      );
    expect(offenders).toEqual([]);
  });

  it('names every action exactly in our own policies (no action wildcards)', () => {
    const wildcards = iamStatements(s)
      .filter(({ policy }) => !isCdkHelperPolicy(policy))
      .flatMap(({ policy, statement }) =>
        list(statement.Action as string | string[])
          .filter((a) => a.includes('*'))
          .map((a) => `${policy}: ${a}`),
      );
    expect(wildcards).toEqual([]);
  });

  it('keeps the router to call queues, its call flows and task tokens', () => {
    const router = iamStatements(s).filter(({ policy }) => policy.startsWith('RouterHandlerRole'));
    const start = router.find(({ statement }) => statement.Action === 'states:StartExecution')!.statement;
    expect(JSON.stringify(start.Resource)).toMatch(
      /stateMachine:Switchboard-business-line.*stateMachine:Switchboard-voice-assistant/,
    );
    const sqs = router.find(({ statement }) =>
      list(statement.Action as string[]).includes('sqs:CreateQueue'),
    )!.statement;
    expect(JSON.stringify(sqs.Resource)).toContain(':call-*');
    // Settling a hang-up between turns or a dead workflow: only the call executions of our own flows.
    const settle = router.find(({ statement }) =>
      list(statement.Action as string[]).includes('states:StopExecution'),
    )!.statement;
    expect(list(settle.Action as string[]).sort()).toEqual([
      'states:DescribeExecution',
      'states:StopExecution',
    ]);
    expect(JSON.stringify(settle.Resource)).toMatch(
      /execution:Switchboard-business-line:call-\*.*execution:Switchboard-voice-assistant:call-\*/,
    );
  });

  it('keeps the bucket private, SSL-only and encrypted, expires recordings, and lets only our SIP media application use it', () => {
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'recordings/', ExpirationInDays: 90, Status: 'Enabled' }),
        ]),
      },
    });
    const [[, policy]] = ofType(s, 'AWS::S3::BucketPolicy');
    const statements = (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const voice = statements.filter((st) =>
      JSON.stringify(st.Principal).includes('voiceconnector.chime.amazonaws.com'),
    );
    expect(voice.length).toBeGreaterThan(0);
    for (const st of voice) {
      expect(st.Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^PstnAudio/), 'SipMediaApplicationArn'] },
        },
      });
    }
    const writes = voice.find((st) => list(st.Action as string[]).includes('s3:PutObject'))!;
    expect(JSON.stringify(writes.Resource)).toContain('/recordings/*');
    expect(JSON.stringify(writes.Resource)).not.toContain('/audio/');
  });

  it('keeps the table (on demand, point-in-time recovery, our key, TTL) when the stack is deleted', () => {
    const [[, table]] = ofType(s, 'AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const [[, bucket]] = ofType(s, 'AWS::S3::Bucket');
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('ships the repo prompts to prompts/ and the audio to audio/ as audio/wav', () => {
    const deployments = ofType(s, 'Custom::CDKBucketDeployment').map(([, r]) => r.Properties);
    expect(deployments).toContainEqual(expect.objectContaining({ DestinationBucketKeyPrefix: 'prompts/' }));
    expect(deployments).toContainEqual(
      expect.objectContaining({
        DestinationBucketKeyPrefix: 'audio/',
        SystemMetadata: { 'content-type': 'audio/wav' },
      }),
    );
  });

  it("keeps the owner's PIN in a generated secret that only owner-pin reads, with the router's digits key", () => {
    s.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        PasswordLength: 6,
        ExcludeLowercase: true,
        ExcludeUppercase: true,
      }),
    });
    const [[, ownerPin]] = ofType(s, 'AWS::Lambda::Function').filter(([id]) =>
      id.startsWith('OwnerPinFunction'),
    );
    const env = (ownerPin.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.OWNER_PIN_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^OwnerPin/) });
    expect(env.DIGITS_KEY_SECRET_ARN).toEqual({ Ref: expect.stringMatching(/^RouterDigitsKey/) });
    const readers = iamStatements(s)
      .filter(({ statement }) => JSON.stringify(statement.Resource).includes('"OwnerPin'))
      .filter(({ statement }) => list(statement.Action as string[]).includes('secretsmanager:GetSecretValue'))
      .map(({ policy }) => policy.replace(/[0-9A-F]{8}$/, ''));
    expect(readers).toEqual(['OwnerPinFunctionRoleDefaultPolicy']);
  });

  it('files voicemail as each recording lands in S3 (the indexer is notified)', () => {
    s.template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'recordings/business-line/' }] } },
          }),
        ],
      },
    });
  });

  it('sweeps on a schedule, and may stop only the executions of our call flows', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(10 minutes)' });
    const sweeper = iamStatements(s).filter(({ policy }) => policy.startsWith('SweeperHandlerRole'));
    const stop = sweeper.find(({ statement }) =>
      list(statement.Action as string[]).includes('states:StopExecution'),
    )!;
    expect(JSON.stringify(stop.statement.Resource)).toMatch(
      /execution:Switchboard-business-line:\*.*execution:Switchboard-voice-assistant:\*/,
    );
  });

  it('outputs the numbers, the state machines with their Workflow Studio links, the router and the bucket', () => {
    expect(Object.keys(s.outputs).sort()).toEqual([
      'Bucket',
      'BusinessLineNumber',
      'BusinessLineStateMachine',
      'BusinessLineWorkflowStudio',
      'Dashboard',
      'OwnerPinSecret',
      'RouterFunction',
      'VoiceAssistantNumber',
      'VoiceAssistantStateMachine',
      'VoiceAssistantWorkflowStudio',
    ]);
    expect(JSON.stringify(s.outputs.BusinessLineWorkflowStudio.Value)).toContain(
      '#/visual-editor?stateMachineArn=',
    );
  });

  it('passes cdk-nag AwsSolutions with nothing left unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('gives every cdk-nag acknowledgement its reason', () => {
    const entries = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(entries.length).toBeGreaterThan(10);
    for (const [id, reason] of entries) expect(reason.length, id).toBeGreaterThan(40);
  });
});

describe('deploying without an assistant number', () => {
  it(
    'deploys the business line only',
    () => {
      const s = synth(PLACEHOLDER_CONTEXT);
      expect(
        ofType(s, 'AWS::StepFunctions::StateMachine').map(([, r]) => r.Properties?.StateMachineName),
      ).toContain('Switchboard-business-line');
      expect(JSON.stringify(s.resources)).not.toContain('Switchboard-voice-assistant');
      expect(ofType(s, 'Custom::PhoneNumberOrder')).toHaveLength(1);
    },
    SYNTH_TIMEOUT,
  );
});

describe('deploying with -c phoneNumber=+12065550199 (a number the account owns)', () => {
  it(
    'orders no number and routes the one given',
    () => {
      const s = synth({ phoneNumber: '+12065550199', ownerNumber: '+12065550100' });
      expect(ofType(s, 'Custom::PhoneNumberOrder')).toHaveLength(0);
      s.template.hasResourceProperties('Custom::SipRule', { PhoneNumber: '+12065550199' });
      const [, machine] = findStateMachine(s, 'business-line');
      expect((machine.Properties?.DefinitionSubstitutions as Record<string, unknown>).LineNumber).toBe(
        '+12065550199',
      );
    },
    SYNTH_TIMEOUT,
  );
});

describe('deploying with -c destroyData=true', () => {
  it(
    'deletes the table, the bucket (emptied) and the key with the stack',
    () => {
      const s = synth({ ...PLACEHOLDER_CONTEXT, destroyData: 'true' });
      const [[, table]] = ofType(s, 'AWS::DynamoDB::Table');
      const [[, bucket]] = ofType(s, 'AWS::S3::Bucket');
      expect(table.DeletionPolicy).toBe('Delete');
      expect(bucket.DeletionPolicy).toBe('Delete');
      expect(ofType(s, 'Custom::S3AutoDeleteObjects')).toHaveLength(1);
      const report = new AwsSolutionsChecks().validateScope(s.app);
      expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    },
    SYNTH_TIMEOUT,
  );
});

describe('placeholder tags for pulling edits back', () => {
  it(
    'tags each state machine with what each of its placeholders became, except the phone numbers',
    () => {
      const s = synth(PLACEHOLDER_CONTEXT);
      const [, machine] = findStateMachine(s, 'business-line');
      const tags = (machine.Properties?.Tags as { Key: string; Value: unknown }[]).map((t) => t.Key);
      const substitutions = Object.keys(machine.Properties?.DefinitionSubstitutions as object);
      expect(substitutions).toEqual(expect.arrayContaining(['LineNumber', 'OwnerNumber']));
      expect(tags.filter((t) => t.startsWith('switchboard:placeholder:')).sort()).toEqual(
        substitutions
          .filter((k) => k !== 'LineNumber' && k !== 'OwnerNumber')
          .map((k) => `switchboard:placeholder:${k}`)
          .sort(),
      );
    },
    SYNTH_TIMEOUT,
  );
});

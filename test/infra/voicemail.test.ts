/**
 * The voicemail pipeline and owner notifications as `cdk synth` builds them from the repo's own workflows:
 * the pipeline state machine, Transcribe and notification permissions scoped to their resources, cdk-nag clean.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { iamStatements, ofType, PLACEHOLDER_CONTEXT, synth, type Synthesised } from './synth';

const SLOW = 240_000;
const REPO = { workflowsDir: 'workflows', functionsDir: 'functions' } as const;
const NOTIFY = {
  ...PLACEHOLDER_CONTEXT,
  ownerEmail: 'owner@harbor-street.example',
  senderEmail: 'voicemail@harbor-street.example',
  ownerSms: '+12065550100',
  smsOriginationIdentity: 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef',
};

const statementsWith = (s: Synthesised, action: string) =>
  iamStatements(s).filter(({ statement }) => [statement.Action].flat().includes(action));

const functionEnvironment = (s: Synthesised, folder: string) => {
  const found = ofType(s, 'AWS::Lambda::Function').find(
    ([, r]) => r.Properties?.Description === `Switchboard ${folder}`,
  );
  if (!found) throw new Error(`no function ${folder}`);
  return (found[1].Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
};

describe('deploying the voicemail pipeline with -c ownerEmail, -c senderEmail, -c ownerSms', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth(NOTIFY, REPO);
  }, SLOW);

  it('builds the pipeline as a Standard state machine with the stack key for its transcripts', () => {
    const found = ofType(s, 'AWS::StepFunctions::StateMachine').find(
      ([, r]) => r.Properties?.StateMachineName === 'Switchboard-voicemail-pipeline',
    );
    expect(found).toBeDefined();
    const substitutions = found![1].Properties?.DefinitionSubstitutions as Record<string, unknown>;
    expect(Object.keys(substitutions).sort()).toEqual([
      'BucketName',
      'CallDataKeyArn',
      'NotifyOwnerFunctionArn',
      'TableName',
    ]);
    expect(JSON.stringify(substitutions.CallDataKeyArn)).toMatch(/Key[0-9A-F]+","Arn"/);
    // no number: a pipeline is not a phone line
    expect(JSON.stringify(s.outputs)).not.toContain('VoicemailPipelineNumber');
  });

  it('alarms when a pipeline execution fails (a notification that was never sent)', () => {
    const alarms = ofType(s, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties ?? {});
    expect(
      alarms.some(
        (a) =>
          a.MetricName === 'ExecutionsFailed' &&
          JSON.stringify(a.Dimensions).includes('VoicemailPipelineFlow'),
      ),
    ).toBe(true);
  });

  it('lets the pipeline run only voicemail-* transcription jobs', () => {
    const [{ statement }] = statementsWith(s, 'transcribe:StartTranscriptionJob');
    expect(statement.Action).toEqual(['transcribe:StartTranscriptionJob', 'transcribe:GetTranscriptionJob']);
    expect(JSON.stringify(statement.Resource)).toContain(':transcription-job/voicemail-*');
    expect(statementsWith(s, 'transcribe:StartTranscriptionJob')).toHaveLength(1);
  });

  it('lets only the pipeline write transcripts, and only under transcripts/', () => {
    const writes = statementsWith(s, 's3:PutObject').filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes('transcripts/'),
    );
    expect(writes).toHaveLength(1);
    expect(writes[0].policy).toMatch(/VoicemailPipelineFlow/);
  });

  it('expires transcripts with the recordings they came from', () => {
    const [[, bucket]] = ofType(s, 'AWS::S3::Bucket');
    const rules = (bucket.Properties?.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    const days = (prefix: string) => rules.find((r) => r.Prefix === prefix)?.ExpirationInDays;
    expect(days('transcripts/')).toBe(90);
    expect(days('transcripts/')).toBe(days('recordings/'));
  });

  it('lets the business line delete transcripts (a deleted message takes its words along), nothing more there', () => {
    const deletes = statementsWith(s, 's3:DeleteObject').filter(({ statement }) =>
      JSON.stringify(statement.Resource).includes('transcripts/'),
    );
    expect(deletes.map((d) => d.policy)).toEqual([expect.stringMatching(/BusinessLineFlow/)]);
  });

  it('sends email only from and to the configured SES identities', () => {
    const [{ statement }, ...others] = statementsWith(s, 'ses:SendEmail');
    expect(others).toHaveLength(0);
    const resources = JSON.stringify(statement.Resource);
    expect(resources).toContain(':identity/voicemail@harbor-street.example');
    expect(resources).toContain(':identity/owner@harbor-street.example');
    expect(resources).not.toContain('*');
  });

  it('sends SMS only through the configured origination identity', () => {
    const [{ statement }, ...others] = statementsWith(s, 'sms-voice:SendTextMessage');
    expect(others).toHaveLength(0);
    expect(statement.Resource).toBe(NOTIFY.smsOriginationIdentity);
  });

  it('gives notify-owner its channels and the link lifetime, and the indexer the pipeline', () => {
    const env = functionEnvironment(s, 'notify-owner');
    expect(env).toMatchObject({
      OWNER_EMAIL: NOTIFY.ownerEmail,
      SENDER_EMAIL: NOTIFY.senderEmail,
      OWNER_SMS: NOTIFY.ownerSms,
      SMS_ORIGINATION_IDENTITY: NOTIFY.smsOriginationIdentity,
      LINK_EXPIRES_SECONDS: '86400',
    });
    expect(JSON.stringify(functionEnvironment(s, 'voicemail-indexer').PIPELINE_ARN)).toContain(
      'Switchboard-voicemail-pipeline',
    );
    const [{ statement }] = statementsWith(s, 'states:StartExecution').filter(({ policy }) =>
      /VoicemailIndexer/.test(policy),
    );
    expect(JSON.stringify(statement.Resource)).toContain('stateMachine:Switchboard-voicemail-pipeline');
  });

  it('passes cdk-nag AwsSolutions with nothing left unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('deploying with no notification channel', () => {
  it(
    'grants no SES or SMS access at all, and still builds the pipeline',
    () => {
      const s = synth(PLACEHOLDER_CONTEXT, REPO);
      expect(statementsWith(s, 'ses:SendEmail')).toHaveLength(0);
      expect(statementsWith(s, 'sms-voice:SendTextMessage')).toHaveLength(0);
      expect(functionEnvironment(s, 'notify-owner').OWNER_EMAIL).toBeUndefined();
      expect(new AwsSolutionsChecks().validateScope(s.app).violations.map((v) => v.ruleName)).toEqual([]);
    },
    SLOW,
  );
});

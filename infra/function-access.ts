import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Stack } from 'aws-cdk-lib';
import type { CallFunction } from './constructs/call-function';
import type { CallStorage } from './constructs/call-storage';
import type { PstnAudioApplication } from './constructs/pstn-audio-application';
import { acknowledge } from './nag';
import type { NotifySettings } from './settings';

/** What the stack offers a workflow's function. */
export interface FunctionResources {
  readonly storage: CallStorage;
  readonly application: PstnAudioApplication;
  /** The key the router digests DTMF digits with (owner-pin compares digests, never digits). */
  readonly digitsKey: secretsmanager.ISecret;
  /** The owner's PIN, created on first use (a generated six-digit PIN the owner reads and changes in Secrets Manager). */
  readonly ownerPin: () => secretsmanager.ISecret;
  readonly recordingRetentionDays: number;
  /** Where the owner is notified (-c ownerEmail, -c ownerSms, …). */
  readonly notify: NotifySettings;
  /** The stack's key (call data, transcripts). */
  readonly key: kms.IKey;
  /** The ARN of the pipeline `workflows/pipelines/<name>.asl.json`. */
  readonly pipelineArn: (name: string) => string | undefined;
  /** The Bedrock model (or inference profile) the assistant answers with, and the ARNs a call to it touches. */
  readonly model: { readonly id: string; readonly arns: string[] };
}

export interface FunctionProfile {
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** The AWS access the function's code needs, granted resource by resource, and the environment it reads. */
  readonly grant?: (fn: CallFunction, resources: FunctionResources) => void;
}

/**
 * The functions workflows call, by folder under `functions/`. A function not listed here gets no AWS access beyond
 * its own logs (business-hours needs none); a new function that calls AWS adds one line here.
 */
export const FUNCTION_PROFILES: Readonly<Record<string, FunctionProfile>> = {
  'place-call': {
    // CreateSipMediaApplicationCall allows about one call a second: the function retries throttling.
    timeout: Duration.seconds(30),
    grant: (fn, { application }) => application.grantCallControl(fn, 'create'),
  },
  answer: {
    // Streams the model's answer and sends its first sentence to the call while the rest is generated.
    timeout: Duration.seconds(30),
    grant: (fn, { application, model }) => {
      fn.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['bedrock:InvokeModelWithResponseStream'],
          resources: model.arns,
        }),
      );
      application.grantCallControl(fn, 'update');
      fn.function.addEnvironment('MODEL_ID', model.id);
    },
  },
  transcribe: {
    timeout: Duration.seconds(60),
    memorySize: 512,
    grant: (fn, { storage }) => {
      storage.grantReadRecordings(fn);
      fn.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['transcribe:StartStreamTranscription'], resources: ['*'] }),
      );
      acknowledge(
        fn.role,
        'Amazon Transcribe streaming has no resource type (Service Authorization Reference, Amazon Transcribe): ' +
          'StartStreamTranscription accepts only "*".',
        'AwsSolutions-IAM5[Resource::*]',
      );
      acknowledge(
        fn.role,
        'Recordings are written per call under recordings/.',
        ...storage.prefixFindings('recordings/'),
      );
    },
  },
  'owner-pin': {
    // Compares the router's digest of the entered PIN with the PIN's; keeps the lock-out in the table.
    grant: (fn, { storage, digitsKey, ownerPin }) => {
      storage.grantCallData(fn);
      const pin = ownerPin();
      pin.grantRead(fn);
      digitsKey.grantRead(fn);
      fn.function.addEnvironment('OWNER_PIN_SECRET_ARN', pin.secretArn);
      fn.function.addEnvironment('DIGITS_KEY_SECRET_ARN', digitsKey.secretArn);
    },
  },
  'dial-policy': {
    // Counts outbound calls per line and day against the daily cap, in the table.
    grant: (fn, { storage }) => storage.grantCallData(fn),
  },
  'voicemail-indexer': {
    // Files each voicemail as it lands in S3 (a caller who hangs up mid-message keeps it), and when the workflow asks.
    grant: (fn, { storage, recordingRetentionDays, pipelineArn }) => {
      storage.grantCallData(fn);
      storage.grantReadRecordings(fn);
      fn.function.addEnvironment('RETENTION_DAYS', String(recordingRetentionDays));
      // Each message it files starts the voicemail pipeline (transcribe, store, notify), once per call.
      const pipeline = pipelineArn('voicemail');
      if (pipeline) {
        fn.function.addEnvironment('PIPELINE_ARN', pipeline);
        fn.role.addToPolicy(
          new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [pipeline] }),
        );
      }
      // The business line records under this prefix (functions/voicemail-indexer RECORDING_PREFIX).
      storage.notifyOnRecording('recordings/business-line/', fn.function);
      acknowledge(
        fn.role,
        'Recordings are written per call under recordings/.',
        ...storage.prefixFindings('recordings/'),
      );
    },
  },
  'notify-owner': {
    // Sends email (SES v2) and SMS (End User Messaging SMS) to the owner; presigns the recording's link.
    timeout: Duration.seconds(60),
    grant: (fn, { storage, notify }) => grantNotify(fn, storage, notify),
  },
};

/** Only the channels deployed with -c ownerEmail / -c ownerSms, each on its own identity or number. */
function grantNotify(fn: CallFunction, storage: CallStorage, notify: NotifySettings): void {
  const stack = Stack.of(fn);
  // The link is presigned with the function's credentials: it may read recordings, nothing else.
  storage.grantReadRecordings(fn);
  fn.function.addEnvironment('LINK_EXPIRES_SECONDS', String(notify.linkHours * 3600));
  const findings = [...storage.prefixFindings('recordings/')];
  if (notify.ownerEmail) {
    const sender = notify.senderEmail ?? notify.ownerEmail;
    fn.function.addEnvironment('OWNER_EMAIL', notify.ownerEmail);
    fn.function.addEnvironment('SENDER_EMAIL', sender);
    const identity = (address: string) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: address });
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [...new Set([identity(sender), identity(notify.ownerEmail)])],
      }),
    );
  }
  if (notify.ownerSms) {
    fn.function.addEnvironment('OWNER_SMS', notify.ownerSms);
    if (notify.smsOriginationIdentity)
      fn.function.addEnvironment('SMS_ORIGINATION_IDENTITY', notify.smsOriginationIdentity);
    const anyIdentity = stack.formatArn({ service: 'sms-voice', resource: '*' });
    fn.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sms-voice:SendTextMessage'],
        resources: [notify.smsOriginationIdentity ?? anyIdentity],
      }),
    );
    if (!notify.smsOriginationIdentity)
      findings.push(
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:*]',
      );
  }
  acknowledge(
    fn.role,
    'Recordings are written per call under recordings/ (the link is presigned for one of them). Without ' +
      '-c smsOriginationIdentity, End User Messaging picks the origination identity, so SendTextMessage is granted ' +
      "on the account's sms-voice resources.",
    ...findings,
  );
}

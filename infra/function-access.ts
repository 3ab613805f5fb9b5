import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { CallFunction } from './constructs/call-function';
import type { CallStorage } from './constructs/call-storage';
import type { PstnAudioApplication } from './constructs/pstn-audio-application';
import { acknowledge } from './nag';

/** What the stack offers a workflow's function. */
export interface FunctionResources {
  readonly storage: CallStorage;
  readonly application: PstnAudioApplication;
  /** The key the router digests DTMF digits with (owner-pin compares digests, never digits). */
  readonly digitsKey: secretsmanager.ISecret;
  /** The owner's PIN, created on first use (a generated six-digit PIN the owner reads and changes in Secrets Manager). */
  readonly ownerPin: () => secretsmanager.ISecret;
  readonly recordingRetentionDays: number;
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
    grant: (fn, { storage, recordingRetentionDays }) => {
      storage.grantCallData(fn);
      storage.grantReadRecordings(fn);
      fn.function.addEnvironment('RETENTION_DAYS', String(recordingRetentionDays));
      // The business line records under this prefix (functions/voicemail-indexer RECORDING_PREFIX).
      storage.notifyOnRecording('recordings/business-line/', fn.function);
      acknowledge(
        fn.role,
        'Recordings are written per call under recordings/.',
        ...storage.prefixFindings('recordings/'),
      );
    },
  },
};

import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CallFunction } from './constructs/call-function';
import type { CallStorage } from './constructs/call-storage';
import type { PstnAudioApplication } from './constructs/pstn-audio-application';
import { acknowledge } from './nag';

/** What the stack offers a workflow's function. */
export interface FunctionResources {
  readonly storage: CallStorage;
  readonly application: PstnAudioApplication;
}

export interface FunctionProfile {
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** The AWS access the function's code needs, granted resource by resource. */
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
    // Checks the owner's PIN and counts failed attempts (the lock-out) in the table.
    grant: (fn, { storage }) => storage.grantCallData(fn),
  },
};

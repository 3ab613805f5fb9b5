/**
 * CloudFormation rules that refuse a deploy to the wrong region before any resource is created (a rule is checked
 * when the stack or change set is created, so nothing — not the retained key, table or bucket — is left behind).
 *
 * PSTN audio regions: the Amazon Chime SDK developer guide, "Available AWS Regions for the Amazon Chime SDK",
 * Voice Regions (https://docs.aws.amazon.com/chime-sdk/latest/dg/sdk-available-regions.html); the same ten
 * regions are the SDK's VoiceConnectorAwsRegion values.
 */
import { Aws, CfnRule, Fn, type Stack } from 'aws-cdk-lib';
import { callableFrom } from './model-access';

export const PSTN_AUDIO_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
];

export interface RegionRuleOptions {
  /** The Bedrock model a deployed workflow calls, if any. */
  readonly modelId?: string;
  readonly modelRegions?: readonly string[];
  /** Whether `-c modelId` chose it (the message then says to change it, else to give one). */
  readonly modelGiven?: boolean;
}

export function addRegionRules(stack: Stack, options: RegionRuleOptions): void {
  new CfnRule(stack, 'PstnAudioRegion', {
    assertions: [
      {
        assert: Fn.conditionContains([...PSTN_AUDIO_REGIONS], Aws.REGION),
        assertDescription:
          'Amazon Chime SDK PSTN audio (SIP media applications) runs only in ' +
          `${PSTN_AUDIO_REGIONS.join(', ')}. Deploy to one of them (for example AWS_REGION=us-east-1 npx cdk deploy …).`,
      },
    ],
  });
  const sources = options.modelId ? callableFrom(options.modelId, options.modelRegions) : undefined;
  if (!options.modelId || !sources) return;
  new CfnRule(stack, 'ModelFitsRegion', {
    assertions: [
      {
        assert: Fn.conditionContains([...sources], Aws.REGION),
        assertDescription:
          `The Bedrock inference profile ${options.modelId} can be called only from ${sources.join(', ')}. ` +
          (options.modelGiven
            ? 'Choose a profile of this region’s geography with -c modelId=…'
            : 'Deploy with -c region=<this region> to get the default for it, or choose one with -c modelId=…') +
          ' (npm run preflight checks it answers).',
      },
    ],
  });
}

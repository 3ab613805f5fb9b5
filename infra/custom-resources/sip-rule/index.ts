/**
 * Custom resource (Provider framework) for the SIP rule that sends calls to one number to the SIP media application.
 * CloudFormation has no SIP rule type. A rule must be disabled before it can be deleted.
 */
import {
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { sipRuleAction, type SipRuleSpec } from './decide';

const voice = new ChimeSDKVoiceClient({ maxAttempts: 6 });

const targets = (spec: SipRuleSpec) => [
  { SipMediaApplicationId: spec.sipMediaApplicationId, Priority: 1, AwsRegion: spec.region },
];

export async function onEvent(
  event: CloudFormationCustomResourceEvent,
): Promise<{ PhysicalResourceId: string }> {
  const action = sipRuleAction(event as Parameters<typeof sipRuleAction>[0]);
  switch (action.kind) {
    case 'create': {
      const { SipRule: rule } = await voice.send(
        new CreateSipRuleCommand({
          // A replacement rule exists next to the old one until CloudFormation deletes it: names must differ.
          Name: `${action.spec.name}-${event.RequestId.slice(0, 8)}`,
          TriggerType: 'ToPhoneNumber',
          TriggerValue: action.spec.phoneNumber,
          Disabled: false,
          TargetApplications: targets(action.spec),
        }),
      );
      if (!rule?.SipRuleId) throw new Error('CreateSipRule returned no SipRuleId');
      return { PhysicalResourceId: rule.SipRuleId };
    }
    case 'update':
      await voice.send(
        new UpdateSipRuleCommand({
          SipRuleId: action.ruleId,
          Name: `${action.spec.name}-${event.RequestId.slice(0, 8)}`,
          Disabled: false,
          TargetApplications: targets(action.spec),
        }),
      );
      return { PhysicalResourceId: action.ruleId };
    case 'delete':
      await remove(action.ruleId, action.name);
      return { PhysicalResourceId: action.ruleId };
  }
}

async function remove(ruleId: string, name: string): Promise<void> {
  try {
    await voice.send(new UpdateSipRuleCommand({ SipRuleId: ruleId, Name: name, Disabled: true }));
    await voice.send(new DeleteSipRuleCommand({ SipRuleId: ruleId }));
  } catch (error) {
    // Never created (a failed create leaves a request id here) or already gone.
    const name = (error as Error).name;
    if (name !== 'NotFoundException' && name !== 'BadRequestException') throw error;
  }
}

import {
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sipRuleAction } from '../../infra/custom-resources/sip-rule/decide';
import { onEvent } from '../../infra/custom-resources/sip-rule/index';

const voice = mockClient(ChimeSDKVoiceClient);
const props = {
  Name: 'Switchboard-business-line',
  PhoneNumber: '+12065550122',
  SipMediaApplicationId: 'sma-1',
  Region: 'us-east-1',
};
const base = {
  ServiceToken: 't',
  ResponseURL: 'u',
  StackId: 's',
  RequestId: 'abcdef12-3456',
  LogicalResourceId: 'SipRule',
  ResourceType: 'Custom::SipRule',
};

describe('the SIP rule custom resource', () => {
  beforeEach(() => voice.reset());

  it('sends calls to the number to the SIP media application', async () => {
    voice.on(CreateSipRuleCommand).resolves({ SipRule: { SipRuleId: 'rule-1' } });
    const result = await onEvent({
      ...base,
      RequestType: 'Create',
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent);
    expect(result).toEqual({ PhysicalResourceId: 'rule-1' });
    expect(voice.commandCalls(CreateSipRuleCommand)[0].args[0].input).toEqual({
      Name: 'Switchboard-business-line-abcdef12',
      TriggerType: 'ToPhoneNumber',
      TriggerValue: '+12065550122',
      Disabled: false,
      TargetApplications: [{ SipMediaApplicationId: 'sma-1', Priority: 1, AwsRegion: 'us-east-1' }],
    });
  });

  it('replaces the rule when the number changes, and updates it in place otherwise', () => {
    const update = (oldNumber: string) =>
      sipRuleAction({
        RequestType: 'Update',
        PhysicalResourceId: 'rule-1',
        ResourceProperties: props,
        OldResourceProperties: { ...props, PhoneNumber: oldNumber },
      });
    expect(update('+12065550199').kind).toBe('create');
    expect(update('+12065550122')).toMatchObject({ kind: 'update', ruleId: 'rule-1' });
  });

  it('disables the rule before deleting it (the service refuses to delete an enabled rule)', async () => {
    voice.on(UpdateSipRuleCommand).resolves({}).on(DeleteSipRuleCommand).resolves({});
    await onEvent({
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: 'rule-1',
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent);
    expect(voice.commandCalls(UpdateSipRuleCommand)[0].args[0].input).toMatchObject({
      SipRuleId: 'rule-1',
      Disabled: true,
    });
    expect(voice.commandCalls(DeleteSipRuleCommand)[0].args[0].input).toEqual({ SipRuleId: 'rule-1' });
  });

  it('says which property is missing', () => {
    expect(() =>
      sipRuleAction({ RequestType: 'Create', ResourceProperties: { ...props, SipMediaApplicationId: '' } }),
    ).toThrow(/SIP rule: SipMediaApplicationId is missing/);
  });
});

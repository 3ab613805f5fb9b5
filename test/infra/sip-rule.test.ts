import {
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  GetSipRuleCommand,
  ListSipRulesCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deleteStep, sipRuleAction } from '../../infra/custom-resources/sip-rule/decide';
import { isComplete, onEvent } from '../../infra/custom-resources/sip-rule/index';

const RULE = '5f0c2a9e-1b2c-4d3e-8f90-123456789abc';
const error = (name: string) => Object.assign(new Error(name), { name });

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

  it('a create whose response was lost adopts the rule it made instead of failing or making two', async () => {
    voice.on(CreateSipRuleCommand).rejects(error('ConflictException'));
    voice.on(ListSipRulesCommand).resolves({
      SipRules: [
        { SipRuleId: RULE, Name: 'Switchboard-business-line-abcdef12', TriggerValue: '+12065550122' },
      ],
    });
    const created = await onEvent({
      ...base,
      RequestType: 'Create',
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent);
    expect(created).toEqual({ PhysicalResourceId: RULE });
    voice.on(ListSipRulesCommand).resolves({ SipRules: [] });
    await expect(
      onEvent({
        ...base,
        RequestType: 'Create',
        ResourceProperties: { ServiceToken: 't', ...props },
      } as CloudFormationCustomResourceEvent),
    ).rejects.toThrow(/ConflictException/);
  });

  it.each([
    [undefined, 'done'],
    [{ Disabled: false }, 'disable'],
    [{}, 'disable'],
    [{ Disabled: true }, 'delete'],
  ])('deleting a rule that reads %j: %s', (rule, step) => {
    expect(deleteStep(rule)).toBe(step);
  });

  it('disables the rule, waits until it reads back disabled, and only then deletes it', async () => {
    const removal = {
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: RULE,
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent;
    const order: string[] = [];
    const rule = { SipRuleId: RULE, Name: 'Switchboard-business-line-abcdef12' };
    voice
      .on(GetSipRuleCommand)
      .callsFakeOnce(() => (order.push('get'), { SipRule: { ...rule, Disabled: false } }))
      .callsFakeOnce(() => (order.push('get'), { SipRule: { ...rule, Disabled: false } }))
      .callsFake(() => (order.push('get'), { SipRule: { ...rule, Disabled: true } }));
    voice.on(UpdateSipRuleCommand).callsFake(() => (order.push('disable'), {}));
    voice.on(DeleteSipRuleCommand).callsFake(() => (order.push('delete'), {}));

    await onEvent(removal);
    expect(await isComplete(removal)).toEqual({ IsComplete: false }); // still enabled: asked again
    expect(await isComplete(removal)).toEqual({ IsComplete: true });
    expect(order).toEqual(['get', 'disable', 'get', 'disable', 'get', 'delete']);
    expect(voice.commandCalls(UpdateSipRuleCommand)[0]!.args[0].input).toEqual({
      SipRuleId: RULE,
      Name: 'Switchboard-business-line-abcdef12',
      Disabled: true,
    });
  });

  it('on delete only "not found" is ignored: any other error fails the delete instead of leaving a rule behind', async () => {
    const removal = {
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: RULE,
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent;
    voice.on(GetSipRuleCommand).rejects(error('NotFoundException'));
    await expect(isComplete(removal)).resolves.toEqual({ IsComplete: true });
    voice.on(GetSipRuleCommand).resolves({ SipRule: { SipRuleId: RULE, Name: 'n', Disabled: true } });
    voice.on(DeleteSipRuleCommand).rejects(error('BadRequestException'));
    await expect(isComplete(removal)).rejects.toThrow(/BadRequestException/);
    voice.on(GetSipRuleCommand).resolves({ SipRule: { SipRuleId: RULE, Name: 'n', Disabled: false } });
    voice.on(UpdateSipRuleCommand).rejects(error('BadRequestException'));
    await expect(onEvent(removal)).rejects.toThrow(/BadRequestException/);
  });

  it('a create that failed (a request id, not a rule id) has nothing to delete', async () => {
    const removal = {
      ...base,
      RequestType: 'Delete',
      PhysicalResourceId: 'abcdef12-3456',
      ResourceProperties: { ServiceToken: 't', ...props },
    } as CloudFormationCustomResourceEvent;
    await onEvent(removal);
    expect(await isComplete(removal)).toEqual({ IsComplete: true });
    expect(voice.commandCalls(GetSipRuleCommand)).toHaveLength(0);
  });

  it('says which property is missing', () => {
    expect(() =>
      sipRuleAction({ RequestType: 'Create', ResourceProperties: { ...props, SipMediaApplicationId: '' } }),
    ).toThrow(/SIP rule: SipMediaApplicationId is missing/);
  });
});

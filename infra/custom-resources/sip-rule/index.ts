/**
 * Custom resource (Provider framework) for the SIP rule that sends calls to one number to the SIP media application.
 * CloudFormation has no SIP rule type.
 *
 * A rule must be disabled before it can be deleted: onEvent (Delete) disables it; isComplete reads it back until
 * it is disabled, then deletes it. Only NotFound is taken as "already gone"; any other error fails the delete
 * (CloudFormation reports it) instead of leaving a rule, and so its number and application, behind.
 */
import {
  ChimeSDKVoiceClient,
  CreateSipRuleCommand,
  DeleteSipRuleCommand,
  GetSipRuleCommand,
  ListSipRulesCommand,
  UpdateSipRuleCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  createdBefore,
  deleteStep,
  ruleName,
  sipRuleAction,
  type RuleView,
  type SipRuleSpec,
} from './decide';

const voice = new ChimeSDKVoiceClient({ maxAttempts: 6 });

const targets = (spec: SipRuleSpec) => [
  { SipMediaApplicationId: spec.sipMediaApplicationId, Priority: 1, AwsRegion: spec.region },
];

type RuleEvent = Parameters<typeof sipRuleAction>[0];

export async function onEvent(
  event: CloudFormationCustomResourceEvent,
): Promise<{ PhysicalResourceId: string }> {
  const action = sipRuleAction(event as RuleEvent);
  switch (action.kind) {
    case 'create':
      return { PhysicalResourceId: await create(action.spec, ruleName(action.spec, event.RequestId)) };
    case 'update':
      await voice.send(
        new UpdateSipRuleCommand({
          SipRuleId: action.ruleId,
          Name: ruleName(action.spec, event.RequestId),
          Disabled: false,
          TargetApplications: targets(action.spec),
        }),
      );
      return { PhysicalResourceId: action.ruleId };
    case 'delete':
      await deleteOnce(action.ruleId);
      return { PhysicalResourceId: action.ruleId };
    case 'nothing':
      return { PhysicalResourceId: (event as { PhysicalResourceId: string }).PhysicalResourceId };
  }
}

/** Polled by the Provider framework: a delete is complete once the rule is gone. */
export async function isComplete(event: CloudFormationCustomResourceEvent): Promise<{ IsComplete: boolean }> {
  const action = sipRuleAction(event as RuleEvent);
  if (action.kind !== 'delete') return { IsComplete: true };
  return { IsComplete: await deleteOnce(action.ruleId) };
}

async function create(spec: SipRuleSpec, name: string): Promise<string> {
  try {
    const { SipRule: rule } = await voice.send(
      new CreateSipRuleCommand({
        Name: name,
        TriggerType: 'ToPhoneNumber',
        TriggerValue: spec.phoneNumber,
        Disabled: false,
        TargetApplications: targets(spec),
      }),
    );
    if (!rule?.SipRuleId) throw new Error('CreateSipRule returned no SipRuleId');
    return rule.SipRuleId;
  } catch (error) {
    // A retry after a lost response finds the rule the first attempt made.
    const { SipRules: rules = [] } = await voice.send(
      new ListSipRulesCommand({ SipMediaApplicationId: spec.sipMediaApplicationId, MaxResults: 100 }),
    );
    const adopted = createdBefore(rules, name, spec.phoneNumber);
    if (adopted) return adopted;
    throw error;
  }
}

/** One step towards deleting the rule; true when it is gone. */
async function deleteOnce(ruleId: string): Promise<boolean> {
  const rule = await ruleOrNothing(ruleId);
  switch (deleteStep(rule)) {
    case 'done':
      return true;
    case 'disable':
      await ignoringNotFound(
        voice.send(new UpdateSipRuleCommand({ SipRuleId: ruleId, Name: rule!.Name, Disabled: true })),
      );
      return false;
    case 'delete':
      await ignoringNotFound(voice.send(new DeleteSipRuleCommand({ SipRuleId: ruleId })));
      return true;
  }
}

async function ruleOrNothing(ruleId: string): Promise<RuleView | undefined> {
  try {
    return (await voice.send(new GetSipRuleCommand({ SipRuleId: ruleId }))).SipRule;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return undefined;
    throw error;
  }
}

async function ignoringNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if ((error as Error).name !== 'NotFoundException') throw error;
  }
}

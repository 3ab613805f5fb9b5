/** Decisions of the SIP rule resource, as pure functions over the CloudFormation event. */

export interface SipRuleSpec {
  readonly name: string;
  readonly phoneNumber: string;
  readonly sipMediaApplicationId: string;
  readonly region: string;
}

export type SipRuleAction =
  | { readonly kind: 'create'; readonly spec: SipRuleSpec }
  | { readonly kind: 'update'; readonly ruleId: string; readonly spec: SipRuleSpec }
  | { readonly kind: 'delete'; readonly ruleId: string }
  | { readonly kind: 'nothing' };

/** SIP rule ids are UUIDs; a create that failed leaves the Provider framework's request id instead. */
const RULE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readSpec(raw: Record<string, unknown> | undefined): SipRuleSpec {
  const field = (key: string): string => {
    const value = raw?.[key];
    if (typeof value !== 'string' || value === '') throw new Error(`SIP rule: ${key} is missing`);
    return value;
  };
  const phoneNumber = field('PhoneNumber');
  if (!/^\+[1-9]\d{6,14}$/.test(phoneNumber)) throw new Error('SIP rule: PhoneNumber is not an E.164 number');
  return {
    name: field('Name'),
    phoneNumber,
    sipMediaApplicationId: field('SipMediaApplicationId'),
    region: field('Region'),
  };
}

/**
 * A new number needs a new rule (CloudFormation then deletes the old one); a new target application or name is
 * an update in place.
 */
export function sipRuleAction(event: {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}): SipRuleAction {
  if (event.RequestType === 'Delete') {
    const ruleId = event.PhysicalResourceId ?? '';
    return RULE_ID.test(ruleId) ? { kind: 'delete', ruleId } : { kind: 'nothing' };
  }
  const spec = readSpec(event.ResourceProperties);
  if (event.RequestType === 'Create') return { kind: 'create', spec };
  const old = event.OldResourceProperties?.PhoneNumber;
  return old === spec.phoneNumber
    ? { kind: 'update', ruleId: event.PhysicalResourceId ?? '', spec }
    : { kind: 'create', spec };
}

/** The name a rule created for this request carries (a replacement exists next to the old rule: names differ). */
export function ruleName(spec: SipRuleSpec, requestId: string): string {
  return `${spec.name}-${requestId.slice(0, 8)}`;
}

export interface RuleView {
  readonly SipRuleId?: string;
  readonly Name?: string;
  readonly Disabled?: boolean;
  readonly TriggerValue?: string;
}

/** A rule this very request already created (the create's response was lost): adopt it, do not create twice. */
export function createdBefore(
  rules: readonly RuleView[],
  name: string,
  phoneNumber: string,
): string | undefined {
  return rules.find((r) => r.Name === name && r.TriggerValue === phoneNumber)?.SipRuleId;
}

/**
 * One step of deleting a rule (`undefined` = not found): PSTN audio refuses to delete an enabled rule, so disable
 * it, wait until it reads back disabled, and only then delete it.
 */
export function deleteStep(rule: RuleView | undefined): 'done' | 'disable' | 'delete' {
  if (!rule) return 'done';
  return rule.Disabled === true ? 'delete' : 'disable';
}

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
  | { readonly kind: 'delete'; readonly ruleId: string; readonly name: string };

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
    return {
      kind: 'delete',
      ruleId: event.PhysicalResourceId ?? '',
      name: String(event.ResourceProperties.Name ?? ''),
    };
  }
  const spec = readSpec(event.ResourceProperties);
  if (event.RequestType === 'Create') return { kind: 'create', spec };
  const old = event.OldResourceProperties?.PhoneNumber;
  return old === spec.phoneNumber
    ? { kind: 'update', ruleId: event.PhysicalResourceId ?? '', spec }
    : { kind: 'create', spec };
}

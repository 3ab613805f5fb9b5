/**
 * Decisions of the phone-number order resource, as pure functions over the CloudFormation event and the order.
 * The handler (index.ts) does the Chime SDK Voice calls these decide on.
 */

export interface OrderProperties {
  readonly AreaCode: string;
  /** @default 'US' */
  readonly Country?: string;
}

export type OrderOutcome = 'complete' | 'wait' | 'failed';

/** What an order status means for the deployment: keep polling while the carrier works on it. */
export function orderOutcome(status: string | undefined): OrderOutcome {
  switch (status) {
    case 'Successful':
      return 'complete';
    case 'Submitted':
    case 'Processing':
    case undefined:
      return 'wait';
    default:
      // Failed, Partial, Exception, Cancelled, CancelRequested, and porting states a new order never reaches.
      return 'failed';
  }
}

export type EventAction =
  | { readonly kind: 'order'; readonly areaCode: string; readonly country: string }
  | { readonly kind: 'keep'; readonly phoneNumber: string }
  | { readonly kind: 'release'; readonly phoneNumber: string }
  | { readonly kind: 'nothing' };

const E164 = /^\+[1-9]\d{6,14}$/;

/** What to do for a CloudFormation request. Only a changed area code or country orders a new number. */
export function eventAction(event: {
  RequestType: 'Create' | 'Update' | 'Delete';
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}): EventAction {
  const props = readProperties(event.ResourceProperties);
  if (event.RequestType === 'Create') return { kind: 'order', ...props };
  const current = event.PhysicalResourceId ?? '';
  if (event.RequestType === 'Delete') {
    // A create that failed before a number was chosen has a request id here, not a number: nothing to release.
    return E164.test(current) ? { kind: 'release', phoneNumber: current } : { kind: 'nothing' };
  }
  const old = readProperties(event.OldResourceProperties ?? {});
  if (old.areaCode !== props.areaCode || old.country !== props.country || !E164.test(current)) {
    return { kind: 'order', ...props };
  }
  return { kind: 'keep', phoneNumber: current };
}

function readProperties(raw: Record<string, unknown>): { areaCode: string; country: string } {
  const areaCode = String(raw.AreaCode ?? '');
  if (!/^[2-9]\d{2}$/.test(areaCode)) {
    throw new Error(`AreaCode "${areaCode}" is not a three-digit North American area code`);
  }
  const country = String(raw.Country ?? 'US');
  return { areaCode, country };
}

/** `+12065550123` → `+1206***0123`: enough to recognise in a log, not enough to dial. */
export function maskNumber(number: string): string {
  return number.length > 8 ? `${number.slice(0, 5)}***${number.slice(-4)}` : '***';
}

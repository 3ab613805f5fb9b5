/**
 * Decisions of the phone-number order resource, as pure functions over the CloudFormation event, the account's
 * numbers and orders. The handler (index.ts) does the Chime SDK Voice calls these decide on.
 *
 * Ownership: every number this resource orders carries a name (`ownerName`) derived from the stack's id and the
 * resource's logical id. Before ordering, the handler looks for a live number with that name (a retried or
 * repeated Create adopts it instead of ordering a second one); after an order call fails, it looks for an order
 * of the very number it just tried (a lost response whose retry was refused adopts that order).
 */
import { createHash } from 'node:crypto';
import { countryOfAreaCode, type NumberCountry } from './country';

export interface OrderProperties {
  readonly AreaCode: string;
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

export interface OrderRequest {
  readonly areaCode: string;
  readonly country: NumberCountry;
  /** The name the ordered number carries: this stack's and this resource's mark. */
  readonly owner: string;
}

export type EventAction =
  | ({ readonly kind: 'order' } & OrderRequest)
  | { readonly kind: 'keep'; readonly phoneNumber: string }
  | { readonly kind: 'release'; readonly phoneNumber: string }
  | { readonly kind: 'nothing' };

export interface CfnEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  StackId?: string;
  LogicalResourceId?: string;
  PhysicalResourceId?: string;
  ResourceProperties: Record<string, unknown>;
  OldResourceProperties?: Record<string, unknown>;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The name that marks a number as this resource's: `switchboard-<stack name>-<hash>`, where the hash covers the
 * stack's id (unique to one stack instance) and the logical id. Phone-number names allow letters, digits and
 * `,._-`.
 */
export function ownerName(stackId: string, logicalResourceId: string): string {
  const stackName = /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? 'stack';
  const hash = createHash('sha256').update(`${stackId}|${logicalResourceId}`).digest('hex').slice(0, 12);
  return `switchboard-${stackName.replace(/[^a-zA-Z0-9,._-]/g, '-').slice(0, 64)}-${hash}`;
}

/** What to do for a CloudFormation request. Only a changed area code orders a new number. */
export function eventAction(event: CfnEvent): EventAction {
  const current = event.PhysicalResourceId ?? '';
  if (event.RequestType === 'Delete') {
    // A create that failed before a number was chosen has a request id here, not a number: nothing to release.
    return E164.test(current) ? { kind: 'release', phoneNumber: current } : { kind: 'nothing' };
  }
  const owner = ownerName(event.StackId ?? '', event.LogicalResourceId ?? '');
  const areaCode = readAreaCode(event.ResourceProperties);
  const order = { kind: 'order', areaCode, country: countryOfAreaCode(areaCode), owner } as const;
  if (event.RequestType === 'Create') return order;
  const oldAreaCode = String(event.OldResourceProperties?.AreaCode ?? '');
  if (oldAreaCode !== areaCode || !E164.test(current)) return order;
  return { kind: 'keep', phoneNumber: current };
}

function readAreaCode(raw: Record<string, unknown>): string {
  const areaCode = String(raw.AreaCode ?? '');
  countryOfAreaCode(areaCode); // throws, naming it, when it is not a US or Canadian area code
  return areaCode;
}

export interface NumberView {
  readonly E164PhoneNumber?: string;
  readonly Name?: string;
  readonly Status?: string;
  readonly OrderId?: string;
}

/** Statuses of a number that is gone or going: never adopted, never released again. */
const GONE = new Set(['AcquireFailed', 'Cancelled', 'ReleaseInProgress', 'DeleteInProgress']);

/** A live number of this area code that carries this resource's name: what an earlier attempt ordered. */
export function ownedNumber(numbers: readonly NumberView[], request: OrderRequest): NumberView | undefined {
  return numbers.find(
    (n) =>
      n.Name === request.owner &&
      !GONE.has(n.Status ?? '') &&
      (n.E164PhoneNumber ?? '').startsWith(`+1${request.areaCode}`),
  );
}

export interface OrderView {
  readonly PhoneNumberOrderId?: string;
  readonly Status?: string;
  readonly OrderedPhoneNumbers?: readonly { E164PhoneNumber?: string }[];
}

/** The order, not failed, that holds `candidate`: an order placed by a call whose response was lost. */
export function orderOf(orders: readonly OrderView[], candidate: string): OrderView | undefined {
  return orders.find(
    (o) =>
      orderOutcome(o.Status) !== 'failed' &&
      (o.OrderedPhoneNumbers ?? []).some((n) => n.E164PhoneNumber === candidate),
  );
}

/**
 * After CreatePhoneNumberOrder failed for a candidate: adopt an order of it found since (the order went
 * through, its response did not), try the next candidate when the number was taken (BadRequest), else fail.
 */
export function afterFailedOrder(
  errorName: string,
  found: OrderView | undefined,
): 'adopt' | 'next-candidate' | 'fail' {
  if (found?.PhoneNumberOrderId) return 'adopt';
  return errorName === 'BadRequestException' ? 'next-candidate' : 'fail';
}

/**
 * One step of releasing a number on delete (only ever the number this resource ordered: its physical id).
 * `undefined` = not found. A number still being acquired is waited for (it cannot be deleted yet); one whose
 * order failed, or that is already being released, needs nothing — so a rollback after a failed order is clean.
 */
export function releaseStep(number: NumberView | undefined): 'done' | 'wait' | 'delete' {
  if (!number || GONE.has(number.Status ?? '')) return 'done';
  if (number.Status === 'AcquireInProgress') return 'wait';
  return 'delete';
}

/** `+12065550123` → `+1206***0123`: enough to recognise in a log, not enough to dial. */
export function maskNumber(number: string): string {
  return number.length > 8 ? `${number.slice(0, 5)}***${number.slice(-4)}` : '***';
}

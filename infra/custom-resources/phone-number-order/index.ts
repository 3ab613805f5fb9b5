/**
 * Custom resource (Provider framework) that orders a local phone number for a SIP media application, waits for the
 * order to complete (isComplete is polled), and releases the number when the resource is deleted.
 *
 * onEvent (Create, or an Update to another area code): a live number already named for this resource is adopted;
 * else search the area code in its country → order the first candidate, named for this resource. A candidate
 * taken since the search gives BadRequest: try the next — unless an order of that very candidate exists (the
 * order went through and its response was lost, so the SDK's retry was refused): adopt it.
 * isComplete: GetPhoneNumberOrder until Successful; a failed order fails the deployment with the reason. On
 * Delete it waits for a number still being acquired, then releases it; a number whose order failed needs nothing.
 */
import {
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  ListPhoneNumberOrdersCommand,
  ListPhoneNumbersCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  afterFailedOrder,
  eventAction,
  maskNumber,
  orderOf,
  orderOutcome,
  ownedNumber,
  releaseStep,
  type CfnEvent,
  type NumberView,
  type OrderRequest,
  type OrderView,
} from './decide';

const voice = new ChimeSDKVoiceClient({ maxAttempts: 6 });

interface OnEventResult {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

type PolledEvent = CloudFormationCustomResourceEvent & {
  PhysicalResourceId?: string;
  Data?: Record<string, string>;
};

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResult> {
  const action = eventAction(event as CfnEvent);
  switch (action.kind) {
    case 'order':
      return order(action);
    case 'keep':
      return { PhysicalResourceId: action.phoneNumber };
    case 'release':
      await releaseOnce(action.phoneNumber);
      return { PhysicalResourceId: action.phoneNumber };
    case 'nothing':
      return { PhysicalResourceId: (event as { PhysicalResourceId: string }).PhysicalResourceId };
  }
}

export async function isComplete(
  event: PolledEvent,
): Promise<{ IsComplete: boolean; Data?: Record<string, string> }> {
  const phoneNumber = event.PhysicalResourceId ?? '';
  if (event.RequestType === 'Delete') {
    const action = eventAction(event as CfnEvent);
    return { IsComplete: action.kind !== 'release' || (await releaseOnce(action.phoneNumber)) };
  }
  const orderId = event.Data?.OrderId;
  if (!orderId) return done(phoneNumber);
  const { PhoneNumberOrder: placed } = await voice.send(
    new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }),
  );
  const outcome = orderOutcome(placed?.Status);
  if (outcome === 'wait') return { IsComplete: false };
  if (outcome === 'failed') {
    const detail = placed?.OrderedPhoneNumbers?.map((n) => n.Status).join(', ') ?? 'no detail';
    throw new Error(
      `Phone number order ${orderId} for ${maskNumber(phoneNumber)} ended ${placed?.Status} (${detail}). ` +
        'Deploy again to order another number, or use one you own with -c phoneNumber=+1…',
    );
  }
  return done(phoneNumber);
}

function done(phoneNumber: string) {
  return { IsComplete: true, Data: { PhoneNumber: phoneNumber } };
}

async function order(request: OrderRequest): Promise<OnEventResult> {
  const owned = ownedNumber(await numbersOfAccount(), request);
  if (owned?.E164PhoneNumber) {
    return { PhysicalResourceId: owned.E164PhoneNumber, Data: { OrderId: owned.OrderId ?? '' } };
  }
  const { E164PhoneNumbers: candidates = [] } = await voice.send(
    new SearchAvailablePhoneNumbersCommand({
      AreaCode: request.areaCode,
      Country: request.country,
      PhoneNumberType: 'Local',
      MaxResults: 10,
    }),
  );
  if (candidates.length === 0) {
    throw new Error(
      `No local numbers are available in area code ${request.areaCode} (${request.country}); ` +
        'deploy with another -c areaCode=…',
    );
  }
  for (const candidate of candidates) {
    const placed = await orderCandidate(candidate, request.owner);
    if (placed) return { PhysicalResourceId: candidate, Data: { OrderId: placed } };
  }
  throw new Error(
    `None of the ${candidates.length} numbers found in area code ${request.areaCode} could be ordered; deploy again`,
  );
}

/** The order id for `candidate`, or undefined when it was taken (try the next). */
async function orderCandidate(candidate: string, owner: string): Promise<string | undefined> {
  try {
    const { PhoneNumberOrder: placed } = await voice.send(
      new CreatePhoneNumberOrderCommand({
        ProductType: 'SipMediaApplicationDialIn',
        E164PhoneNumbers: [candidate],
        Name: owner,
      }),
    );
    if (!placed?.PhoneNumberOrderId) throw new Error('CreatePhoneNumberOrder returned no PhoneNumberOrderId');
    return placed.PhoneNumberOrderId;
  } catch (error) {
    const found = orderOf(await ordersOfAccount(), candidate);
    switch (afterFailedOrder((error as Error).name, found)) {
      case 'adopt':
        return found!.PhoneNumberOrderId!;
      case 'next-candidate':
        return undefined;
      case 'fail':
        throw error;
    }
  }
}

async function numbersOfAccount(): Promise<NumberView[]> {
  const numbers: NumberView[] = [];
  let NextToken: string | undefined;
  do {
    const page = await voice.send(
      new ListPhoneNumbersCommand({ ProductType: 'SipMediaApplicationDialIn', MaxResults: 100, NextToken }),
    );
    numbers.push(...(page.PhoneNumbers ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return numbers;
}

async function ordersOfAccount(): Promise<OrderView[]> {
  const orders: OrderView[] = [];
  let NextToken: string | undefined;
  do {
    const page = await voice.send(new ListPhoneNumberOrdersCommand({ MaxResults: 100, NextToken }));
    orders.push(...(page.PhoneNumberOrders ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return orders;
}

/** One release step; true when nothing is left to do. Only NotFound is taken as "already gone". */
async function releaseOnce(phoneNumber: string): Promise<boolean> {
  const step = releaseStep(await numberOrNothing(phoneNumber));
  if (step === 'wait') return false;
  if (step === 'delete') {
    try {
      await voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: phoneNumber }));
    } catch (error) {
      if ((error as Error).name !== 'NotFoundException') throw error;
    }
  }
  return true;
}

async function numberOrNothing(phoneNumber: string): Promise<NumberView | undefined> {
  try {
    return (await voice.send(new GetPhoneNumberCommand({ PhoneNumberId: phoneNumber }))).PhoneNumber;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return undefined;
    throw error;
  }
}

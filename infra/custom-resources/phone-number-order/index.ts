/**
 * Custom resource (Provider framework) that orders a local phone number for a SIP media application, waits for the
 * order to complete (isComplete is polled), and releases the number when the resource is deleted.
 *
 * onEvent: search the area code → order the first number that can still be ordered (a number taken between search
 * and order gives BadRequest: try the next one) → return it as the physical id with the order id.
 * isComplete: GetPhoneNumberOrder until Successful; a failed order fails the deployment with the reason.
 */
import {
  ChimeSDKVoiceClient,
  CreatePhoneNumberOrderCommand,
  DeletePhoneNumberCommand,
  GetPhoneNumberOrderCommand,
  SearchAvailablePhoneNumbersCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { eventAction, maskNumber, orderOutcome } from './decide';

const voice = new ChimeSDKVoiceClient({ maxAttempts: 6 });

interface OnEventResult {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

export async function onEvent(event: CloudFormationCustomResourceEvent): Promise<OnEventResult> {
  const action = eventAction(event as Parameters<typeof eventAction>[0]);
  switch (action.kind) {
    case 'order':
      return order(action.areaCode, action.country);
    case 'keep':
      return { PhysicalResourceId: action.phoneNumber };
    case 'release':
      await release(action.phoneNumber);
      return { PhysicalResourceId: action.phoneNumber };
    case 'nothing':
      return { PhysicalResourceId: (event as { PhysicalResourceId: string }).PhysicalResourceId };
  }
}

export async function isComplete(
  event: CloudFormationCustomResourceEvent & { PhysicalResourceId?: string; Data?: Record<string, string> },
): Promise<{ IsComplete: boolean; Data?: Record<string, string> }> {
  const orderId = event.Data?.OrderId;
  if (event.RequestType === 'Delete' || !orderId) {
    return event.RequestType === 'Delete' ? { IsComplete: true } : done(event.PhysicalResourceId ?? '');
  }
  const { PhoneNumberOrder: placed } = await voice.send(
    new GetPhoneNumberOrderCommand({ PhoneNumberOrderId: orderId }),
  );
  const outcome = orderOutcome(placed?.Status);
  if (outcome === 'wait') return { IsComplete: false };
  if (outcome === 'failed') {
    const detail = placed?.OrderedPhoneNumbers?.map((n) => n.Status).join(', ') ?? 'no detail';
    throw new Error(
      `Phone number order ${orderId} for ${maskNumber(event.PhysicalResourceId ?? '')} ended ${placed?.Status} (${detail}). ` +
        'Deploy again to order another number, or use one you own with -c phoneNumber=+1…',
    );
  }
  return done(event.PhysicalResourceId ?? '');
}

function done(phoneNumber: string) {
  return { IsComplete: true, Data: { PhoneNumber: phoneNumber } };
}

async function order(areaCode: string, country: string): Promise<OnEventResult> {
  const { E164PhoneNumbers: candidates = [] } = await voice.send(
    new SearchAvailablePhoneNumbersCommand({
      AreaCode: areaCode,
      Country: country,
      PhoneNumberType: 'Local',
      MaxResults: 10,
    }),
  );
  if (candidates.length === 0) {
    throw new Error(
      `No local numbers are available in area code ${areaCode}; deploy with another -c areaCode=…`,
    );
  }
  for (const candidate of candidates) {
    try {
      const { PhoneNumberOrder: placed } = await voice.send(
        new CreatePhoneNumberOrderCommand({
          ProductType: 'SipMediaApplicationDialIn',
          E164PhoneNumbers: [candidate],
        }),
      );
      return { PhysicalResourceId: candidate, Data: { OrderId: placed?.PhoneNumberOrderId ?? '' } };
    } catch (error) {
      // Taken since the search (or not orderable): try the next candidate.
      if ((error as Error).name !== 'BadRequestException') throw error;
    }
  }
  throw new Error(
    `None of the ${candidates.length} numbers found in area code ${areaCode} could be ordered; deploy again`,
  );
}

async function release(phoneNumber: string): Promise<void> {
  try {
    await voice.send(new DeletePhoneNumberCommand({ PhoneNumberId: phoneNumber }));
  } catch (error) {
    if ((error as Error).name !== 'NotFoundException') throw error;
  }
}

/**
 * PSTN audio events for tests, shaped like the real events in AWS's samples (docs/aws/pstn-audio.md §1–§2).
 */
import type { PstnEvent } from '../../../functions/pstn';

export const BUSINESS = '+12065550100';
export const CALLER = '+14155551212';
export const CUSTOMER = '+16265551212';
export const FLOW_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:business-line';
export const CALL_FLOWS = new Map([[BUSINESS, FLOW_ARN]]);

type Status = 'Connected' | 'Disconnected' | undefined;

export interface EventOptions {
  transactionId?: string;
  sequence?: number;
  attributes?: Record<string, string>;
  /** Status of LEG-A (absent before answer); with `legB`, a second leg. */
  legA?: Status;
  legB?: Status;
  /** Outbound: LEG-A goes from the business number to the customer. */
  outbound?: boolean;
  actionData?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export function pstnEvent(type: string, options: EventOptions = {}): PstnEvent {
  const {
    transactionId = 'tx-0001',
    sequence = 1,
    attributes,
    legA,
    legB,
    outbound = false,
    actionData,
    extra,
  } = options;
  const participants: Record<string, unknown>[] = [
    {
      CallId: 'call-a',
      ParticipantTag: 'LEG-A',
      To: outbound ? CUSTOMER : BUSINESS,
      From: outbound ? BUSINESS : CALLER,
      Direction: outbound ? 'Outbound' : 'Inbound',
      StartTimeInMilliseconds: '1645498023381',
      ...(legA === undefined ? {} : { Status: legA }),
    },
  ];
  if (legB !== undefined) {
    participants.push({
      CallId: 'call-b',
      ParticipantTag: 'LEG-B',
      To: CUSTOMER,
      From: BUSINESS,
      Direction: 'Outbound',
      StartTimeInMilliseconds: '1645498029999',
      Status: legB,
    });
  }
  return {
    SchemaVersion: '1.0',
    Sequence: sequence,
    InvocationEventType: type,
    ...(actionData === undefined ? {} : { ActionData: actionData }),
    CallDetails: {
      TransactionId: transactionId,
      ...(attributes === undefined ? {} : { TransactionAttributes: attributes }),
      AwsAccountId: '123456789012',
      AwsRegion: 'us-east-1',
      SipMediaApplicationId: 'sma-1',
      Participants: participants,
    },
    ...extra,
  } as unknown as PstnEvent;
}

export const hangupData = (tag: 'LEG-A' | 'LEG-B') => ({
  Type: 'Hangup',
  Parameters: { SipResponseCode: 0, CallId: tag === 'LEG-A' ? 'call-a' : 'call-b', ParticipantTag: tag },
});

/**
 * The PSTN audio events of a synthetic call, and what the router's answers mean: pure. The events have the shape
 * PSTN audio sends (Amazon Chime SDK developer guide, "Using the PSTN audio service": invocation events), for one
 * inbound leg; the caller ID is a fictional 555-01xx number, so nothing rings and no caller's data is involved.
 */
import { randomUUID } from 'node:crypto';
import { ATTR } from '../../functions/event-router/carried';

export interface SmokeCall {
  readonly transactionId: string;
  readonly callId: string;
  readonly to: string;
  readonly from: string;
  readonly region: string;
  readonly accountId: string;
  readonly sipMediaApplicationId: string;
  readonly startedAt: number;
}

export const SMOKE_CALLER = '+12025550199';

export function smokeCall(to: string, ids: Partial<SmokeCall> = {}): SmokeCall {
  return {
    transactionId: `smoke-${randomUUID()}`,
    callId: randomUUID(),
    to,
    from: SMOKE_CALLER,
    region: 'us-east-1',
    accountId: '000000000000',
    sipMediaApplicationId: 'smoke',
    startedAt: Date.now(),
    ...ids,
  };
}

type Attributes = Record<string, string> | undefined;

function envelope(
  call: SmokeCall,
  type: string,
  sequence: number,
  attributes: Attributes,
  status = 'Connected',
) {
  return {
    SchemaVersion: '1.0',
    Sequence: sequence,
    InvocationEventType: type,
    CallDetails: {
      TransactionId: call.transactionId,
      AwsAccountId: call.accountId,
      AwsRegion: call.region,
      SipMediaApplicationId: call.sipMediaApplicationId,
      ...(attributes ? { TransactionAttributes: attributes } : {}),
      Participants: [
        {
          CallId: call.callId,
          ParticipantTag: 'LEG-A',
          To: call.to,
          From: call.from,
          Direction: 'Inbound',
          StartTimeInMilliseconds: String(call.startedAt),
          Status: status,
        },
      ],
    },
  };
}

export function newInboundCall(call: SmokeCall) {
  return envelope(call, 'NEW_INBOUND_CALL', 1, undefined);
}

/** PSTN audio reports a finished action list with its last action. */
export function actionSuccessful(call: SmokeCall, sequence: number, response: RouterResponse) {
  const last = response.Actions?.[response.Actions.length - 1];
  return {
    ...envelope(call, 'ACTION_SUCCESSFUL', sequence, response.TransactionAttributes),
    ActionData: { Type: last?.Type, Parameters: last?.Parameters ?? {} },
  };
}

export function hangup(call: SmokeCall, sequence: number, attributes: Attributes) {
  return {
    ...envelope(call, 'HANGUP', sequence, attributes, 'Disconnected'),
    ActionData: {
      Type: 'Hangup',
      Parameters: { SipResponseCode: '0', CallId: call.callId, ParticipantTag: 'LEG-A' },
    },
  };
}

export interface RouterResponse {
  SchemaVersion?: string;
  Actions?: { Type?: string; Parameters?: Record<string, unknown> }[];
  TransactionAttributes?: Record<string, string>;
}

export type TurnKind = 'flow' | 'keep-alive' | 'nothing' | 'apology' | 'hangup' | 'invalid';

/** What one answer of the router is: the flow's actions, a keep-alive while it works, no new actions, the apology. */
export function classify(response: unknown, apologyText: string): TurnKind {
  const r = response as RouterResponse | null;
  if (!r || r.SchemaVersion !== '1.0' || !Array.isArray(r.Actions)) return 'invalid';
  const types = r.Actions.map((a) => a.Type);
  if (r.Actions.some((a) => a.Parameters?.Text === apologyText)) return 'apology';
  // the flow's goodbye ("Speak, Hangup") ends the call as much as a lone Hangup does
  if (types.includes('Hangup')) return 'hangup';
  // the router marks its own keep-alives; a flow's own PlayAudio or Pause is the flow answering
  if (r.TransactionAttributes?.[ATTR.KeepAlive]) return 'keep-alive';
  return types.length > 0 ? 'flow' : 'nothing';
}

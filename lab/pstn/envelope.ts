/**
 * The invocation event envelope (docs/aws/pstn-audio.md §1) and TransactionAttributes
 * semantics (docs/aws/pstn-audio.md §3.3), as pure functions over plain data.
 */
import type { ActionData, InvocationEventType, Participant, PstnEvent } from '../../functions/pstn';

/** One call leg as plain data. `status` undefined = not yet answered (no Status on the wire). */
export interface LegData {
  callId: string;
  tag: 'LEG-A' | 'LEG-B';
  to: string;
  from: string;
  direction: 'Inbound' | 'Outbound';
  startedAt: number;
  status?: 'Connected' | 'Disconnected';
  sipHeaders?: Record<string, string>;
}

export interface CallIdentity {
  transactionId: string;
  awsAccountId: string;
  awsRegion: string;
  sipMediaApplicationId: string;
  /** Inbound calls routed by a SIP rule only. */
  sipRuleId?: string;
}

export function participant(leg: LegData): Participant {
  return {
    CallId: leg.callId,
    ParticipantTag: leg.tag,
    To: leg.to,
    From: leg.from,
    Direction: leg.direction,
    StartTimeInMilliseconds: String(leg.startedAt),
    ...(leg.status ? { Status: leg.status } : {}),
    ...(leg.sipHeaders && Object.keys(leg.sipHeaders).length ? { SipHeaders: { ...leg.sipHeaders } } : {}),
  };
}

export interface EventInput {
  type: InvocationEventType;
  sequence: number;
  call: CallIdentity;
  attributes?: Record<string, string>;
  legs: LegData[];
  actionData?: ActionData;
  /** INVALID_LAMBDA_RESPONSE only: top level, not inside ActionData (docs/aws/pstn-audio.md §1.1). */
  error?: { errorType: string; errorMessage: string };
}

export function buildEvent(input: EventInput): PstnEvent {
  const { call } = input;
  const legs = [...input.legs].sort((a, b) => a.tag.localeCompare(b.tag));
  const event = {
    SchemaVersion: '1.0',
    Sequence: input.sequence,
    InvocationEventType: input.type,
    ...(input.actionData ? { ActionData: structuredClone(input.actionData) } : {}),
    CallDetails: {
      TransactionId: call.transactionId,
      ...(input.attributes && Object.keys(input.attributes).length
        ? { TransactionAttributes: { ...input.attributes } }
        : {}),
      AwsAccountId: call.awsAccountId,
      AwsRegion: call.awsRegion,
      ...(call.sipRuleId ? { SipRuleId: call.sipRuleId } : {}),
      SipMediaApplicationId: call.sipMediaApplicationId,
      Participants: legs.map(participant),
    },
    ...(input.error ? { ErrorType: input.error.errorType, ErrorMessage: input.error.errorMessage } : {}),
  };
  return event as PstnEvent;
}

/**
 * The stored map after a (valid) response: a map replaces it, `{}` clears it, null or absent keeps it.
 * An empty map is stored as undefined: the event then omits the field (docs/aws/pstn-audio.md §3.3: after
 * `{}` UNCONFIRMED).
 */
export function nextAttributes(
  stored: Record<string, string> | undefined,
  supplied: Record<string, string> | null | undefined,
): Record<string, string> | undefined {
  if (supplied === undefined || supplied === null) return stored;
  return Object.keys(supplied).length ? { ...supplied } : undefined;
}

/** Events whose response actions PSTN audio runs (docs/aws/pstn-audio.md §2 table). */
const ACTIONS_IGNORED: ReadonlySet<InvocationEventType> = new Set([
  'NEW_OUTBOUND_CALL',
  'RINGING',
  'ACTION_INTERRUPTED',
]);
export function takesActions(type: InvocationEventType): boolean {
  return !ACTIONS_IGNORED.has(type);
}

/**
 * Actions that report ACTION_SUCCESSFUL as soon as they succeed, even mid-list (docs/aws/pstn-audio.md §7.1).
 */
export const RESULT_BEARING: ReadonlySet<string> = new Set([
  'CallAndBridge',
  'JoinChimeMeeting',
  'ModifyChimeMeetingAttendees',
  'PlayAudioAndGetDigits',
  'SpeakAndGetDigits',
  'RecordAudio',
  'StartBotConversation',
  'StartCallRecording',
]);

/**
 * Actions an UpdateSipMediaApplicationCall's new list stops at once (docs/aws/pstn-audio.md §3.4; Speak
 * observed).
 */
export const INTERRUPTIBLE: ReadonlySet<string> = new Set(['PlayAudio', 'RecordAudio', 'Pause', 'Speak']);

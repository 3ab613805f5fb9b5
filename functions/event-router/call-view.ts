/**
 * A defensive, plain-data view of one PSTN audio invocation event. The event comes from outside, so
 * nothing in it is trusted: every field is read with its type checked, and a missing or mistyped field
 * reads as absent.
 */

export interface LegView {
  tag?: string;
  callId?: string;
  to?: string;
  from?: string;
  status?: string;
}

export interface CallView {
  schemaVersion: string;
  type?: string;
  sequence?: number;
  transactionId?: string;
  /** CallDetails.TransactionAttributes, string values only (what the router stored last turn). */
  attributes: Record<string, string>;
  legs: LegView[];
  legA?: LegView;
  /** ActionData.Type (the action the event reports on). */
  actionType?: string;
  /** For HANGUP: the tag of the leg that hung up (from ActionData.Parameters). */
  hungUpTag?: string;
  /** `<ErrorType>: <ErrorMessage>` for ACTION_FAILED and INVALID_LAMBDA_RESPONSE. */
  errorCause?: string;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function readCall(event: unknown): CallView {
  const root = isObject(event) ? event : {};
  const details = isObject(root.CallDetails) ? root.CallDetails : {};
  const actionData = isObject(root.ActionData) ? root.ActionData : {};
  const parameters = isObject(actionData.Parameters) ? actionData.Parameters : {};
  const legs = (Array.isArray(details.Participants) ? details.Participants : [])
    .filter(isObject)
    .map(readLeg);
  const legA = legs.find((leg) => leg.tag === 'LEG-A') ?? legs[0];
  const hungUpTag =
    text(parameters.ParticipantTag) ||
    legs.find((leg) => leg.callId !== undefined && leg.callId === parameters.CallId)?.tag;
  const schemaVersion = text(root.SchemaVersion);
  return {
    schemaVersion: schemaVersion === undefined || schemaVersion === '' ? '1.0' : schemaVersion,
    type: text(root.InvocationEventType),
    sequence: typeof root.Sequence === 'number' ? root.Sequence : undefined,
    transactionId: text(details.TransactionId),
    attributes: readAttributes(details.TransactionAttributes),
    legs,
    legA,
    actionType: text(actionData.Type),
    hungUpTag,
    errorCause: readErrorCause(root, actionData),
  };
}

function readLeg(participant: Json): LegView {
  return {
    tag: text(participant.ParticipantTag),
    callId: text(participant.CallId),
    to: text(participant.To),
    from: text(participant.From),
    status: text(participant.Status),
  };
}

function readAttributes(value: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!isObject(value)) return attributes;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') attributes[key] = item;
  return attributes;
}

/** ACTION_FAILED carries ErrorType/ErrorMessage in ActionData (or a single `Error` string);
 *  INVALID_LAMBDA_RESPONSE carries them at the top level (the DG's prose says ActionData: read both). */
function readErrorCause(root: Json, actionData: Json): string | undefined {
  for (const source of [actionData, root]) {
    const type = text(source.ErrorType);
    const message = text(source.ErrorMessage);
    if (type !== undefined || message !== undefined)
      return `${type ?? 'UnknownError'}: ${message ?? ''}`.trim();
    const single = text(source.Error);
    if (single !== undefined) return single;
  }
  return undefined;
}

export const anyLegConnected = (call: CallView): boolean =>
  call.legs.some((leg) => leg.status === 'Connected');

/** True when the event says outright that the caller has gone: a leg is Disconnected and none is Connected. */
export const callerGone = (call: CallView): boolean =>
  !anyLegConnected(call) && call.legs.some((leg) => leg.status === 'Disconnected');

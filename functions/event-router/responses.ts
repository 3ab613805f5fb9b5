/**
 * The responses the router writes itself (everything else is a workflow's message). Each is a valid PSTN
 * audio response for the event it answers; the shell still checks them before returning.
 */
import type { Action, PstnResponse } from '../pstn';
import type { CallView } from './call-view';
import type { HoldAudio } from './config';
import { ATTR, type KeepAliveKind } from './carried';

/** How long a keep-alive Pause lasts: short, so the workflow's next actions wait at most this long. */
export const KEEP_ALIVE_PAUSE_MS = 1000;
export const APOLOGY_TEXT =
  'Sorry, something went wrong on our side. Please try your call again later. Goodbye.';

type Attributes = Record<string, string>;

/** The leg the router's own actions are aimed at: a connected one, else LEG-A. */
function targetCallId(call: CallView): string | undefined {
  return (call.legs.find((leg) => leg.status === 'Connected') ?? call.legA)?.callId;
}

const withCallId = (call: CallView) => {
  const callId = targetCallId(call);
  return callId === undefined ? {} : { CallId: callId };
};

export function emptyResponse(call: CallView): PstnResponse {
  return { SchemaVersion: call.schemaVersion, Actions: [] };
}

export function hangupResponse(call: CallView, sipResponseCode: 0 | 480 = 0): PstnResponse {
  return {
    SchemaVersion: call.schemaVersion,
    Actions: [{ Type: 'Hangup', Parameters: { ...withCallId(call), SipResponseCode: sipResponseCode } }],
  };
}

/** An apology and a Hangup. `attributes`: what to store (keeps the call queue reachable for clean-up). */
export function apologyResponse(call: CallView, attributes?: Attributes): PstnResponse {
  const target = withCallId(call);
  return {
    SchemaVersion: call.schemaVersion,
    Actions: [
      { Type: 'Speak', Parameters: { ...target, Text: APOLOGY_TEXT } },
      { Type: 'Hangup', Parameters: { ...target, SipResponseCode: 0 } },
    ],
    ...(attributes === undefined
      ? {}
      : { TransactionAttributes: { ...attributes, [ATTR.CallFailed]: 'true' } }),
  };
}

/**
 * Something for the call to do while the workflow is still working: the hold audio, or a short Pause.
 * Marked in TransactionAttributes so its completion polls again instead of completing a task. The stored
 * attributes are kept (a response's TransactionAttributes replace the stored map).
 */
export function keepAliveResponse(
  call: CallView,
  attributes: Attributes,
  options: { holdAudio?: HoldAudio; forcePause?: boolean; unanswered?: boolean },
): PstnResponse {
  const { holdAudio, forcePause, unanswered } = options;
  const target = withCallId(call);
  const action: Action =
    holdAudio && !forcePause
      ? {
          Type: 'PlayAudio',
          Parameters: {
            ...target,
            AudioSource: { Type: 'S3', BucketName: holdAudio.bucket, Key: holdAudio.key },
          },
        }
      : { Type: 'Pause', Parameters: { ...target, DurationInMilliseconds: KEEP_ALIVE_PAUSE_MS } };
  const kind: KeepAliveKind = unanswered ? 'Unanswered' : action.Type === 'PlayAudio' ? 'PlayAudio' : 'Pause';
  return {
    SchemaVersion: call.schemaVersion,
    Actions: [action],
    TransactionAttributes: { ...attributes, [ATTR.KeepAlive]: kind },
  };
}

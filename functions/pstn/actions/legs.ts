/**
 * Which leg an action acts on (docs/aws/pstn-audio.md §4 "Leg selection"): CallId wins over
 * ParticipantTag; "" (or null) means unset; with neither, the leg the current event is about.
 */
import { INVALID_LEG_MESSAGE } from '../errors';
import type { Participant } from '../types';
import { describeValue } from '../values';
import type { Failure } from './rules';

/**
 * - `tagged`: CallId and ParticipantTag both accepted and both echoed (PlayAudio, Hangup, …).
 * - `legA`: like `tagged`, but only LEG-A is allowed; the default is LEG-A (JoinChimeMeeting, StartBotConversation).
 * - `callId`: CallId documented as required (SendDigits, VoiceFocus, call recording).
 * - `callIdLenient`: CallId documented as required but observed to default like `tagged` (Speak, SpeakAndGetDigits).
 * - `bridge`: acts on LEG-A; CallId is not an input but AWS echoes it (CallAndBridge).
 */
export type LegPolicy = 'tagged' | 'legA' | 'callId' | 'callIdLenient' | 'bridge';

/** What an action is checked against: the call as the current event describes it. */
export interface ActionContext {
  /** The legs of the call (CallDetails.Participants of the event being answered). */
  participants: Participant[];
  /** The leg the event was about; the default target of leg-addressed actions. Default: LEG-A. */
  invokingCallId?: string;
  /**
   * Require CallId on Speak/SpeakAndGetDigits as the DG says (docs/aws/pstn-audio.md §4.3). Off unless set;
   * the lab's simulator sets it (its `requireCallId`, on by default).
   */
  strictCallId?: boolean;
  /** The SMA's region: StartBotConversation's bot must be in it. Unchecked when absent. */
  awsRegion?: string;
}

const unset = (v: unknown): boolean => v === undefined || v === null || v === '';

function badLeg(detail: string): { failure: Failure } {
  return {
    failure: { errorType: 'InvalidActionParameter', errorMessage: `${INVALID_LEG_MESSAGE} ${detail}` },
  };
}

function legs(participants: Participant[]): string {
  const tags = participants.map((p) => describeValue(p.ParticipantTag));
  return tags.length ? `this call has ${tags.join(' and ')}` : 'this call has no legs';
}

/** Returns the parameters with CallId (and, where echoed, ParticipantTag) set to the resolved leg. */
export function resolveLeg(
  params: Record<string, unknown>,
  policy: LegPolicy,
  context: ActionContext,
): { value: Record<string, unknown> } | { failure: Failure } {
  // Tolerate a malformed event's Participants: a leg that is not an object names nothing.
  const participants = Array.isArray(context.participants)
    ? context.participants.filter((p): p is Participant => typeof p === 'object' && p !== null)
    : [];
  let leg: Participant | undefined;

  if (!unset(params.CallId)) {
    leg = participants.find((p) => p.CallId === params.CallId);
    if (!leg)
      return badLeg(
        `CallId ${describeValue(params.CallId)} is not a leg of this call (${legs(participants)}).`,
      );
  } else if (policy === 'callId' || (policy === 'callIdLenient' && context.strictCallId)) {
    return {
      failure: {
        errorType: 'MissingRequiredActionParameter',
        errorMessage: 'CallId is a required parameter.',
      },
    };
  } else if (!unset(params.ParticipantTag) && policy !== 'bridge') {
    const tag = params.ParticipantTag;
    if (tag !== 'LEG-A' && tag !== 'LEG-B') {
      return badLeg(`ParticipantTag must be "LEG-A" or "LEG-B"; got ${describeValue(tag)}.`);
    }
    leg = participants.find((p) => p.ParticipantTag === tag);
    if (!leg) return badLeg(`ParticipantTag "${tag}" names no leg (${legs(participants)}).`);
  } else if (policy === 'legA' || policy === 'bridge') {
    leg = participants.find((p) => p.ParticipantTag === 'LEG-A');
    if (!leg) return badLeg(`No CallId given and there is no LEG-A (${legs(participants)}).`);
  } else {
    leg = context.invokingCallId
      ? participants.find((p) => p.CallId === context.invokingCallId)
      : participants.find((p) => p.ParticipantTag === 'LEG-A');
    if (!leg)
      return badLeg(
        `No CallId or ParticipantTag given and the invoking leg is not a leg of this call (${legs(participants)}).`,
      );
  }

  if (policy === 'legA' && leg.ParticipantTag !== 'LEG-A') {
    return badLeg(`This action acts on LEG-A only; got ${leg.ParticipantTag}.`);
  }
  const echoTag = policy === 'tagged' || policy === 'legA';
  return {
    value: { ...params, CallId: leg.CallId, ...(echoTag ? { ParticipantTag: leg.ParticipantTag } : {}) },
  };
}

/** Per-action check (docs/aws/pstn-audio.md §4): what makes an action end in ACTION_FAILED before it runs. */
import { ACTION_TYPES, type Action, type ActionType } from '../types';
import { describeValue, isPlainObject } from '../values';
import {
  CallAndBridge,
  Hangup,
  PauseCallRecording,
  ResumeCallRecording,
  StartCallRecording,
  StopCallRecording,
  VoiceFocus,
} from './call';
import type { ActionSpec } from './common';
import { ReceiveDigits, SendDigits } from './dtmf';
import { resolveLeg, type ActionContext } from './legs';
import { JoinChimeMeeting, ModifyChimeMeetingAttendees, StartBotConversation } from './meetings';
import { Pause, PlayAudio, PlayAudioAndGetDigits, RecordAudio, Speak, SpeakAndGetDigits } from './media';
import { readFields } from './rules';

export type { ActionContext };

export type ActionCheck =
  { ok: true; action: Action } | { ok: false; errorType: string; errorMessage: string };

/** The rule table of every action type. */
export const ACTION_SPECS: Record<ActionType, ActionSpec> = {
  CallAndBridge,
  Hangup,
  JoinChimeMeeting,
  ModifyChimeMeetingAttendees,
  Pause,
  PlayAudio,
  PlayAudioAndGetDigits,
  ReceiveDigits,
  RecordAudio,
  SendDigits,
  Speak,
  SpeakAndGetDigits,
  StartBotConversation,
  VoiceFocus,
  StartCallRecording,
  StopCallRecording,
  PauseCallRecording,
  ResumeCallRecording,
};

const isActionType = (t: unknown): t is ActionType =>
  typeof t === 'string' && (ACTION_TYPES as readonly string[]).includes(t);

/**
 * Checks one action against the call it would run on. A malformed action or unknown type (which
 * `checkResponse` already refuses as INVALID_LAMBDA_RESPONSE) is reported with the same envelope ErrorType.
 */
export function checkAction(action: unknown, context: ActionContext): ActionCheck {
  if (!isPlainObject(action)) {
    return {
      ok: false,
      errorType: 'InvalidActionList',
      errorMessage: `Error while reading actions list. An action must be an object, got ${describeValue(action)}.`,
    };
  }
  if (!isActionType(action.Type)) {
    return {
      ok: false,
      errorType: 'UnsupportedActionType',
      errorMessage: `Unsupported action ${describeValue(action.Type)} specified`,
    };
  }
  const params = action.Parameters;
  if (!isPlainObject(params)) {
    return {
      ok: false,
      errorType: 'InvalidActionList',
      errorMessage: `Error while reading actions list. ${action.Type} needs a Parameters object, got ${describeValue(params)}.`,
    };
  }
  const spec = ACTION_SPECS[action.Type];
  let read = readFields(params, spec.fields);
  if ('value' in read && spec.finish) read = spec.finish(read.value, context);
  if ('value' in read) read = resolveLeg(read.value, spec.leg, context);
  if ('failure' in read) return { ok: false, ...read.failure };
  return { ok: true, action: { Type: action.Type, Parameters: read.value } as Action };
}

/** Runs one checked action on its leg: the action families, one file each. */
import type { ActionType } from '../../../functions/pstn';
import { callAndBridge } from './bridge';
import { getDigits } from './getDigits';
import { pause, playAudio, sendDigits, speak, voiceFocus } from './media';
import { recordAudio } from './record';
import type { ActionRunner, Outcome, Stage } from './stage';
import { notSimulated } from './unsimulated';

/** ReceiveDigits arms a background listener and completes at once (docs/aws/pstn-audio.md §4.5). */
const receiveDigits: ActionRunner = async (stage) => {
  stage.armReceiveDigits();
  stage.emit({ type: 'digits-requested' });
  return { kind: 'ok', result: { ReceivedDigits: '' } };
};

/** Hangup is run by the call itself (it changes the legs and sends HANGUP), never here. */
const RUNNERS: Record<Exclude<ActionType, 'Hangup'>, ActionRunner> = {
  Speak: speak,
  PlayAudio: playAudio,
  Pause: pause,
  SendDigits: sendDigits,
  VoiceFocus: voiceFocus,
  PlayAudioAndGetDigits: getDigits,
  SpeakAndGetDigits: getDigits,
  ReceiveDigits: receiveDigits,
  RecordAudio: recordAudio,
  CallAndBridge: callAndBridge,
  JoinChimeMeeting: notSimulated,
  ModifyChimeMeetingAttendees: notSimulated,
  StartBotConversation: notSimulated,
  StartCallRecording: notSimulated,
  StopCallRecording: notSimulated,
  PauseCallRecording: notSimulated,
  ResumeCallRecording: notSimulated,
};

export function runAction(stage: Stage): Promise<Outcome> {
  const type = stage.action.Type;
  if (type === 'Hangup') throw new Error('Hangup is run by the call');
  return RUNNERS[type](stage);
}

export type { Outcome, Stage, StopReason, PhoneNotice, BridgeRequest, BridgeResult } from './stage';

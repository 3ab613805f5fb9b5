/**
 * Facts about how PSTN audio runs actions and treats responses, for the router and the simulator
 * (docs/aws/pstn-audio.md §2, §3.4, §7.1).
 */
import type { ActionType, InvocationEventType } from './types';

/** Stopped at once (with ACTION_INTERRUPTED) when an update brings new actions. Speak: observed, not documented. */
export const INTERRUPTIBLE_ACTIONS: readonly ActionType[] = ['PlayAudio', 'RecordAudio', 'Pause', 'Speak'];

/**
 * Report ACTION_SUCCESSFUL as soon as they succeed, even mid-list (AWS workshop). Whether SpeakAndGetDigits,
 * StartBotConversation and StartCallRecording do too is UNCONFIRMED, so they are not listed.
 */
export const REPORTED_MID_LIST: readonly ActionType[] = [
  'CallAndBridge',
  'Hangup',
  'JoinChimeMeeting',
  'ModifyChimeMeetingAttendees',
  'PlayAudioAndGetDigits',
  'RecordAudio',
];

/** Events whose response Actions the service ignores (TransactionAttributes still apply). */
export const ACTIONS_IGNORED_FOR: readonly InvocationEventType[] = [
  'NEW_OUTBOUND_CALL',
  'RINGING',
  'ACTION_INTERRUPTED',
];

/** Call shapes the PSTN model tests check actions against. */
import type { ActionContext, Participant } from '../../../functions/pstn';

export const LEG_A: Participant = {
  CallId: 'call-a',
  ParticipantTag: 'LEG-A',
  To: '+12065550100',
  From: '+12065550123',
  Direction: 'Inbound',
  StartTimeInMilliseconds: '1700000000000',
  Status: 'Connected',
};

export const LEG_B: Participant = {
  CallId: 'call-b',
  ParticipantTag: 'LEG-B',
  To: '+12065550199',
  From: '+12065550100',
  Direction: 'Outbound',
  StartTimeInMilliseconds: '1700000005000',
  Status: 'Connected',
};

/** A caller on their own, the event being about their leg. */
export const oneLeg: ActionContext = { participants: [LEG_A], invokingCallId: LEG_A.CallId };

/** A bridged call; the event (e.g. a LEG-B HANGUP) is about LEG-B. */
export const bridgedFromB: ActionContext = { participants: [LEG_A, LEG_B], invokingCallId: LEG_B.CallId };

export const audio = (Key = 'welcome.wav') => ({ Type: 'S3', BucketName: 'prompts-bucket', Key });

/** The far end of a bridge hung up; the event (HANGUP of LEG-B) is about LEG-B, LEG-A is still up. */
export const afterLegBLeft: ActionContext = {
  participants: [LEG_A, { ...LEG_B, Status: 'Disconnected' }],
  invokingCallId: LEG_B.CallId,
};

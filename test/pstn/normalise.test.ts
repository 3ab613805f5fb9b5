/**
 * What an accepted action looks like afterwards — the form the simulator runs and echoes back in ActionData
 * (docs/aws/pstn-audio.md §1.4): numbers as numbers, documented defaults filled, the leg resolved.
 */
import { describe, expect, it } from 'vitest';
import { checkAction, type ActionContext } from '../../functions/pstn';
import { afterLegBLeft, audio, bridgedFromB, LEG_A, LEG_B, oneLeg } from './calls';

function accepted(action: unknown, context: ActionContext = oneLeg): Record<string, unknown> {
  const result = checkAction(action, context);
  if (!result.ok) throw new Error(`expected acceptance, got ${result.errorType}: ${result.errorMessage}`);
  return result.action.Parameters as unknown as Record<string, unknown>;
}

describe('numeric strings become numbers', () => {
  it.each([
    ['Pause', 'DurationInMilliseconds', { DurationInMilliseconds: '3000' }, 3000],
    ['PlayAudio', 'Repeat', { AudioSource: audio(), Repeat: '5' }, 5],
    ['Hangup', 'SipResponseCode', { SipResponseCode: '0' }, 0],
    [
      'RecordAudio',
      'DurationInSeconds',
      {
        RecordingDestination: { Type: 'S3', BucketName: 'v' },
        RecordingTerminators: ['#'],
        DurationInSeconds: '10',
      },
      10,
    ],
    [
      'CallAndBridge',
      'CallTimeoutSeconds',
      {
        CallerIdNumber: '+12065550100',
        CallTimeoutSeconds: '20',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+12065550199' }],
      },
      20,
    ],
    [
      'SendDigits',
      'ToneDurationInMilliseconds',
      { CallId: 'call-a', Digits: '1', ToneDurationInMilliseconds: ' 100 ' },
      100,
    ],
  ])('%s %s given as a string becomes a number', (Type, name, Parameters, value) => {
    expect(accepted({ Type, Parameters })[name]).toBe(value);
  });
});

describe('documented defaults are filled', () => {
  it('PlayAudio plays once', () => {
    expect(accepted({ Type: 'PlayAudio', Parameters: { AudioSource: audio() } }).Repeat).toBe(1);
  });

  it('PlayAudioAndGetDigits waits between digits as long as per attempt, takes 0–128 digits ended by #, once', () => {
    const p = accepted({
      Type: 'PlayAudioAndGetDigits',
      Parameters: { AudioSource: audio(), FailureAudioSource: audio(), RepeatDurationInMilliseconds: '3000' },
    });
    expect(p).toMatchObject({
      RepeatDurationInMilliseconds: 3000,
      InBetweenDigitsDurationInMilliseconds: 3000,
      MinNumberOfDigits: 0,
      MaxNumberOfDigits: 128,
      TerminatorDigits: ['#'],
      Repeat: 1,
    });
  });

  it('Speak uses the standard engine, plain text and Joanna', () => {
    expect(accepted({ Type: 'Speak', Parameters: { Text: 'Hi' } })).toMatchObject({
      Engine: 'standard',
      TextType: 'text',
      VoiceId: 'Joanna',
    });
  });

  it('SpeakAndGetDigits failure speech inherits the voice of the main speech', () => {
    const p = accepted({
      Type: 'SpeakAndGetDigits',
      Parameters: {
        SpeechParameters: {
          Text: 'Enter your PIN',
          VoiceId: 'Matthew',
          Engine: 'neural',
          LanguageCode: 'en-US',
        },
        FailureSpeechParameters: { Text: 'Try again' },
        RepeatDurationInMilliseconds: 5000,
      },
    });
    expect(p.FailureSpeechParameters).toEqual({
      Text: 'Try again',
      VoiceId: 'Matthew',
      Engine: 'neural',
      LanguageCode: 'en-US',
      TextType: 'text',
    });
  });

  it('SendDigits plays 250 ms tones', () => {
    expect(
      accepted({ Type: 'SendDigits', Parameters: { CallId: 'call-a', Digits: '12' } })
        .ToneDurationInMilliseconds,
    ).toBe(250);
  });

  it('Hangup ends with normal clearing (0)', () => {
    expect(accepted({ Type: 'Hangup', Parameters: {} }).SipResponseCode).toBe(0);
  });

  it('CallAndBridge rings for 30 seconds', () => {
    const p = accepted({
      Type: 'CallAndBridge',
      Parameters: {
        CallerIdNumber: '+12065550100',
        Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+12065550199' }],
      },
    });
    expect(p.CallTimeoutSeconds).toBe(30);
  });

  it('StartBotConversation talks en_US', () => {
    const p = accepted({
      Type: 'StartBotConversation',
      Parameters: { BotAliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/B1/A1' },
    });
    expect(p.LocaleId).toBe('en_US');
  });

  it('RecordAudio leaves silence detection off unless asked, then uses threshold 200', () => {
    const base = { RecordingDestination: { Type: 'S3', BucketName: 'v' }, RecordingTerminators: ['#'] };
    const off = accepted({ Type: 'RecordAudio', Parameters: base });
    expect(off).not.toHaveProperty('SilenceDurationInSeconds');
    expect(off).not.toHaveProperty('SilenceThreshold');
    expect(
      accepted({ Type: 'RecordAudio', Parameters: { ...base, SilenceDurationInSeconds: '3' } }),
    ).toMatchObject({ SilenceDurationInSeconds: 3, SilenceThreshold: 200 });
  });

  it('a given value is never replaced by a default', () => {
    expect(accepted({ Type: 'PlayAudio', Parameters: { AudioSource: audio(), Repeat: 4 } }).Repeat).toBe(4);
  });

  it('unknown extra parameters pass through untouched, null ones count as absent', () => {
    const p = accepted({
      Type: 'PlayAudio',
      Parameters: { AudioSource: audio(), Repeat: null, Note: 'kept' },
    });
    expect(p).toMatchObject({ Repeat: 1, Note: 'kept' });
  });
});

describe('the leg an action acts on', () => {
  it('defaults to the leg the event was about, with both CallId and ParticipantTag filled', () => {
    expect(accepted({ Type: 'PlayAudio', Parameters: { AudioSource: audio() } }, bridgedFromB)).toMatchObject(
      { CallId: LEG_B.CallId, ParticipantTag: 'LEG-B' },
    );
  });

  it('defaults to LEG-A when the context names no invoking leg', () => {
    expect(
      accepted(
        { Type: 'Pause', Parameters: { DurationInMilliseconds: 1 } },
        { participants: [LEG_A, LEG_B] },
      ),
    ).toMatchObject({ CallId: LEG_A.CallId });
  });

  it('treats ParticipantTag "" as unset (the workshop Hangup)', () => {
    expect(accepted({ Type: 'Hangup', Parameters: { SipResponseCode: '0', ParticipantTag: '' } })).toEqual({
      SipResponseCode: 0,
      CallId: LEG_A.CallId,
      ParticipantTag: 'LEG-A',
    });
  });

  it('treats CallId "" as unset (the bridging sample Speak)', () => {
    expect(accepted({ Type: 'Speak', Parameters: { Text: 'Hi', CallId: '' } }).CallId).toBe(LEG_A.CallId);
  });

  it('follows CallId over a contradicting ParticipantTag', () => {
    expect(
      accepted(
        { Type: 'Hangup', Parameters: { CallId: LEG_A.CallId, ParticipantTag: 'LEG-B' } },
        bridgedFromB,
      ),
    ).toMatchObject({ CallId: LEG_A.CallId, ParticipantTag: 'LEG-A' });
  });

  it('follows ParticipantTag when there is no CallId', () => {
    expect(accepted({ Type: 'Hangup', Parameters: { ParticipantTag: 'LEG-A' } }, bridgedFromB).CallId).toBe(
      LEG_A.CallId,
    );
  });

  it('bridges from LEG-A and echoes its CallId even when the event was about LEG-B', () => {
    const p = accepted(
      {
        Type: 'CallAndBridge',
        Parameters: {
          CallerIdNumber: '+12065550100',
          Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+12065550199' }],
        },
      },
      bridgedFromB,
    );
    expect(p.CallId).toBe(LEG_A.CallId);
    expect(p).not.toHaveProperty('ParticipantTag');
  });

  it('joins a meeting from LEG-A by default, even when the event was about a departed LEG-B', () => {
    expect(
      accepted({ Type: 'JoinChimeMeeting', Parameters: { JoinToken: 't' } }, afterLegBLeft),
    ).toMatchObject({ CallId: LEG_A.CallId, ParticipantTag: 'LEG-A' });
  });

  it('refuses a CallId of another call, naming it', () => {
    const result = checkAction(
      { Type: 'PlayAudio', Parameters: { AudioSource: audio(), CallId: 'other-call' } },
      oneLeg,
    );
    expect(result).toMatchObject({ ok: false, errorType: 'InvalidActionParameter' });
    expect(!result.ok && result.errorMessage).toContain('"other-call"');
  });

  it('refuses a bot conversation on LEG-B (LEG-A only)', () => {
    const result = checkAction(
      {
        Type: 'StartBotConversation',
        Parameters: {
          CallId: LEG_B.CallId,
          BotAliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/B1/A1',
        },
      },
      afterLegBLeft,
    );
    expect(result).toMatchObject({ ok: false, errorType: 'InvalidActionParameter' });
    expect(!result.ok && result.errorMessage).toContain('LEG-A only');
  });

  it('requires CallId on Speak only when asked to be strict', () => {
    const speak = { Type: 'Speak', Parameters: { Text: 'Hi' } };
    expect(checkAction(speak, oneLeg).ok).toBe(true);
    expect(checkAction(speak, { ...oneLeg, strictCallId: true })).toMatchObject({
      ok: false,
      errorType: 'MissingRequiredActionParameter',
    });
  });

  it('refuses a bot in another region than the SIP media application when the region is known', () => {
    const action = {
      Type: 'StartBotConversation',
      Parameters: { BotAliasArn: 'arn:aws:lex:eu-west-1:123456789012:bot-alias/B1/A1' },
    };
    expect(checkAction(action, oneLeg).ok).toBe(true);
    expect(checkAction(action, { ...oneLeg, awsRegion: 'us-east-1' })).toMatchObject({
      ok: false,
      errorType: 'InvalidActionParameter',
    });
  });
});

describe('what error messages never repeat', () => {
  it('masks a bad caller id', () => {
    const result = checkAction(
      {
        Type: 'CallAndBridge',
        Parameters: {
          CallerIdNumber: '2069871234',
          Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+12065550199' }],
        },
      },
      oneLeg,
    );
    expect(!result.ok && result.errorMessage).not.toContain('2069871234');
  });

  it('does not repeat the digits of a bad SendDigits', () => {
    const result = checkAction(
      { Type: 'SendDigits', Parameters: { CallId: 'call-a', Digits: '987654x' } },
      oneLeg,
    );
    expect(!result.ok && result.errorMessage).not.toContain('987654');
  });

  it('does not repeat a meeting join token', () => {
    const result = checkAction(
      { Type: 'JoinChimeMeeting', Parameters: { JoinToken: 's3cr3t'.repeat(500) } },
      oneLeg,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errorMessage).not.toContain('s3cr3t');
  });
});

describe('actions that are not actions', () => {
  it.each([
    ['a string', 'Hangup', 'InvalidActionList'],
    ['an unknown type', { Type: 'Transfer', Parameters: {} }, 'UnsupportedActionType'],
    ['a type in the wrong case', { Type: 'hangup', Parameters: {} }, 'UnsupportedActionType'],
    ['no Parameters', { Type: 'Hangup' }, 'InvalidActionList'],
  ])('%s is reported with the envelope error', (_title, action, errorType) => {
    expect(checkAction(action, oneLeg)).toMatchObject({ ok: false, errorType });
  });
});

describe('calls that are bridged or in a meeting', () => {
  const bot = { BotAliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/B1/A1' };
  const mute = { Operation: 'Mute', MeetingId: 'm', AttendeeList: ['a'] };

  it.each([
    ['JoinChimeMeeting', { JoinToken: 't' }],
    ['StartBotConversation', bot],
  ])('%s is refused while a second leg is up', (Type, Parameters) => {
    const result = checkAction({ Type, Parameters }, bridgedFromB);
    expect(result).toMatchObject({ ok: false, errorType: 'InvalidActionParameter' });
    expect(!result.ok && result.errorMessage).toContain('Invalid action on the call.');
  });

  it.each([
    ['JoinChimeMeeting', { JoinToken: 't' }],
    ['StartBotConversation', bot],
  ])('%s is taken again once the second leg has left', (Type, Parameters) => {
    expect(checkAction({ Type, Parameters }, afterLegBLeft).ok).toBe(true);
  });

  it('muting attendees needs the call to be in a meeting', () => {
    expect(checkAction({ Type: 'ModifyChimeMeetingAttendees', Parameters: mute }, oneLeg)).toMatchObject({
      ok: false,
      errorType: 'InvalidActionParameter',
      errorMessage: expect.stringContaining('Invalid action on the call.'),
    });
    expect(checkAction({ Type: 'ModifyChimeMeetingAttendees', Parameters: mute }, bridgedFromB).ok).toBe(
      true,
    );
  });
});

/**
 * What each action accepts and refuses, as a call-flow author meets it: the ACTION_FAILED ErrorType AWS
 * reports (docs/aws/pstn-audio.md §4), and a message that names the parameter at fault.
 */
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, checkAction, type ActionContext, type ActionType } from '../../functions/pstn';
import { audio, bridgedFromB, oneLeg } from './calls';

const OK = 'accepted';
type Case = [title: string, parameters: Record<string, unknown>, expected: string, mentions?: string];

const digitsBase = {
  AudioSource: audio(),
  FailureAudioSource: audio('retry.wav'),
  RepeatDurationInMilliseconds: 3000,
};
const speechBase = {
  SpeechParameters: { Text: 'Enter your account number' },
  FailureSpeechParameters: { Text: 'Sorry, try again' },
  RepeatDurationInMilliseconds: 3000,
};
const recording = {
  RecordingDestination: { Type: 'S3', BucketName: 'voicemail' },
  RecordingTerminators: ['#'],
};
const bridge = {
  CallerIdNumber: '+12065550100',
  Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '+12065550199' }],
};
const bot = { BotAliasArn: 'arn:aws:lex:us-east-1:123456789012:bot-alias/BOTID12345/ALIAS12345' };
const meeting = { Operation: 'Mute', MeetingId: 'meeting-1', AttendeeList: ['attendee-1'] };
const startRecording = {
  CallId: 'call-a',
  Track: 'BOTH',
  Destination: { Type: 'S3', Location: 'recordings/calls' },
};

// One case per line, so the table reads as a table:
// prettier-ignore
const CASES: Record<ActionType, Case[]> = {
  PlayAudio: [
    ['an S3 prompt plays', { AudioSource: audio() }, OK],
    ['a numeric-string Repeat with terminators plays', { AudioSource: audio(), Repeat: '5', PlaybackTerminators: ['1', '#', '*'] }, OK],
    ['a prompt without AudioSource is refused', {}, 'MissingRequiredActionParameter', 'AudioSource'],
    ['an AudioSource without a Key is refused', { AudioSource: { Type: 'S3', BucketName: 'b' } }, 'MissingRequiredActionParameter', 'AudioSource.Key'],
    ['an AudioSource that is not S3 is an invalid audio source', { AudioSource: { ...audio(), Type: 'URL' } }, 'InvalidAudioSource', 'AudioSource.Type'],
    ['an AudioSource given as a string is an invalid audio source', { AudioSource: 's3://b/k.wav' }, 'InvalidAudioSource', 'AudioSource'],
    // AWS's business-line sample relies on "Repeat": "0" being accepted (docs/writing-call-flows.md)
    ['Repeat "0" is accepted', { AudioSource: audio(), Repeat: '0' }, OK],
    ['a negative Repeat is refused', { AudioSource: audio(), Repeat: -1 }, 'InvalidActionParameter', 'Repeat'],
    ['a fractional Repeat is refused', { AudioSource: audio(), Repeat: 1.5 }, 'InvalidActionParameter', 'Repeat'],
    ['a letter as a playback terminator is refused', { AudioSource: audio(), PlaybackTerminators: ['A'] }, 'InvalidActionParameter', 'PlaybackTerminators'],
    ['a terminator given as a string, not an array, is refused', { AudioSource: audio(), PlaybackTerminators: '#' }, 'InvalidActionParameter', 'PlaybackTerminators'],
  ],
  PlayAudioAndGetDigits: [
    ['a menu with prompt, failure prompt and timeout is accepted', digitsBase, OK],
    ['Min equal to Max (a fixed-length entry) is accepted', { ...digitsBase, MinNumberOfDigits: '4', MaxNumberOfDigits: '4' }, OK],
    ['a menu with a regex, terminators and attempts is accepted', { ...digitsBase, InputDigitsRegex: '^\\d{2}#$', TerminatorDigits: ['#', '*'], Repeat: 3 }, OK],
    ['a menu without RepeatDurationInMilliseconds is refused', { AudioSource: audio(), FailureAudioSource: audio() }, 'MissingRequiredActionParameter', 'RepeatDurationInMilliseconds'],
    ['a menu without a FailureAudioSource is refused', { AudioSource: audio(), RepeatDurationInMilliseconds: 3000 }, 'MissingRequiredActionParameter', 'FailureAudioSource'],
    ['a FailureAudioSource in another store type is an invalid audio source', { ...digitsBase, FailureAudioSource: { ...audio(), Type: 'HTTP' } }, 'InvalidAudioSource', 'FailureAudioSource.Type'],
    ['MaxNumberOfDigits below MinNumberOfDigits is refused', { ...digitsBase, MinNumberOfDigits: 5, MaxNumberOfDigits: 3 }, 'InvalidActionParameter', 'MaxNumberOfDigits'],
    ['a negative MinNumberOfDigits is refused', { ...digitsBase, MinNumberOfDigits: -1 }, 'InvalidActionParameter', 'MinNumberOfDigits'],
    ['an unparseable InputDigitsRegex is refused', { ...digitsBase, InputDigitsRegex: '^(\\d{2}$' }, 'InvalidActionParameter', 'InputDigitsRegex'],
    ['a zero RepeatDurationInMilliseconds is refused', { ...digitsBase, RepeatDurationInMilliseconds: '0' }, 'InvalidActionParameter', 'RepeatDurationInMilliseconds'],
    ['an "x" as terminator digit is refused', { ...digitsBase, TerminatorDigits: ['x'] }, 'InvalidActionParameter', 'TerminatorDigits'],
  ],
  Speak: [
    ['plain text is spoken', { Text: 'Hello, World!' }, OK],
    ['neural Matthew in en-US is accepted', { Text: 'Hi', Engine: 'neural', VoiceId: 'Matthew', LanguageCode: 'en-US' }, OK],
    ['SSML inside <speak> is accepted', { Text: '<speak>Hello <break time="1s"/> there</speak>', TextType: 'ssml' }, OK],
    ['exactly 1,000 characters are spoken', { Text: 'a'.repeat(1000) }, OK],
    ['a Speak without Text is refused', {}, 'MissingRequiredActionParameter', 'Text'],
    ['a Speak with empty Text is refused', { Text: '' }, 'MissingRequiredActionParameter', 'Text'],
    // AWS documents "Text is limited to 1,000 characters" under
    // MissingRequiredActionParameter (docs/aws/pstn-audio.md §4.3).
    ['a Speak longer than 1,000 characters is refused', { Text: 'a'.repeat(1001) }, 'MissingRequiredActionParameter', '1,000'],
    ['an unknown Engine is refused', { Text: 'Hi', Engine: 'turbo' }, 'InvalidActionParameter', 'Engine'],
    ['an unknown TextType is refused', { Text: 'Hi', TextType: 'html' }, 'InvalidActionParameter', 'TextType'],
    ['SSML text without <speak> is refused', { Text: 'Hello <break/>', TextType: 'ssml' }, 'InvalidActionParameter', 'Text'],
    ['a VoiceId that is no Polly voice name is refused', { Text: 'Hi', VoiceId: 'Joanna 2' }, 'InvalidActionParameter', 'VoiceId'],
    ['a malformed LanguageCode is refused', { Text: 'Hi', LanguageCode: 'english' }, 'InvalidActionParameter', 'LanguageCode'],
  ],
  SpeakAndGetDigits: [
    ['a spoken menu is accepted', speechBase, OK],
    ['a spoken menu with digit limits and attempts is accepted', { ...speechBase, MinNumberOfDigits: 1, MaxNumberOfDigits: '1', Repeat: '2' }, OK],
    ['a spoken menu without SpeechParameters is refused', { FailureSpeechParameters: { Text: 'x' }, RepeatDurationInMilliseconds: 1 }, 'MissingRequiredActionParameter', 'SpeechParameters'],
    ['a spoken menu without failure text is refused', { ...speechBase, FailureSpeechParameters: {} }, 'MissingRequiredActionParameter', 'FailureSpeechParameters.Text'],
    ['a menu prompt over 1,000 characters is refused', { ...speechBase, SpeechParameters: { Text: 'b'.repeat(1001) } }, 'MissingRequiredActionParameter', '1,000'],
    ['a spoken menu without RepeatDurationInMilliseconds is refused', { ...speechBase, RepeatDurationInMilliseconds: undefined }, 'MissingRequiredActionParameter', 'RepeatDurationInMilliseconds'],
    ['an unknown Engine in SpeechParameters is refused', { ...speechBase, SpeechParameters: { Text: 'x', Engine: 'loud' } }, 'InvalidActionParameter', 'SpeechParameters.Engine'],
    ['Max below Min is refused', { ...speechBase, MinNumberOfDigits: 3, MaxNumberOfDigits: 2 }, 'InvalidActionParameter', 'MaxNumberOfDigits'],
    ['Repeat 0 is refused', { ...speechBase, Repeat: 0 }, 'InvalidActionParameter', 'Repeat'],
  ],
  ReceiveDigits: [
    ['a background listener is armed', { InputDigitsRegex: '^\\d{2}#$', InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: '10000' }, OK],
    ['a listener without a regex is refused', { InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: 10000 }, 'MissingRequiredActionParameter', 'InputDigitsRegex'],
    ['a listener without a flush interval is refused', { InputDigitsRegex: '.', InBetweenDigitsDurationInMilliseconds: 1000 }, 'MissingRequiredActionParameter', 'FlushDigitsDurationInMilliseconds'],
    ['a listener without an in-between interval is refused', { InputDigitsRegex: '.', FlushDigitsDurationInMilliseconds: 1000 }, 'MissingRequiredActionParameter', 'InBetweenDigitsDurationInMilliseconds'],
    ['a listener with a broken regex is refused', { InputDigitsRegex: '[', InBetweenDigitsDurationInMilliseconds: 1000, FlushDigitsDurationInMilliseconds: 10000 }, 'InvalidActionParameter', 'InputDigitsRegex'],
    ['a non-numeric interval is refused', { InputDigitsRegex: '.', InBetweenDigitsDurationInMilliseconds: 'soon', FlushDigitsDurationInMilliseconds: 10000 }, 'InvalidActionParameter', 'InBetweenDigitsDurationInMilliseconds'],
  ],
  RecordAudio: [
    ['a voicemail recording to the bucket root is accepted', recording, OK],
    ['a recording with prefix, limits and silence detection is accepted', { ...recording, RecordingDestination: { Type: 'S3', BucketName: 'voicemail', Prefix: 'calls/2026' }, DurationInSeconds: '10', SilenceDurationInSeconds: 3, SilenceThreshold: 100 }, OK],
    ['a recording without terminators is refused', { RecordingDestination: recording.RecordingDestination }, 'MissingRequiredActionParameter', 'RecordingTerminators'],
    ['a recording without a destination is refused', { RecordingTerminators: ['#'] }, 'MissingRequiredActionParameter', 'RecordingDestination'],
    ['a recording destination that is not S3 is refused', { ...recording, RecordingDestination: { Type: 'EFS', BucketName: 'v' } }, 'InvalidActionParameter', 'RecordingDestination parameter value is invalid.'],
    ['a prefix with spaces is refused', { ...recording, RecordingDestination: { Type: 'S3', BucketName: 'v', Prefix: 'my calls' } }, 'InvalidActionParameter', 'Prefix'],
    ['a prefix longer than 979 characters is refused', { ...recording, RecordingDestination: { Type: 'S3', BucketName: 'v', Prefix: 'p'.repeat(980) } }, 'InvalidActionParameter', 'Prefix'],
    ['DurationInSeconds 0 is refused', { ...recording, DurationInSeconds: 0 }, 'InvalidActionParameter', 'DurationInSeconds'],
    ['SilenceDurationInSeconds over 1000 is refused', { ...recording, SilenceDurationInSeconds: 1001 }, 'InvalidActionParameter', 'SilenceDurationInSeconds'],
    ['SilenceThreshold 0 is refused', { ...recording, SilenceDurationInSeconds: 3, SilenceThreshold: 0 }, 'InvalidActionParameter', 'SilenceThreshold'],
    ['a letter as a recording terminator is refused', { ...recording, RecordingTerminators: ['D'] }, 'InvalidActionParameter', 'RecordingTerminators'],
  ],
  SendDigits: [
    ['DTMF with pauses and A–D is sent', { CallId: 'call-a', Digits: ',,*1234,56,7890ABCD#', ToneDurationInMilliseconds: 100 }, OK],
    ['50 symbols are sent', { CallId: 'call-a', Digits: '1'.repeat(50) }, OK],
    ['SendDigits without Digits is refused', { CallId: 'call-a' }, 'MissingRequiredActionParameter', 'Digits'],
    ['SendDigits without CallId is refused', { Digits: '1' }, 'MissingRequiredActionParameter', 'CallId'],
    ['51 symbols are refused', { CallId: 'call-a', Digits: '1'.repeat(51) }, 'InvalidActionParameter', 'Digits'],
    ['a lower-case "a" is refused', { CallId: 'call-a', Digits: '12a' }, 'InvalidActionParameter', 'position 3'],
    ['a tone of 20,000,000 ms is refused with AWS\'s ToneDuration message', { CallId: 'call-a', Digits: '1', ToneDurationInMilliseconds: 20000000 }, 'InvalidActionParameter', 'ToneDuration parameter value is invalid.'],
    ['a tone of 49 ms is refused', { CallId: 'call-a', Digits: '1', ToneDurationInMilliseconds: '49' }, 'InvalidActionParameter', 'ToneDurationInMilliseconds'],
  ],
  Pause: [
    ['a 3-second pause given as a string is accepted', { DurationInMilliseconds: '3000' }, OK],
    ['a pause without a duration is refused', {}, 'MissingRequiredActionParameter', 'DurationInMilliseconds'],
    ['a pause of 0 ms is refused', { DurationInMilliseconds: 0 }, 'InvalidActionParameter', 'DurationInMilliseconds'],
    ['a pause of "three seconds" is refused', { DurationInMilliseconds: 'three seconds' }, 'InvalidActionParameter', 'DurationInMilliseconds'],
  ],
  Hangup: [
    ['a plain hang-up is accepted', {}, OK],
    ['busy given as a string is accepted', { SipResponseCode: '486' }, OK],
    ['unavailable is accepted', { SipResponseCode: 480 }, OK],
    ['SIP code 404 is refused', { SipResponseCode: 404 }, 'InvalidActionParameter', 'SipResponseCode'],
    ['a leg that is not on the call is refused', { ParticipantTag: 'LEG-B' }, 'InvalidActionParameter', 'CallId or ParticipantTag parameter for action is invalid.'],
    ['a lower-case tag is refused', { ParticipantTag: 'leg-a' }, 'InvalidActionParameter', 'ParticipantTag'],
  ],
  CallAndBridge: [
    ['a PSTN bridge is accepted', bridge, OK],
    ['a Voice Connector bridge with ringback and x- headers is accepted', {
      CallTimeoutSeconds: '20', CallerIdNumber: '+18005550122', RingbackTone: audio('ring.wav'),
      Endpoints: [{ BridgeEndpointType: 'AWS', Arn: 'arn:aws:chime:us-east-1:012345678910:vc/abcdefg1hijklm2nopq3rs', Uri: '5550' }],
      SipHeaders: { 'x-Ticket': '42', 'User-to-User': 'abc;encoding=hex' },
    }, OK],
    ['a timeout of 120 seconds is accepted', { ...bridge, CallTimeoutSeconds: 120 }, OK],
    ['a bridge without a caller id is refused', { Endpoints: bridge.Endpoints }, 'MissingRequiredActionParameter', 'CallerIdNumber'],
    ['a caller id without "+" is refused', { ...bridge, CallerIdNumber: '2065550100' }, 'InvalidActionParameter', 'CallerIdNumber'],
    ['a bridge without endpoints is refused', { CallerIdNumber: bridge.CallerIdNumber }, 'MissingRequiredActionParameter', 'Endpoints'],
    ['an empty endpoint list is refused', { ...bridge, Endpoints: [] }, 'InvalidActionParameter', 'Endpoints'],
    ['two endpoints are refused', { ...bridge, Endpoints: [...bridge.Endpoints, ...bridge.Endpoints] }, 'InvalidActionParameter', 'Endpoints'],
    ['a PSTN endpoint with a short number is refused', { ...bridge, Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: '5550' }] }, 'InvalidActionParameter', 'Endpoints[0].Uri'],
    ['a SIP endpoint type is refused (not an SMA value)', { ...bridge, Endpoints: [{ BridgeEndpointType: 'SIP', Uri: 'sip:a@b' }] }, 'InvalidActionParameter', 'BridgeEndpointType'],
    ['an AWS endpoint without an ARN is refused', { ...bridge, Endpoints: [{ BridgeEndpointType: 'AWS', Uri: '5550' }] }, 'MissingRequiredActionParameter', 'Endpoints[0].Arn'],
    ['a timeout of 121 seconds is refused', { ...bridge, CallTimeoutSeconds: 121 }, 'InvalidActionParameter', 'CallTimeoutSeconds'],
    ['a timeout of 0 seconds is refused', { ...bridge, CallTimeoutSeconds: '0' }, 'InvalidActionParameter', 'CallTimeoutSeconds'],
    ['a reserved X-AMZN header is refused with AWS\'s message', { ...bridge, SipHeaders: { 'X-AMZN': 'x' } }, 'InvalidActionParameter', 'Invalid SIP header(s) provided: X-AMZN'],
    ['an arbitrary header is refused', { ...bridge, SipHeaders: { 'P-Asserted-Identity': 'x' } }, 'InvalidActionParameter', 'P-Asserted-Identity'],
    ['a header value over 2,048 characters is refused', { ...bridge, SipHeaders: { 'x-big': 'v'.repeat(2049) } }, 'InvalidActionParameter', 'SipHeaders.x-big'],
    ['a ringback tone not on S3 is an invalid audio source', { ...bridge, RingbackTone: { Type: 'URL', BucketName: 'b', Key: 'k' } }, 'InvalidAudioSource', 'RingbackTone.Type'],
  ],
  JoinChimeMeeting: [
    ['joining with a token and meeting id is accepted', { JoinToken: 'token-123', MeetingId: 'meeting-1' }, OK],
    ['joining without a token is refused', { MeetingId: 'meeting-1' }, 'MissingRequiredActionParameter', 'JoinToken'],
    ['joining LEG-B is refused (LEG-A only)', { JoinToken: 't', ParticipantTag: 'LEG-B' }, 'InvalidActionParameter', 'CallId or ParticipantTag'],
    ['a numeric token is refused', { JoinToken: 12345 }, 'InvalidActionParameter', 'JoinToken'],
  ],
  ModifyChimeMeetingAttendees: [
    ['muting one attendee is accepted', meeting, OK],
    ['unmuting 100 attendees is accepted', { ...meeting, Operation: 'Unmute', AttendeeList: Array.from({ length: 100 }, (_, i) => `a${i}`) }, OK],
    ['an operation other than Mute/Unmute is refused with AWS\'s message', { ...meeting, Operation: 'Kick' }, 'InvalidActionParameter', 'The ModifyChimeMeetingAttendees Operation parameter value is invalid'],
    ['an empty attendee list is refused', { ...meeting, AttendeeList: [] }, 'InvalidActionParameter', 'Attendee List parameter value is invalid.'],
    ['101 attendees are refused', { ...meeting, AttendeeList: Array.from({ length: 101 }, (_, i) => `a${i}`) }, 'InvalidActionParameter', 'AttendeeList'],
    ['a missing meeting id is refused', { Operation: 'Mute', AttendeeList: ['a'] }, 'MissingRequiredActionParameter', 'MeetingId'],
    ['a missing operation is refused', { MeetingId: 'm', AttendeeList: ['a'] }, 'MissingRequiredActionParameter', 'Operation'],
  ],
  StartBotConversation: [
    ['a bot with defaults is accepted', bot, OK],
    ['a bot with a welcome message and session attributes is accepted', {
      ...bot, LocaleId: 'en_GB',
      Configuration: {
        SessionState: { SessionAttributes: { mykey1: 'myvalue1' }, DialogAction: { Type: 'ElicitIntent' } },
        WelcomeMessages: [{ Content: 'Welcome. How can I help you?', ContentType: 'PlainText' }],
      },
    }, OK],
    ['a bot without an alias ARN is refused', {}, 'MissingRequiredActionParameter', 'BotAliasArn'],
    ['a bot id instead of an alias ARN is refused', { BotAliasArn: 'ABCDEFGHIH' }, 'InvalidActionParameter', 'BotAliasArn'],
    ['a locale written en-US is refused', { ...bot, LocaleId: 'en-US' }, 'InvalidActionParameter', 'LocaleId'],
    ['a welcome message with Delegate is refused', { ...bot, Configuration: { SessionState: { DialogAction: { Type: 'Delegate' } }, WelcomeMessages: [{ Content: 'Hi', ContentType: 'PlainText' }] } }, 'InvalidActionParameter', 'DialogAction.Type'],
    ['a welcome message without a ContentType is refused', { ...bot, Configuration: { WelcomeMessages: [{ Content: 'Hi' }] } }, 'MissingRequiredActionParameter', 'WelcomeMessages[0].ContentType'],
    ['a non-string session attribute is refused', { ...bot, Configuration: { SessionState: { SessionAttributes: { n: 1 } } } }, 'InvalidActionParameter', 'SessionAttributes'],
    ['a Configuration over 10 KB is refused', { ...bot, Configuration: { WelcomeMessages: [{ Content: 'x'.repeat(10 * 1024), ContentType: 'PlainText' }] } }, 'InvalidActionParameter', 'Configuration'],
  ],
  VoiceFocus: [
    ['turning Voice Focus on is accepted', { Enable: true, CallId: 'call-a' }, OK],
    ['Enable "false" is read as a boolean', { Enable: 'false', CallId: 'call-a' }, OK],
    ['Voice Focus without Enable is refused', { CallId: 'call-a' }, 'MissingRequiredActionParameter', 'Enable'],
    ['Voice Focus without CallId is refused', { Enable: true }, 'MissingRequiredActionParameter', 'CallId'],
    ['Enable 1 is refused', { Enable: 1, CallId: 'call-a' }, 'InvalidActionParameter', 'Enable'],
  ],
  StartCallRecording: [
    ['recording both tracks to a bucket prefix is accepted', startRecording, OK],
    ['recording the incoming track to a bucket root is accepted', { ...startRecording, Track: 'INCOMING', Destination: { Type: 'S3', Location: 'recordings' } }, OK],
    ['recording without a Track is refused', { CallId: 'call-a', Destination: startRecording.Destination }, 'MissingRequiredActionParameter', 'Track'],
    ['an unknown Track is refused', { ...startRecording, Track: 'LEFT' }, 'InvalidActionParameter', 'Track'],
    ['recording without a destination is refused', { CallId: 'call-a', Track: 'BOTH' }, 'MissingRequiredActionParameter', 'Destination'],
    ['a destination without a Location is refused', { ...startRecording, Destination: { Type: 'S3' } }, 'MissingRequiredActionParameter', 'Destination.Location'],
    ['a Location starting with "/" is refused', { ...startRecording, Destination: { Type: 'S3', Location: '/calls' } }, 'InvalidActionParameter', 'Destination.Location'],
    ['recording without CallId is refused', { Track: 'BOTH', Destination: startRecording.Destination }, 'MissingRequiredActionParameter', 'CallId'],
    ['recording a leg that is not on the call is refused', { ...startRecording, CallId: 'call-zz' }, 'InvalidActionParameter', 'call-zz'],
  ],
  StopCallRecording: [
    ['stopping the recording of a leg is accepted', { CallId: 'call-a' }, OK],
    ['stopping without CallId is refused', {}, 'MissingRequiredActionParameter', 'CallId'],
    ['stopping on an unknown leg is refused', { CallId: 'nope' }, 'InvalidActionParameter', 'nope'],
  ],
  PauseCallRecording: [
    ['pausing the recording of a leg is accepted', { CallId: 'call-a' }, OK],
    ['pausing without CallId is refused', { ParticipantTag: 'LEG-A' }, 'MissingRequiredActionParameter', 'CallId'],
  ],
  ResumeCallRecording: [
    ['resuming the recording of a leg is accepted', { CallId: 'call-a' }, OK],
    ['resuming without CallId is refused', { CallId: '' }, 'MissingRequiredActionParameter', 'CallId'],
  ],
};

/** The call each table is checked on: a lone caller, except where the action needs a second leg. */
const CALL: Partial<Record<ActionType, ActionContext>> = { ModifyChimeMeetingAttendees: bridgedFromB };

describe.each(ACTION_TYPES)('%s', (type) => {
  const call = CALL[type] ?? oneLeg;

  it('has cases AWS accepts and cases it refuses', () => {
    const outcomes = new Set(CASES[type].map(([, , expected]) => expected === OK));
    expect(outcomes).toEqual(new Set([true, false]));
  });

  it.each(CASES[type])('%s', (_title, parameters, expected, mentions) => {
    const result = checkAction({ Type: type, Parameters: parameters }, call);
    if (expected === OK) {
      expect(result).toMatchObject({ ok: true, action: { Type: type } });
      // What the simulator echoes or re-checks is accepted again, unchanged.
      if (result.ok) expect(checkAction(result.action, call)).toEqual(result);
    } else {
      expect(result).toMatchObject({ ok: false, errorType: expected });
      if (mentions && !result.ok) expect(result.errorMessage).toContain(mentions);
    }
  });
});
